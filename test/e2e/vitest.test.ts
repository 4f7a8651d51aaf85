/**
 * `dmemfs/vitest` end to end: real Vitest child processes on sample projects that import the
 * package as published (`test/e2e/fixtures/vitest-*`), then checks of the exported trees, their
 * `failure.json`, the stderr announcements, the annotations and the JSON report.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attemptExportDirectory, exportedAttempts, readExport } from './failure-exports.js';
import {
  createProject,
  type RunResult,
  repository,
  runVitest,
  type ScratchProject,
} from './scratch-project.js';

const fixtures = join(repository, 'test/e2e/fixtures');
const version = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')).version;

interface Run {
  project: ScratchProject;
  root: string;
  result: RunResult;
}

const runs: Record<'main' | 'off' | 'dir' | 'blocked', Run> = {} as never;
let startedAt: number;

/** Copies a sample, lets `prepare` set it up, and runs Vitest on it. */
async function sampleRun(
  fixture: string,
  options: { env?: Record<string, string>; args?: string[] },
  prepare: (root: string) => void = () => {},
): Promise<Run> {
  const project = await createProject(join(fixtures, fixture));
  const root = realpathSync(project.dir);
  prepare(root);
  return { project, root, result: await runVitest(root, options) };
}

beforeAll(async () => {
  startedAt = Date.now();
  [runs.main, runs.off, runs.dir, runs.blocked] = await Promise.all([
    sampleRun('vitest-project', { args: ['--reporter=./annotations-reporter.js'] }, prepareStaleExports),
    sampleRun('vitest-settings', { env: { DMEMFS_FAILURE_EXPORT: 'off' } }),
    sampleRun('vitest-settings', { env: { DMEMFS_FAILURE_DIR: 'build/failures' } }),
    sampleRun('vitest-settings', { env: { DMEMFS_FAILURE_DIR: 'not-a-directory' } }, (root) =>
      writeFileSync(join(root, 'not-a-directory'), 'a file where the failure directory would go'),
    ),
  ]);
}, 240_000);

afterAll(() => {
  for (const run of Object.values(runs)) run?.project.remove();
});

/** Exports a previous run left: one for a test that passes now, two attempts of one that fails once. */
function prepareStaleExports(root: string): void {
  const failures = join(root, '.dmemfs-failures');
  for (const [name, attempt] of [
    ['passes now', 1],
    ['fails again, once', 2],
  ] as const) {
    const directory = attemptExportDirectory(failures, 'stale.test.js', name, attempt);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'failure.json'), '{"stale":true}');
  }
}

function statuses(result: RunResult): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const file of result.report.testResults) {
    const fileName = file.name.slice(file.name.lastIndexOf('/') + 1);
    for (const test of file.assertionResults) {
      byName[`${fileName} > ${[...test.ancestorTitles, test.title].join(' > ')}`] = test.status;
    }
  }
  return byName;
}

function assertion(result: RunResult, file: string, fullName: string) {
  const found = result.report.testResults
    .find((entry) => entry.name.endsWith(`/${file}`))
    ?.assertionResults.find((test) => [...test.ancestorTitles, test.title].join(' > ') === fullName);
  if (found === undefined) throw new Error(`no result for ${file} > ${fullName}`);
  return found;
}

function annotations(run: Run): Record<string, { type: string; message: string }[]> {
  return JSON.parse(readFileSync(join(run.root, 'annotations.json'), 'utf8'));
}

const failuresOf = (run: Run) => join(run.root, '.dmemfs-failures');

