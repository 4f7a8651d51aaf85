/**
 * Every example in `examples/` run as a user runs it (`node --import tsx examples/<name>.ts`, from
 * the repository, with `dmemfs` resolved by name), with small sizes, checking what it prints and how
 * it exits. Timings are printed by the examples but never asserted here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeRun, type NodeRun, repository, runTypeScript } from './run-node.js';

const examples = join(repository, 'examples');

/** Runs an example and expects it to succeed. */
async function runExample(name: string, args: readonly string[] = []): Promise<NodeRun> {
  const run = await runTypeScript(join(examples, name), args);
  expect(run.code, describeRun(run)).toBe(0);
  return run;
}

/** The one output line matching `pattern`, as its match. */
function lineOf(run: NodeRun, pattern: RegExp): RegExpMatchArray {
  const lines = run.stdout.split('\n').filter((line) => pattern.test(line));
  expect(lines.length, `one line matching ${pattern}\n${describeRun(run)}`).toBe(1);
  return lines[0].match(pattern)!;
}

/** The output lines, trimmed, that start with one of `prefixes`, in order. */
function linesStarting(run: NodeRun, prefixes: readonly string[]): string[] {
  return run.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => prefixes.some((prefix) => line.startsWith(prefix)));
}

/** The example each tutorial (`examples/<name>.md`) explains, and that the tests below run. */
const TUTORIAL_EXAMPLES = [
  'archive-extraction',
  'ci-failure-export',
  'etl-staging',
  'large-file-processing',
  'sqlite-shared-store',
  'sqlite-test-fixtures',
];

