/**
 * `dmemfs/jest-environment` end to end: real Jest child processes on sample projects that use the
 * package as published, in native ES-module mode (`test/e2e/fixtures/jest-project`) and as plain
 * CommonJS (`test/e2e/fixtures/jest-commonjs`), then checks of the exported trees, their
 * `failure.json`, the stderr announcements and the JSON report.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attemptExportDirectory, exportedAttempts, readExport } from './failure-exports.js';
import {
  createProject,
  type RunResult,
  repository,
  runJest,
  type ScratchProject,
} from './scratch-project.js';

const fixtures = join(repository, 'test/e2e/fixtures');
const version = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')).version;

interface Run {
  project: ScratchProject;
  root: string;
  result: RunResult;
}

const runs: Record<'esm' | 'commonjs' | 'off' | 'dir' | 'blocked', Run> = {} as never;
let startedAt: number;

async function sampleRun(
  fixture: string,
  options: { env?: Record<string, string>; esm?: boolean },
  prepare: (root: string) => void = () => {},
): Promise<Run> {
  const project = await createProject(join(fixtures, fixture));
  const root = realpathSync(project.dir);
  prepare(root);
  return { project, root, result: await runJest(root, options) };
}

beforeAll(async () => {
  startedAt = Date.now();
  [runs.esm, runs.commonjs, runs.off, runs.dir, runs.blocked] = await Promise.all([
    sampleRun('jest-project', { esm: true }, prepareStaleExports),
    sampleRun('jest-commonjs', {}),
    sampleRun('jest-commonjs', { env: { DMEMFS_FAILURE_EXPORT: 'off' } }),
    sampleRun('jest-commonjs', { env: { DMEMFS_FAILURE_DIR: 'build/failures' } }),
    sampleRun('jest-commonjs', { env: { DMEMFS_FAILURE_DIR: 'not-a-directory' } }, (root) =>
      writeFileSync(join(root, 'not-a-directory'), 'a file where the failure directory would go'),
    ),
  ]);
}, 240_000);

afterAll(() => {
  for (const run of Object.values(runs)) run?.project.remove();
});

/** Exports a previous run left: one for a test that passes now, two attempts of one that fails once. */
function prepareStaleExports(root: string): void {
  for (const [name, attempt] of [
    ['passes now', 1],
    ['fails again, once', 2],
  ] as const) {
    const directory = attemptExportDirectory(
      join(root, '.dmemfs-failures'),
      'main/stale.test.js',
      name,
      attempt,
    );
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'failure.json'), '{"stale":true}');
  }
}

function statuses(run: Run): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const file of run.result.report.testResults) {
    const fileName = file.name.slice(run.root.length + 1);
    expect(file.message === '' || file.assertionResults.some((test) => test.status === 'failed')).toBe(true);
    for (const test of file.assertionResults) {
      byName[`${fileName} > ${[...test.ancestorTitles, test.title].join(' > ')}`] = test.status;
    }
  }
  return byName;
}

function assertion(run: Run, file: string, fullName: string) {
  const found = run.result.report.testResults
    .find((entry) => entry.name === join(run.root, file))
    ?.assertionResults.find((test) => [...test.ancestorTitles, test.title].join(' > ') === fullName);
  if (found === undefined) throw new Error(`no result for ${file} > ${fullName}`);
  return found;
}

const failuresOf = (run: Run) => join(run.root, '.dmemfs-failures');

