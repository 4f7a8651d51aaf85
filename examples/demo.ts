/**
 * A short guided tour of dmemfs: `npm run demo`. Each step prints what happens, with numbers
 * measured as it runs. The examples next to this file go deeper into each use case.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { MemoryFileSystem, MFSQuotaExceededError } from 'dmemfs';
import { createArchive, expandArchive } from 'dmemfs/archive';
import type { FailureReport } from 'dmemfs/vitest';
import { exportedAttempts, SampleProject } from './ci-failure-export-project.js';

/** One step of the tour. */
interface DemoStep {
  readonly title: string;
  run(): void | Promise<void>;
}

const KiB = 1024;
const show = (label: string, value: unknown) =>
  console.log(`  ${label}: ${typeof value === 'string' ? value : inspect(value, { breakLength: Infinity })}`);
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

const quotaRefusal: DemoStep = {
  title: 'A hard quota: a write that does not fit is refused before anything is allocated',
  run() {
    const mfs = new MemoryFileSystem({ maxQuota: 64 * KiB });
    mfs.mkdir('/data');
    mfs.writeFile('/data/hello.txt', 'hello from memory\n');
    const before = mfs.stats().usedBytes;
    show('a 64 KiB filesystem holds', mfs.listdir('/data'));
    try {
      mfs.writeFile('/data/huge.bin', Buffer.alloc(100 * KiB));
    } catch (error) {
      if (!(error instanceof MFSQuotaExceededError)) throw error;
      show('writing 100 KiB', `${error.code} (requested ${error.requested}, available ${error.available})`);
    }
    show('/data/huge.bin exists', mfs.exists('/data/huge.bin'));
    show('usedBytes before and after', `${before} → ${mfs.stats().usedBytes}`);
  },
};

const archiveExpansion: DemoStep = {
  title: 'An archive expanded into memory, all or nothing',
  async run() {
    const source = new MemoryFileSystem();
    source.importTree({
      '/site/index.html': '<h1>hello</h1>',
      '/site/assets/app.js': 'console.log("hi")',
      '/site/assets/logo.svg': '<svg/>',
    });
    const zip = await createArchive(source, { format: 'zip', prefix: '/site' });
    const mfs = new MemoryFileSystem({ maxQuota: 1024 * KiB });
    show(`expanding a ${zip.length}-byte zip`, await expandArchive(mfs, zip, '/www'));
    for (const [dir, , files] of mfs.walk('/www')) show(dir, files);
    const tiny = new MemoryFileSystem({ maxQuota: 512 });
    const refused = await expandArchive(tiny, zip, '/www').catch((error: Error) => error);
    show(
      'into a 512-byte quota',
      `${(refused as MFSQuotaExceededError).code}; /www exists: ${tiny.exists('/www')}`,
    );
  },
};

const snapshotFork: DemoStep = {
  title: 'Snapshots: build a fixture tree once, fork it per test without copying',
  run() {
    const fixtures = new MemoryFileSystem();
    const tree = new Map<string, string>();
    for (let i = 0; i < 2_000; i++)
      tree.set(`/fixtures/users/${i}.json`, JSON.stringify({ id: i, name: `user ${i}` }));
    fixtures.importTree(tree);
    let started = performance.now();
    const snap = fixtures.snapshot('/fixtures');
    show('snapshot of 2,000 files', ms(performance.now() - started));
    started = performance.now();
    const fork = MemoryFileSystem.fromSnapshot(snap);
    show('a fork from it', ms(performance.now() - started));
    fork.writeFile('/fixtures/users/7.json', '{"id":7,"name":"changed by a test"}');
    fork.remove('/fixtures/users/8.json');
    const user7 = (fs: MemoryFileSystem) => fs.readFile('/fixtures/users/7.json', 'utf8');
    show('the fork after its test', `${fork.stats().fileCount} files, 7.json = ${user7(fork)}`);
    show('the original', `${fixtures.stats().fileCount} files, 7.json = ${user7(fixtures)}`);
    show('the snapshot as bytes, for other workers', `${snap.toBytes().byteLength} bytes`);
  },
};

const failingTestExport: DemoStep = {
  title: "A failing test's tree, exported for post-mortem (a real Vitest run on a sample project)",
  async run() {
    const started = performance.now();
    const project = new SampleProject();
    try {
      const run = await project.run('vitest');
      const root = project.projectOf('vitest');
      const path = (to: string) => relative(root, to).split(sep).join('/');
      const attempts = exportedAttempts(join(root, '.dmemfs-failures'));
      for (const { fullName, status } of run.tests) show(status, fullName);
      for (const attempt of attempts) {
        const report = JSON.parse(readFileSync(join(attempt, 'failure.json'), 'utf8')) as FailureReport;
        show('exported to', `${path(attempt)}/`);
        show('failure.json', `${JSON.stringify(report.test)}: ${report.errors.join('; ')}`);
        for (const file of report.files) console.log(`    ${report.tree}${file.path} (${file.size} bytes)`);
        show(
          '/out/summary.json as the test left it',
          readFileSync(join(attempt, 'tree/out/summary.json'), 'utf8').trim(),
        );
      }
      show('exported attempts, one per failing test', attempts.length);
    } finally {
      project[Symbol.dispose]();
    }
    show(
      'vitest run on a temporary copy of examples/ci-failure-export/vitest',
      ms(performance.now() - started),
    );
  },
};

const sqliteClone: DemoStep = {
  title: 'SQLite fixtures: a master database built once, cloned per test',
  async run() {
    let sqlite: typeof import('dmemfs/sqlite');
    try {
      sqlite = await import('dmemfs/sqlite');
    } catch (error) {
      // better-sqlite3 is an optional peer dependency; without it, this step has nothing to show.
      const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
      if (!missing || !String((error as Error).message).includes('better-sqlite3')) throw error;
      show('skipped', (error as Error).message);
      return;
    }
    const cache = new sqlite.SqliteMasterCache({ maxQuota: 64 * 1024 * KiB });
    let started = performance.now();
    const master = cache.master('shop', (db) => {
      db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, cents INTEGER NOT NULL)');
      const insert = db.prepare('INSERT INTO orders (customer, cents) VALUES (?, ?)');
      db.transaction(() => {
        for (let i = 0; i < 50_000; i++) insert.run(`customer-${i % 500}`, (i * 37) % 10_000);
      })();
    });
    show('built the master (50,000 orders)', `${ms(performance.now() - started)}, ${master.bytes} bytes`);
    const times: number[] = [];
    for (let test = 0; test < 20; test++) {
      started = performance.now();
      const db = master.clone();
      db.prepare('SELECT count(*) FROM orders').pluck().get();
      times.push(performance.now() - started);
      db.exec(`DELETE FROM orders WHERE customer = 'customer-${test}'`); // each test changes its own copy
      db.close();
    }
    times.sort((a, b) => a - b);
    show('20 clones, each ready to query', `median ${ms(times[10])}, slowest ${ms(times[19])}`);
    const check = master.clone({ readonly: true });
    show('orders in a new clone', check.prepare('SELECT count(*) FROM orders').pluck().get());
    check.close();
  },
};

const steps: readonly DemoStep[] = [
  quotaRefusal,
  archiveExpansion,
  snapshotFork,
  failingTestExport,
  sqliteClone,
];

for (const [index, step] of steps.entries()) {
  console.log(`\n${index + 1}. ${step.title}`);
  await step.run();
}
console.log('\nMore in examples/: each use case as a program you can run, with a short tutorial.');
