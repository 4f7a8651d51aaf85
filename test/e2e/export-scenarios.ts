/**
 * The export-on-failure checks both runners must pass, registered once for each by
 * test/e2e/vitest.test.ts and test/e2e/jest.test.ts. The samples of both runners hold the same
 * scenarios under the same test names; what differs (file layout, error wording) comes in the spec.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TestRunnerName } from '../../src/fixtures/failure-export/index.js';
import { attemptExportDirectory, exportedAttempts, readExport, type TreeListing } from './failure-exports.js';
import { assertionOf, failuresOf, runSample, type SampleRun, statuses } from './sample-runs.js';
import { type RunResult, repository } from './scratch-project.js';

const version = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')).version;

/** What one runner's samples look like. */
export interface ExportScenarioSpec {
  readonly runner: TestRunnerName;
  /** The run of the main sample; read when the tests run. */
  readonly main: () => SampleRun;
  /** When the main run started, in ms since the epoch. */
  readonly startedAt: () => number;
  /** The path, relative to the root, of the sample file with the scenario `name`. */
  readonly file: (name: string) => string;
  /** The runner's message (or a matcher for it) for `expect(received).toBe(expected)` failing. */
  readonly toBeMessage: (received: string | number, expected: string | number) => unknown;
  /** The runner's message for a `test.fails`/`test.failing` test that passed. */
  readonly unexpectedPass: string;
  /** What the runner's seed tree holds besides the `src` and `empty` both samples seed. */
  readonly seedExtras: TreeListing;
}