describe('examples', () => {
  test('every tutorial has its example, and the README links every tutorial', () => {
    const tutorials = readdirSync(examples)
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.slice(0, -3));
    expect(tutorials.sort()).toEqual(TUTORIAL_EXAMPLES);
    const readme = readFileSync(join(repository, 'README.md'), 'utf8');
    for (const name of tutorials) {
      expect(readdirSync(examples)).toContain(`${name}.ts`);
      expect(readme).toContain(`](examples/${name}.md)`);
    }
  });

  test('archive-extraction: atomic and streaming expansion, hostile names, a custom adapter', async () => {
    const run = await runExample('archive-extraction.ts');
    expect(run.stderr).toBe('');
    expect(lineOf(run, /^ {2}expanded: (.*)$/)[1]).toBe('{ files: 4, directories: 5, bytes: 196685 }');
    expect(run.stdout).toContain('empty directory kept: true');
    // The atomic expansion that does not fit leaves nothing behind.
    expect(lineOf(run, /into a 128 KiB quota: (ENOSPC): MFS quota exceeded/)[1]).toBe('ENOSPC');
    expect(run.stdout).toContain('afterwards, /releases exists: false');
    expect(run.stdout).toContain('afterwards, usedBytes: 0');
    // The streaming one keeps the files completed before the failure, and removes the half-written one.
    expect(run.stdout).toContain('files written: 4');
    expect(run.stdout).toContain('ENOSPC while writing /releases/v1/data/lookup.bin');
    expect(run.stdout).toContain(
      "kept (not atomic): [ '/releases/v1/README.md', '/releases/v1/lib/index.js', '/releases/v1/lib/util.js' ]",
    );
    expect(run.stdout).toContain('the file being written was removed: true');
    expect(run.stdout).toContain('first line {"bundle":1}');
    expect(run.stdout).toContain('same bytes: true');
    expect(linesStarting(run, ['expandArchive', 'expandArchiveStreaming'])).toEqual([
      'expandArchive: EINVAL: Unsafe archive entry name "../../home/user/.bashrc": it contains a ".." segment.',
      'expandArchive, files left: []',
      'expandArchiveStreaming: EINVAL: Unsafe archive entry name "../../home/user/.bashrc": it contains a ".." segment.',
      "expandArchiveStreaming, files left: [ '/upload/notes.txt' ]",
    ]);
    const [, used, chunks] = lineOf(run, /usedBytes: (\d+) \(the data, plus 256 bytes for each of (\d+)/);
    expect(Number(used)).toBe(196685 + 256 * Number(chunks));
  });

  test('sqlite-test-fixtures: every test starts from the master; clones are timed', async () => {
    const run = await runExample('sqlite-test-fixtures.ts', ['--tests', '12', '--orders', '2000']);
    expect(run.stderr).toBe('');
    const [, image] = lineOf(run, /image: (\d+) bytes/);
    expect(
      lineOf(run, /clone and first query: median ([\d.]+) ms, p95 ([\d.]+) ms/)
        .slice(1)
        .map(Number),
    ).toEqual([expect.any(Number), expect.any(Number)]);
    expect(run.stdout).toContain("tests that started from the master's 2000 orders: 12 of 12");
    expect(run.stdout).toContain('orders in a new clone after all that: 2000');
    expect(run.stdout).toContain('a { readonly: true } clone refuses writes: SQLITE_READONLY');
    expect(
      lineOf(run, /rebuild from schema and seed rows, and first query: median [\d.]+ ms over 5 runs/),
    ).toBeTruthy();
    expect(lineOf(run, /adopted (\d+) bytes; orders in its clone: 2000/)[1]).toBe(image);
    expect(lineOf(run, /ENOSPC: SQLite master 'shop' needs (\d+) bytes/)[1]).toBe(image);
    expect(run.stdout).toContain('cached after the refusal: []');
  });

  test('sqlite-shared-store: one live database, saved by the last close', async () => {
    const run = await runExample('sqlite-shared-store.ts');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('open connections: 2; the dashboard sees 1 event(s) at once');
    expect(run.stdout).toContain('saved file while live: no file yet');
    expect(lineOf(run, /after the last close: 0 connections, saved file (\d+) bytes/)).toBeTruthy();
    expect(run.stdout).toContain('connections open at once: 3; after the tasks: 0');
    const [, restored] = lineOf(run, /restored from \/state\/pipeline\.sqlite: (.*)$/);
    expect(JSON.parse(restored)).toEqual([
      { source: 'clicks', n: 4 },
      { source: 'orders', n: 6 },
      { source: 'payments', n: 3 },
      { source: 'setup', n: 1 },
    ]);
    const [, before, after] = lineOf(
      run,
      /saved file: (\d+) bytes before, (\d+) after flush\(\); still live: 1/,
    );
    expect(Number(after)).toBeGreaterThan(Number(before));
    expect(lineOf(run, /close\(\) threw (ENOSPC): MFS quota exceeded/)[1]).toBe('ENOSPC');
    expect(run.stdout).toContain('the connection is still open: true; store.connections = 1');
    expect(run.stdout).toContain('events: 16 in the live database, 15 in the saved file');
    expect(lineOf(run, /after freeing space, close\(\) saved \d+ bytes; connections: 0/)).toBeTruthy();
  });

  test('etl-staging: FIFO lock waiting, timeouts, and workers exchanging snapshots', async () => {
    const run = await runExample('etl-staging.ts', ['--rows', '1200']);
    expect(run.stderr).toBe('');
    expect(linesStarting(run, ['extract-'])).toEqual([
      'extract-A asks for /staging/events.ndjson',
      'extract-B asks for /staging/events.ndjson',
      'extract-C asks for /staging/events.ndjson',
      'extract-A has it',
      'extract-B has it',
      'extract-C has it',
    ]);
    expect(run.stdout).toContain('staged lines, never interleaved: A A A B B C C');
    // reader-2 arrives after the writer, so it waits for it even though reader-1 only reads.
    expect(linesStarting(run, ['reader-', 'compactor'])).toEqual([
      'reader-1 asks to read',
      'compactor asks to write',
      'reader-2 asks to read',
      'reader-1 reads 7 lines',
      'compactor kept the last line of each source: 3 lines',
      'reader-2 reads 3 lines',
    ]);
    expect(run.stdout).toContain('loader with lockTimeout 50: EAGAIN');
    expect(run.stdout).toContain('synchronous open: EAGAIN at once');
    expect(run.stdout).toContain('the loader truncated nothing: 4 lines');
    expect(run.stdout).toContain('raw input: 12 files');
    const partitions = linesStarting(run, ['north:', 'south:', 'east:', 'west:']);
    expect(partitions.map((line) => line.split(':')[0]).sort()).toEqual(['east', 'north', 'south', 'west']);
    for (const line of partitions)
      expect(line).toMatch(/sent \d+ bytes, got back \d+; 300 rows, \d+ rejected/);
    expect(run.stdout).toContain('the same as a single-threaded pass: true');
    expect(run.stdout).toContain('fork has /out/total.json: true; staging has it: false');
  });

  test('large-file-processing: streams under a quota, refusals as stream errors, the memory guard', async () => {
    const run = await runExample('large-file-processing.ts', ['--mib', '4']);
    const [, used, chunks] = lineOf(
      run,
      /usedBytes (\d+): the data plus 256 bytes for each of (\d+) stored chunks/,
    );
    const inputSize = Number(used) - 256 * Number(chunks);
    expect(inputSize).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(lineOf(run, /read (\d+) lines in [\d.]+ s; 32 sensors/)).toBeTruthy();
    expect(Number(lineOf(run, /alerts above 340: (\d+) bytes/)[1])).toBeGreaterThan(0);
    expect(lineOf(run, /^ {2}(ENOSPC): MFS quota exceeded/)[1]).toBe('ENOSPC');
    const [, kept, total] = lineOf(run, /kept: (\d+) bytes of (\d+)/);
    expect(Number(total)).toBe(inputSize);
    expect(Number(kept)).toBeGreaterThan(0);
    expect(Number(kept)).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(run.stdout).toContain(`they are exactly the input's first ${kept} bytes: true`);
    expect(run.stdout).toContain(
      "'init', a 4 GiB quota on a machine with 1 GiB free: warned \"maxQuota (4,294,967,296 bytes) exceeds",
    );
    expect(run.stdout).toContain("'per_write' + 'warn', a 1 MiB write with 512 KiB free: warned \"Write of");
    expect(run.stdout).toContain('the write went ahead: 1048576 bytes');
    expect(run.stdout).toContain("'per_write' + 'raise', streaming: ENOMEM: Write of");
    const [, guardedKept, squeezedAt] = lineOf(
      run,
      /kept (\d+) bytes, written before the squeeze \(at (\d+) bytes/,
    );
    expect(Number(guardedKept)).toBeGreaterThan(0);
    expect(Number(guardedKept)).toBeLessThanOrEqual(Number(squeezedAt));
    expect(run.stdout).toContain("they are exactly the input's first bytes: true");
    // The warnings are real process warnings: Node prints them too.
    expect(run.stderr.match(/\[DMEMFS_MEMORY_GUARD\] ResourceWarning/g)).toHaveLength(2);
  });

  test('ci-failure-export: real Vitest and Jest runs export the failing test, and only it', async () => {
    const run = await runExample('ci-failure-export.ts');
    expect(run.stderr).toBe('');
    const [, root] = lineOf(run, /^A copy of the sample project in (.+)$/);
    const slug = 'counts-only-paid-orders-in-the-summary-ccf38bd7';
    const runners = run.stdout.split(/^== /m).slice(1);
    expect(runners.map((text) => text.split(' ==')[0])).toEqual([
      'Vitest: `vitest run`',
      "Jest: `jest`, with failureExport: { format: 'tar.gz' }",
      'In CI: environment variables win over the configuration',
    ]);
    for (const [text, file, tree] of [
      [runners[0], 'receipts.test.ts', 'tree/out/summary.json (30 bytes)'],
      [runners[1], 'receipts.test.js', 'tree.tar.gz ('],
    ] as const) {
      const lines = text.split('\n').map((line) => line.trim());
      expect(lines).toContain('✓ writes one receipt per order');
      expect(lines).toContain('✗ counts only paid orders in the summary');
      expect(lines).toContain('exit code: 1');
      expect(lines).toContain(
        `the runner's log: dmemfs: test "counts only paid orders in the summary" failed; its filesystem was exported to <project>/.dmemfs-failures/${file}/${slug}/attempt-1`,
      );
      expect(lines).toContain(`exported: .dmemfs-failures/${file}/${slug}/attempt-1/`);
      expect(lines.some((line) => line.startsWith(tree))).toBe(true);
      expect(lines).toContain('its stats: 4 files, 3 directories, usedBytes 1184');
      expect(lines.some((line) => line.endsWith(': /out/summary.json: {"orders":3,"paidCents":3700}'))).toBe(
        true,
      );
      // The passing test exported nothing.
      expect(lines).toContain(`.dmemfs-failures/${file}/ holds: [ '${slug}' ]`);
    }
    expect(runners[0]).toContain('  expected 3700 to be 2500 // Object.is equality');
    expect(runners[1]).toMatch(/Expected: 2500\n\s+Received: 3700/);
    expect(runners[2].split('\n').slice(1, 4)).toEqual([
      '  DMEMFS_FAILURE_DIR=<tmp>/artifacts/dmemfs-failures: exit code 1, 1 announced, 1 exported',
      `    <tmp>/artifacts/dmemfs-failures/receipts.test.ts/${slug}/attempt-1`,
      '  DMEMFS_FAILURE_DIR=<tmp>/not-exported DMEMFS_FAILURE_EXPORT=off: exit code 1, 0 announced, 0 exported',
    ]);
    expect(run.stdout).toContain(`Removed ${root}: true`);
    expect(existsSync(root)).toBe(false);
  }, 120_000);

  test('demo: the guided tour, as npm run demo runs it', async () => {
    const script = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')).scripts.demo;
    expect(script).toBe('tsx examples/demo.ts');
    const run = await runExample('demo.ts');
    expect(run.stderr).toBe('');
    expect(linesStarting(run, ['1.', '2.', '3.', '4.', '5.'])).toHaveLength(5);
    expect(lineOf(run, /writing 100 KiB: (ENOSPC) \(requested \d+, available \d+\)/)[1]).toBe('ENOSPC');
    expect(run.stdout).toContain('/data/huge.bin exists: false');
    expect(lineOf(run, /usedBytes before and after: (\d+) → (\d+)/).slice(1, 3)).toEqual(['274', '274']);
    expect(lineOf(run, /expanding a \d+-byte zip: (.*)$/)[1]).toBe('{ files: 3, directories: 2, bytes: 37 }');
    expect(run.stdout).toContain('into a 512-byte quota: ENOSPC; /www exists: false');
    expect(run.stdout).toContain(
      'the fork after its test: 1999 files, 7.json = {"id":7,"name":"changed by a test"}',
    );
    expect(run.stdout).toContain('the original: 2000 files, 7.json = {"id":7,"name":"user 7"}');
    expect(linesStarting(run, ['passed:', 'failed:', 'exported to:', 'failure.json:'])).toEqual([
      'passed: writes one receipt per order',
      'failed: counts only paid orders in the summary',
      'exported to: .dmemfs-failures/receipts.test.ts/counts-only-paid-orders-in-the-summary-ccf38bd7/attempt-1/',
      'failure.json: "counts only paid orders in the summary": expected 3700 to be 2500 // Object.is equality',
    ]);
    expect(linesStarting(run, ['tree/'])).toEqual([
      'tree/out/receipts/A-1.json (42 bytes)',
      'tree/out/receipts/A-2.json (42 bytes)',
      'tree/out/receipts/A-3.json (46 bytes)',
      'tree/out/summary.json (30 bytes)',
    ]);
    expect(run.stdout).toContain('/out/summary.json as the test left it: {"orders":3,"paidCents":3700}');
    expect(run.stdout).toContain('exported attempts, one per failing test: 1');
    expect(lineOf(run, /20 clones, each ready to query: median [\d.]+ ms/)).toBeTruthy();
    expect(run.stdout).toContain('orders in a new clone: 50000');
  });
});