describe('dmemfs/jest-environment in a real Jest run (ES modules)', () => {
  test('passes and fails exactly the tests the sample expects to', () => {
    expect(statuses(runs.esm)).toEqual({
      'main/basics.test.js > gives the test a MemoryFileSystem': 'passed',
      'main/basics.test.js > gives the next test a new, empty one': 'passed',
      'main/basics.test.js > hooks > see the same filesystem as the test': 'passed',
      "main/basics.test.js > errors come from the environment's copy of dmemfs: match them by code and name":
        'passed',
      "main/basics.test.js > buffers are instances of the test's Buffer and Uint8Array": 'passed',
      'main/concurrent.test.js > alpha keeps its own tree': 'passed',
      'main/concurrent.test.js > beta keeps its own tree': 'passed',
      'main/concurrent.test.js > gamma keeps its own tree': 'failed',
      'main/database.test.js > a test changes its own clone': 'passed',
      'main/database.test.js > the next test starts from the master again': 'passed',
      'main/database.test.js > clones are independent of each other': 'passed',
      'main/failing-flag.test.js > fails as expected': 'passed',
      'main/failing-flag.test.js > passes although it should fail': 'failed',
      'main/failing.test.js > reports > writes the summary': 'failed',
      'main/hooks.test.js > a failing beforeEach > never runs its body': 'failed',
      'main/hooks.test.js > a failing afterEach > runs its body': 'failed',
      'main/retries.test.js > passes on its third attempt': 'passed',
      'main/retries.test.js > fails on every attempt': 'failed',
      'main/stale.test.js > passes now': 'passed',
      'main/stale.test.js > fails again, once': 'failed',
      'seeded/seeded.test.js > starts from the seed tree': 'passed',
      'seeded/seeded.test.js > starts from the seed again after another test changed its copy': 'passed',
      'seeded/seeded.test.js > exports the seed and its changes when it fails': 'failed',
      'seeded/seeded.test.js > leaves no global named after the options key': 'passed',
      'snapshot/snapshot.test.js > starts from the snapshot file': 'passed',
      'snapshot/snapshot.test.js > starts from it again': 'passed',
      'formats/zip.test.js > exports a zip': 'failed',
      'formats/tar-gz.test.js > exports a tar.gz': 'failed',
    });
    expect(runs.esm.result.exitCode).toBe(1);
  });

  test('a failing body exports the tree, open files included, with failure.json, and says where', async () => {
    const run = runs.esm;
    const path = attemptExportDirectory(
      failuresOf(run),
      'main/failing.test.js',
      'reports > writes the summary',
      1,
    );
    const { report, tree } = await readExport(path);
    expect(tree).toEqual({
      out: '<dir>',
      'out/empty': '<dir>',
      'out/partial.log': 'still open',
      'out/summary.txt': 'total: 3\n',
    });
    expect(report).toEqual({
      test: 'reports > writes the summary',
      titlePath: ['reports', 'writes the summary'],
      file: 'main/failing.test.js',
      runner: 'jest',
      attempt: 1,
      errors: [expect.stringContaining('expect(received).toBe(expected) // Object.is equality')],
      format: 'directory',
      tree: 'tree',
      exportedAt: expect.any(Number),
      stats: expect.objectContaining({ fileCount: 2, dirCount: 3, usedBytes: 19 + 2 * 256 }),
      files: [
        { path: '/out/summary.txt', size: 9 },
        { path: '/out/partial.log', size: 10 },
      ],
      dmemfsVersion: version,
    });
    expect(report.errors[0]).toContain('+ total: 3');
    expect(report.exportedAt).toBeGreaterThanOrEqual(startedAt);
    expect(run.result.stderr).toContain(
      `dmemfs: test "reports > writes the summary" failed; its filesystem was exported to ${path}`,
    );
    const failed = assertion(run, 'main/failing.test.js', 'reports > writes the summary');
    expect(failed.failureMessages).toHaveLength(1);
    expect(failed.failureMessages[0]).toContain('+ total: 3');
  });

  test('a failing beforeEach or afterEach exports the tree as the hooks left it', async () => {
    const failures = failuresOf(runs.esm);
    const file = 'main/hooks.test.js';
    const before = await readExport(
      attemptExportDirectory(failures, file, 'a failing beforeEach > never runs its body', 1),
    );
    expect(before.tree).toEqual({ 'prepared.txt': 'prepared' });
    expect(before.report.errors).toEqual(['setup broke']);
    const after = await readExport(
      attemptExportDirectory(failures, file, 'a failing afterEach > runs its body', 1),
    );
    expect(after.tree).toEqual({ 'body.txt': 'body', 'cleanup.txt': 'cleanup' });
    expect(after.report.errors).toEqual(['cleanup broke']);
  });

  test('each failing attempt of a retried test is its own export, from its own filesystem', async () => {
    const failures = failuresOf(runs.esm);
    const file = 'main/retries.test.js';
    const flaky = 'passes on its third attempt';
    expect(exportedAttempts(failures, file, flaky)).toEqual(['attempt-1', 'attempt-2']);
    for (const attempt of [1, 2]) {
      const { report, tree } = await readExport(attemptExportDirectory(failures, file, flaky, attempt));
      expect(tree).toEqual({ 'attempt.txt': `attempt ${attempt}` });
      expect(report.attempt).toBe(attempt);
      expect(report.errors).toEqual([expect.stringContaining(`Received: ${attempt}`)]);
    }
    const broken = 'fails on every attempt';
    expect(exportedAttempts(failures, file, broken)).toEqual(['attempt-1', 'attempt-2', 'attempt-3']);
    const last = await readExport(attemptExportDirectory(failures, file, broken, 3));
    expect(last.report.errors).toEqual(['broken on attempt 3']);
    expect(last.tree).toEqual({ 'attempt.txt': 'attempt 3' });
  });

  test('test.failing exports nothing when it fails as expected, and exports when it passes', async () => {
    const failures = failuresOf(runs.esm);
    const file = 'main/failing-flag.test.js';
    expect(exportedAttempts(failures, file, 'fails as expected')).toEqual([]);
    const { report, tree } = await readExport(
      attemptExportDirectory(failures, file, 'passes although it should fail', 1),
    );
    expect(tree).toEqual({ 'unexpected.txt': 'passed' });
    expect(report.errors).toEqual([
      'Failing test passed even though it was supposed to fail. Remove `.failing` to remove error.',
    ]);
  });

  test('concurrent tests each see their own mfs, and only the failing one is exported', async () => {
    const failures = failuresOf(runs.esm);
    const file = 'main/concurrent.test.js';
    expect(exportedAttempts(failures, file, 'alpha keeps its own tree')).toEqual([]);
    expect(exportedAttempts(failures, file, 'beta keeps its own tree')).toEqual([]);
    const { tree } = await readExport(attemptExportDirectory(failures, file, 'gamma keeps its own tree', 1));
    expect(tree).toEqual({ 'gamma.txt': 'gamma' });
  });

  test('a seed tree from the options is forked per test and exported with the failing test changes', async () => {
    const { tree } = await readExport(
      attemptExportDirectory(
        failuresOf(runs.esm),
        'seeded/seeded.test.js',
        'exports the seed and its changes when it fails',
        1,
      ),
    );
    expect(tree).toEqual({
      empty: '<dir>',
      src: '<dir>',
      'src/index.js': 'changed\n',
      'src/lib': '<dir>',
      'src/lib/util.js': '// util\n',
    });
  });

  test('zip and tar.gz exports hold the same tree, empty directories included', async () => {
    for (const [file, name, format, text] of [
      ['formats/zip.test.js', 'exports a zip', 'zip', 'zipped\n'],
      ['formats/tar-gz.test.js', 'exports a tar.gz', 'tar.gz', 'tarred\n'],
    ]) {
      const { report, tree } = await readExport(attemptExportDirectory(failuresOf(runs.esm), file, name, 1));
      expect(report.format).toBe(format);
      expect(tree).toEqual({ logs: '<dir>', 'logs/app.log': text, 'logs/empty': '<dir>' });
    }
  });

  test('a pass removes the stale export of its test; a first attempt replaces earlier runs', () => {
    const failures = failuresOf(runs.esm);
    expect(exportedAttempts(failures, 'main/stale.test.js', 'passes now')).toEqual([]);
    expect(exportedAttempts(failures, 'main/stale.test.js', 'fails again, once')).toEqual(['attempt-1']);
  });

  test('passing tests export nothing', () => {
    const failures = failuresOf(runs.esm);
    for (const file of ['main/basics.test.js', 'main/database.test.js', 'snapshot']) {
      expect(existsSync(join(failures, file))).toBe(false);
    }
  });
});