/** Registers the scenario tests of one runner's main sample. */
export function describeExportScenarios(spec: ExportScenarioSpec): void {
  const exportOf = (scenario: string, fullName: string, attempt = 1) =>
    readExport(attemptExportDirectory(failuresOf(spec.main()), spec.file(scenario), fullName, attempt));
  const attemptsOf = (scenario: string, fullName: string) =>
    exportedAttempts(failuresOf(spec.main()), spec.file(scenario), fullName);

  describe(`export on failure (${spec.runner})`, () => {
    test('a failing body exports the tree, open files included, with failure.json, and says so', async () => {
      const run = spec.main();
      const fullName = 'reports > writes the summary';
      const path = attemptExportDirectory(failuresOf(run), spec.file('failing'), fullName, 1);
      const { report, tree } = await readExport(path);
      expect(tree).toEqual({
        out: '<dir>',
        'out/empty': '<dir>',
        'out/partial.log': 'still open',
        'out/summary.txt': 'total: 3\n',
      });
      expect(report).toEqual({
        test: fullName,
        titlePath: ['reports', 'writes the summary'],
        file: spec.file('failing'),
        runner: spec.runner,
        attempt: 1,
        errors: [spec.toBeMessage('total: 3\n', 'total: 4\n')],
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
      expect(report.exportedAt).toBeGreaterThanOrEqual(spec.startedAt());
      expect(report.exportedAt).toBeLessThanOrEqual(Date.now());
      expect(run.result.stderr).toContain(
        `dmemfs: test "${fullName}" failed; its filesystem was exported to ${path}\n`,
      );
      expect(assertionOf(run, spec.file('failing'), fullName).failureMessages).toHaveLength(1);
    });

    test('a failing beforeEach or afterEach exports the tree as the hooks left it', async () => {
      const before = await exportOf('hooks', 'a failing beforeEach > never runs its body');
      expect(before.tree).toEqual({ 'prepared.txt': 'prepared' });
      expect(before.report.errors).toEqual(['setup broke']);
      const after = await exportOf('hooks', 'a failing afterEach > runs its body');
      expect(after.tree).toEqual({ 'body.txt': 'body', 'cleanup.txt': 'cleanup' });
      expect(after.report.errors).toEqual(['cleanup broke']);
    });

    test('each failing attempt of a retried test is its own export, from its own filesystem', async () => {
      const flaky = 'passes on its third attempt';
      expect(attemptsOf('retries', flaky)).toEqual(['attempt-1', 'attempt-2']);
      for (const attempt of [1, 2]) {
        const { report, tree } = await exportOf('retries', flaky, attempt);
        expect(tree).toEqual({ 'attempt.txt': `attempt ${attempt}` });
        expect(report.attempt).toBe(attempt);
        expect(report.errors).toEqual([spec.toBeMessage(attempt, 3)]);
      }
      const broken = 'fails on every attempt';
      expect(attemptsOf('retries', broken)).toEqual(['attempt-1', 'attempt-2', 'attempt-3']);
      const last = await exportOf('retries', broken, 3);
      expect(last.report.errors).toEqual(['broken on attempt 3']);
      expect(last.tree).toEqual({ 'attempt.txt': 'attempt 3' });
    });

    test('an expected failure exports nothing; an expected failure that passed exports', async () => {
      expect(attemptsOf('expected-failures', 'fails as expected')).toEqual([]);
      const { report, tree } = await exportOf('expected-failures', 'passes although it should fail');
      expect(tree).toEqual({ 'unexpected.txt': 'passed' });
      expect(report.errors).toEqual([spec.unexpectedPass]);
    });

    test('concurrent tests each see their own mfs, and only the failing one is exported', async () => {
      expect(attemptsOf('concurrent', 'alpha keeps its own tree')).toEqual([]);
      expect(attemptsOf('concurrent', 'beta keeps its own tree')).toEqual([]);
      expect((await exportOf('concurrent', 'gamma keeps its own tree')).tree).toEqual({
        'gamma.txt': 'gamma',
      });
    });

    test('a seed tree is forked per test and exported with the failing test’s changes', async () => {
      const { tree } = await exportOf('seeded', 'exports the seed and its changes when it fails');
      expect(tree).toEqual({
        ...spec.seedExtras,
        empty: '<dir>',
        src: '<dir>',
        'src/index.js': 'changed\n',
        'src/lib': '<dir>',
        'src/lib/util.js': '// util\n',
      });
    });

    test('zip and tar.gz exports hold the same tree, empty directories included', async () => {
      for (const [scenario, format, text] of [
        ['zip', 'zip', 'zipped\n'],
        ['tar-gz', 'tar.gz', 'tarred\n'],
      ]) {
        const { report, tree } = await exportOf(scenario, `exports a ${format}`);
        expect([report.format, report.tree]).toEqual([format, `tree.${format}`]);
        expect(tree).toEqual({ logs: '<dir>', 'logs/app.log': text, 'logs/empty': '<dir>' });
      }
    });

    test('a pass removes the stale export of its test; a first attempt replaces earlier runs', () => {
      expect(attemptsOf('stale', 'passes now')).toEqual([]);
      expect(attemptsOf('stale', 'fails again, once')).toEqual(['attempt-1']);
    });

    test('passing tests export nothing', () => {
      for (const scenario of ['basics', 'database']) {
        expect(existsSync(join(failuresOf(spec.main()), spec.file(scenario)))).toBe(false);
      }
    });
  });
}

/** The runs of one runner's settings sample (settings.test.js) under different DMEMFS_* variables. */
export interface SettingsRuns {
  /** With DMEMFS_FAILURE_EXPORT=off. */
  readonly off: SampleRun;
  /** With DMEMFS_FAILURE_DIR=build/failures. */
  readonly dir: SampleRun;
  /** With DMEMFS_FAILURE_DIR=not-a-directory, a file. */
  readonly blocked: SampleRun;
}

/** Runs the settings sample `fixture` three times at once, with `run(root, environment)`. */
export async function runSettingsSamples(
  fixture: string,
  run: (root: string, env: Record<string, string>) => Promise<RunResult>,
): Promise<SettingsRuns> {
  const [off, dir, blocked] = await Promise.all([
    runSample(fixture, (root) => run(root, { DMEMFS_FAILURE_EXPORT: 'off' })),
    runSample(fixture, (root) => run(root, { DMEMFS_FAILURE_DIR: 'build/failures' })),
    runSample(
      fixture,
      (root) => run(root, { DMEMFS_FAILURE_DIR: 'not-a-directory' }),
      (root) => writeFileSync(join(root, 'not-a-directory'), 'a file where the failure directory would go'),
    ),
  ]);
  return { off, dir, blocked };
}

/** Registers the checks of the failure-export environment variables on `runs()`. */
export function describeExportSettings(runs: () => SettingsRuns): void {
  const file = 'settings.test.js';
  const own = 'fails with its own error';

  describe('failure-export settings from the environment', () => {
    test('DMEMFS_FAILURE_EXPORT=off exports and announces nothing', () => {
      const run = runs().off;
      expect(statuses(run)).toEqual({ [`${file} > passes`]: 'passed', [`${file} > ${own}`]: 'failed' });
      expect(existsSync(failuresOf(run))).toBe(false);
      expect(run.result.stderr).not.toContain('dmemfs:');
    });

    test('DMEMFS_FAILURE_DIR moves the exports, relative to the project root', async () => {
      const run = runs().dir;
      const path = attemptExportDirectory(join(run.root, 'build/failures'), file, own, 1);
      expect((await readExport(path)).tree).toEqual({ 'evidence.txt': 'evidence' });
      expect(run.result.stderr).toContain(`its filesystem was exported to ${path}`);
      expect(existsSync(failuresOf(run))).toBe(false);
    });

    test('an export that fails is announced, and the test fails with its own error only', () => {
      const run = runs().blocked;
      const path = attemptExportDirectory(join(run.root, 'not-a-directory'), file, own, 1);
      expect(run.result.stderr).toContain(
        `dmemfs: test "${own}" failed, and exporting its filesystem to ${path} failed too: Error: ENOTDIR`,
      );
      const failed = assertionOf(run, file, own);
      expect(failed.status).toBe('failed');
      expect(failed.failureMessages).toHaveLength(1);
      expect(failed.failureMessages[0]).toMatch(/^Error: the test’s own error/);
      expect(statuses(run)[`${file} > passes`]).toBe('passed');
      expect(readFileSync(join(run.root, 'not-a-directory'), 'utf8')).toBe(
        'a file where the failure directory would go',
      );
    });
  });
}