describe('dmemfs/vitest in a real Vitest run', () => {
  test('passes and fails exactly the tests the sample expects to', () => {
    expect(statuses(runs.main.result)).toEqual({
      'basics.test.js > gives the test a MemoryFileSystem of the dmemfs it imports': 'passed',
      'basics.test.js > gives the next test a new, empty one': 'passed',
      'basics.test.js > exports it as the same object as test, with expect, describe, hooks and vi from Vitest':
        'passed',
      'basics.test.js > applies MemoryFileSystem options': 'passed',
      'basics.test.js > composes with user fixtures that depend on mfs': 'passed',
      'basics.test.js > hooks > see the same filesystem as the test': 'passed',
      'basics.test.js > does not involve tests that do not use mfs': 'passed',
      'concurrent.test.js > alpha keeps its own tree': 'passed',
      'concurrent.test.js > beta keeps its own tree': 'passed',
      'concurrent.test.js > gamma keeps its own tree': 'failed',
      'database.test.js > a test changes its own clone': 'passed',
      'database.test.js > the next test starts from the master again': 'passed',
      'database.test.js > clones are independent of each other': 'passed',
      'database.test.js > concurrent test x gets its own clone and its own mfs': 'passed',
      'database.test.js > concurrent test y gets its own clone and its own mfs': 'passed',
      'expected-failures.test.js > fails as expected': 'passed',
      'expected-failures.test.js > passes although it should fail': 'failed',
      'failing.test.js > reports > writes the summary': 'failed',
      'formats.test.js > exports a zip': 'failed',
      'formats.test.js > exports a tar.gz': 'failed',
      'hooks.test.js > a failing beforeEach > never runs its body': 'failed',
      'node-fs.test.js > node:fs calls land in the test’s own filesystem': 'passed',
      'node-fs.test.js > a failing test exports what node:fs wrote': 'failed',
      'hooks.test.js > a failing afterEach > runs its body': 'failed',
      'retries.test.js > passes on its third attempt': 'passed',
      'retries.test.js > fails on every attempt': 'failed',
      'seeded.test.js > starts from the seed tree': 'passed',
      'seeded.test.js > starts from the seed again after another test changed its copy': 'passed',
      'seeded.test.js > exports the seed and its changes when it fails': 'failed',
      'seeded.test.js > starts from a prebuilt MFSSnapshot': 'passed',
      'stale.test.js > passes now': 'passed',
      'stale.test.js > fails again, once': 'failed',
    });
    expect(runs.main.result.exitCode).toBe(1);
  });

  test('a failing body exports the tree, open files included, with failure.json, and says where', async () => {
    const run = runs.main;
    const path = attemptExportDirectory(
      failuresOf(run),
      'failing.test.js',
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
      file: 'failing.test.js',
      runner: 'vitest',
      attempt: 1,
      errors: ["expected 'total: 3\\n' to be 'total: 4\\n' // Object.is equality"],
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
    expect(report.exportedAt).toBeGreaterThanOrEqual(startedAt);
    expect(report.exportedAt).toBeLessThanOrEqual(Date.now());

    const announcement = `dmemfs: test "reports > writes the summary" failed; its filesystem was exported to ${path}`;
    expect(run.result.stderr).toContain(announcement);
    expect(annotations(run)['failing.test.js > reports > writes the summary']).toEqual([
      { type: 'notice', message: announcement },
    ]);
    const result = assertion(run.result, 'failing.test.js', 'reports > writes the summary');
    expect(result.meta).toEqual({ dmemfsFailureExports: [path] });
    expect(result.failureMessages).toHaveLength(1);
    expect(result.failureMessages[0]).toMatch(/^AssertionError: expected 'total: 3\\n' to be 'total: 4\\n'/);
  });

  test('a failing beforeEach or afterEach exports the tree as the hooks left it', async () => {
    const failures = failuresOf(runs.main);
    const before = await readExport(
      attemptExportDirectory(failures, 'hooks.test.js', 'a failing beforeEach > never runs its body', 1),
    );
    expect(before.tree).toEqual({ 'prepared.txt': 'prepared' });
    expect(before.report.errors).toEqual(['setup broke']);
    const after = await readExport(
      attemptExportDirectory(failures, 'hooks.test.js', 'a failing afterEach > runs its body', 1),
    );
    expect(after.tree).toEqual({ 'body.txt': 'body', 'cleanup.txt': 'cleanup' });
    expect(after.report.errors).toEqual(['cleanup broke']);
  });

  test('each failing attempt of a retried test is its own export, from its own filesystem', async () => {
    const failures = failuresOf(runs.main);
    const flaky = 'passes on its third attempt';
    expect(exportedAttempts(failures, 'retries.test.js', flaky)).toEqual(['attempt-1', 'attempt-2']);
    for (const attempt of [1, 2]) {
      const { report, tree } = await readExport(
        attemptExportDirectory(failures, 'retries.test.js', flaky, attempt),
      );
      expect(tree).toEqual({ 'attempt.txt': `attempt ${attempt}` });
      expect(report.attempt).toBe(attempt);
      expect(report.errors).toEqual([`expected ${attempt} to be 3 // Object.is equality`]);
    }
    const broken = 'fails on every attempt';
    expect(exportedAttempts(failures, 'retries.test.js', broken)).toEqual(['attempt-1', 'attempt-2']);
    const last = await readExport(attemptExportDirectory(failures, 'retries.test.js', broken, 2));
    expect(last.report.errors).toEqual(['broken on attempt 2']);
    expect(assertion(runs.main.result, 'retries.test.js', flaky).meta?.dmemfsFailureExports).toEqual([
      attemptExportDirectory(failures, 'retries.test.js', flaky, 1),
      attemptExportDirectory(failures, 'retries.test.js', flaky, 2),
    ]);
  });

  test('test.fails exports nothing when it fails as expected, and exports when it passes', async () => {
    const failures = failuresOf(runs.main);
    expect(exportedAttempts(failures, 'expected-failures.test.js', 'fails as expected')).toEqual([]);
    const { report, tree } = await readExport(
      attemptExportDirectory(failures, 'expected-failures.test.js', 'passes although it should fail', 1),
    );
    expect(tree).toEqual({ 'unexpected.txt': 'passed' });
    expect(report.errors).toEqual(['Expect test to fail']);
  });

  test('concurrent tests each have their own tree, and only the failing one is exported', async () => {
    const failures = failuresOf(runs.main);
    expect(exportedAttempts(failures, 'concurrent.test.js', 'alpha keeps its own tree')).toEqual([]);
    expect(exportedAttempts(failures, 'concurrent.test.js', 'beta keeps its own tree')).toEqual([]);
    const { tree } = await readExport(
      attemptExportDirectory(failures, 'concurrent.test.js', 'gamma keeps its own tree', 1),
    );
    expect(tree).toEqual({ 'gamma.txt': 'gamma' });
  });

  test('a seeded tree is forked per test and exported with the changes of the failing test', async () => {
    const { tree } = await readExport(
      attemptExportDirectory(
        failuresOf(runs.main),
        'seeded.test.js',
        'exports the seed and its changes when it fails',
        1,
      ),
    );
    expect(tree).toEqual({
      assets: '<dir>',
      'assets/logo.bin': '\u0001\u0002\u0003',
      empty: '<dir>',
      src: '<dir>',
      'src/index.js': 'changed\n',
      'src/lib': '<dir>',
      'src/lib/util.js': '// util\n',
    });
  });

  test('zip and tar.gz exports hold the same tree, empty directories included', async () => {
    const failures = failuresOf(runs.main);
    for (const [name, format, text] of [
      ['exports a zip', 'zip', 'zipped\n'],
      ['exports a tar.gz', 'tar.gz', 'tarred\n'],
    ]) {
      const { report, tree } = await readExport(attemptExportDirectory(failures, 'formats.test.js', name, 1));
      expect(report.format).toBe(format);
      expect(report.tree).toBe(`tree.${format}`);
      expect(tree).toEqual({ logs: '<dir>', 'logs/app.log': text, 'logs/empty': '<dir>' });
    }
  });

  test('the node:fs recipe runs on the fixture, and its failures are exported', async () => {
    const { tree } = await readExport(
      attemptExportDirectory(
        failuresOf(runs.main),
        'node-fs.test.js',
        'a failing test exports what node:fs wrote',
        1,
      ),
    );
    expect(tree).toEqual({ logs: '<dir>', 'logs/app.log': 'written through node:fs\n' });
  });

  test('a pass removes the stale export of its test; a first attempt replaces earlier runs', () => {
    const failures = failuresOf(runs.main);
    expect(exportedAttempts(failures, 'stale.test.js', 'passes now')).toEqual([]);
    expect(exportedAttempts(failures, 'stale.test.js', 'fails again, once')).toEqual(['attempt-1']);
  });

  test('passing tests export nothing', () => {
    const failures = failuresOf(runs.main);
    for (const file of ['basics.test.js', 'database.test.js'])
      expect(existsSync(join(failures, file))).toBe(false);
  });
});

describe('failure-export settings from the environment', () => {
  const own = 'fails with its own error';

  test('DMEMFS_FAILURE_EXPORT=off exports and announces nothing', () => {
    const { result, root } = runs.off;
    expect(statuses(result)).toEqual({ [`settings.test.js > ${own}`]: 'failed' });
    expect(exportedAttempts(join(root, '.dmemfs-failures'), 'settings.test.js', own)).toEqual([]);
    expect(result.stderr).not.toContain('dmemfs:');
  });

  test('DMEMFS_FAILURE_DIR moves the exports, relative to the project root', async () => {
    const { result, root } = runs.dir;
    const path = attemptExportDirectory(join(root, 'build/failures'), 'settings.test.js', own, 1);
    expect((await readExport(path)).tree).toEqual({ 'evidence.txt': 'evidence' });
    expect(result.stderr).toContain(`its filesystem was exported to ${path}`);
    expect(exportedAttempts(join(root, '.dmemfs-failures'), 'settings.test.js', own)).toEqual([]);
  });

  test('an export that fails is announced, and the test fails with its own error only', () => {
    const { result, root } = runs.blocked;
    const path = attemptExportDirectory(join(root, 'not-a-directory'), 'settings.test.js', own, 1);
    expect(result.stderr).toContain(
      `dmemfs: test "${own}" failed, and exporting its filesystem to ${path} failed too: Error: ENOTDIR`,
    );
    const failed = assertion(result, 'settings.test.js', own);
    expect(failed.status).toBe('failed');
    expect(failed.failureMessages).toHaveLength(1);
    expect(failed.failureMessages[0]).toMatch(/^Error: the test’s own error/);
    expect(failed.meta).toEqual({});
    expect(readFileSync(join(root, 'not-a-directory'), 'utf8')).toBe(
      'a file where the failure directory would go',
    );
  });
});