describe('dmemfs/jest-environment in a CommonJS project, and the failure-export settings', () => {
  const own = 'fails with its own error';

  test('loads without ES-module mode, gives each test its mfs and exports failures', async () => {
    const run = runs.commonjs;
    expect(statuses(run)).toEqual({
      'settings.test.js > passes': 'passed',
      [`settings.test.js > ${own}`]: 'failed',
    });
    const path = attemptExportDirectory(failuresOf(run), 'settings.test.js', own, 1);
    const { report, tree } = await readExport(path);
    expect(tree).toEqual({ 'evidence.txt': 'evidence' });
    expect(report.errors).toEqual(['the test’s own error']);
    expect(run.result.stderr).toContain(`its filesystem was exported to ${path}`);
  });

  test('DMEMFS_FAILURE_EXPORT=off exports and announces nothing', () => {
    const run = runs.off;
    expect(statuses(run)[`settings.test.js > ${own}`]).toBe('failed');
    expect(existsSync(failuresOf(run))).toBe(false);
    expect(run.result.stderr).not.toContain('dmemfs:');
  });

  test('DMEMFS_FAILURE_DIR moves the exports, relative to the root directory', async () => {
    const run = runs.dir;
    const path = attemptExportDirectory(join(run.root, 'build/failures'), 'settings.test.js', own, 1);
    expect((await readExport(path)).tree).toEqual({ 'evidence.txt': 'evidence' });
    expect(existsSync(failuresOf(run))).toBe(false);
  });

  test('an export that fails is announced, and the test fails with its own error only', () => {
    const run = runs.blocked;
    const path = attemptExportDirectory(join(run.root, 'not-a-directory'), 'settings.test.js', own, 1);
    expect(run.result.stderr).toContain(
      `dmemfs: test "${own}" failed, and exporting its filesystem to ${path} failed too: Error: ENOTDIR`,
    );
    const failed = assertion(run, 'settings.test.js', own);
    expect(failed.status).toBe('failed');
    expect(failed.failureMessages).toHaveLength(1);
    expect(failed.failureMessages[0]).toMatch(/^Error: the test’s own error/);
    expect(statuses(run)['settings.test.js > passes']).toBe('passed');
  });
});
