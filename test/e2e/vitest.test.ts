/**
 * `dmemfs/vitest` end to end: real Vitest child processes on sample projects that import the
 * package as published (test/e2e/fixtures/vitest-*), then checks of the exported trees, their
 * `failure.json`, the stderr announcements, the annotations and the JSON report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  describeExportScenarios,
  describeExportSettings,
  runSettingsSamples,
  type SettingsRuns,
} from './export-scenarios.js';
import { attemptExportDirectory, readExport } from './failure-exports.js';
import {
  assertionOf,
  failuresOf,
  leaveStaleExports,
  runSample,
  type SampleRun,
  statuses,
} from './sample-runs.js';
import { repository, runVitest } from './scratch-project.js';

let main: SampleRun;
let settings: SettingsRuns;
let startedAt = 0;

/** A reporter that writes every test's annotations to annotations.json, beside the JSON report. */
const annotationsReporter = `--reporter=${join(repository, 'test/e2e/fixtures/vitest-project/annotations-reporter.js')}`;

function annotationsOf(run: SampleRun, file: string, fullName: string): unknown {
  return JSON.parse(readFileSync(join(run.root, 'annotations.json'), 'utf8'))[`${file} > ${fullName}`];
}

beforeAll(async () => {
  startedAt = Date.now();
  [main, settings] = await Promise.all([
    runSample(
      'vitest-project',
      (root) => runVitest(root, { args: [annotationsReporter] }),
      (root) => leaveStaleExports(root, 'stale.test.js'),
    ),
    runSettingsSamples('vitest-settings', (root, env) =>
      runVitest(root, { env, args: [annotationsReporter] }),
    ),
  ]);
}, 240_000);

afterAll(() => {
  for (const run of [main, ...Object.values(settings ?? {})]) run?.project.remove();
});

/** Vitest's message for a failed `toBe`. */
function toBeMessage(received: string | number, expected: string | number): string {
  const show = (value: string | number) =>
    typeof value === 'string' ? `'${value.replaceAll('\n', '\\n')}'` : String(value);
  return `expected ${show(received)} to be ${show(expected)} // Object.is equality`;
}

describe('dmemfs/vitest in a real Vitest run', () => {
  test('passes and fails exactly the tests the sample expects to', () => {
    expect(statuses(main)).toEqual({
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
      'hooks.test.js > a failing beforeEach > never runs its body': 'failed',
      'hooks.test.js > a failing afterEach > runs its body': 'failed',
      'node-fs.test.js > node:fs calls land in the test’s own filesystem': 'passed',
      'node-fs.test.js > a failing test exports what node:fs wrote': 'failed',
      'retries.test.js > passes on its third attempt': 'passed',
      'retries.test.js > fails on every attempt': 'failed',
      'seeded.test.js > starts from the seed tree': 'passed',
      'seeded.test.js > starts from the seed again after another test changed its copy': 'passed',
      'seeded.test.js > exports the seed and its changes when it fails': 'failed',
      'seeded.test.js > starts from a prebuilt MFSSnapshot': 'passed',
      'stale.test.js > passes now': 'passed',
      'stale.test.js > fails again, once': 'failed',
      'tar-gz.test.js > exports a tar.gz': 'failed',
      'zip.test.js > exports a zip': 'failed',
    });
    expect(main.result.exitCode).toBe(1);
  });

  test('the announcement is also an annotation, and the path is in the test’s meta', () => {
    const fullName = 'reports > writes the summary';
    const path = attemptExportDirectory(failuresOf(main), 'failing.test.js', fullName, 1);
    expect(annotationsOf(main, 'failing.test.js', fullName)).toEqual([
      {
        type: 'notice',
        message: `dmemfs: test "${fullName}" failed; its filesystem was exported to ${path}`,
      },
    ]);
    expect(assertionOf(main, 'failing.test.js', fullName).meta).toEqual({
      dmemfsFailureExports: [path],
    });
    const flaky = 'passes on its third attempt';
    expect(assertionOf(main, 'retries.test.js', flaky).meta?.dmemfsFailureExports).toEqual([
      attemptExportDirectory(failuresOf(main), 'retries.test.js', flaky, 1),
      attemptExportDirectory(failuresOf(main), 'retries.test.js', flaky, 2),
    ]);
  });

  test('the node:fs recipe runs on the fixture, and its failures are exported', async () => {
    const path = attemptExportDirectory(
      failuresOf(main),
      'node-fs.test.js',
      'a failing test exports what node:fs wrote',
      1,
    );
    expect((await readExport(path)).tree).toEqual({
      logs: '<dir>',
      'logs/app.log': 'written through node:fs\n',
    });
  });

  test('a failed export is a warning annotation, and the test has no export in its meta', () => {
    const own = 'fails with its own error';
    expect(annotationsOf(settings.blocked, 'settings.test.js', own)).toEqual([
      {
        type: 'warning',
        message: expect.stringMatching(/^dmemfs: test "fails with its own error" failed, and exporting/),
      },
    ]);
    expect(assertionOf(settings.blocked, 'settings.test.js', own).meta).toEqual({});
    expect(annotationsOf(settings.off, 'settings.test.js', own)).toEqual([]);
  });
});

describeExportScenarios({
  runner: 'vitest',
  main: () => main,
  startedAt: () => startedAt,
  file: (scenario) => `${scenario}.test.js`,
  toBeMessage,
  unexpectedPass: 'Expect test to fail',
  seedExtras: { assets: '<dir>', 'assets/logo.bin': '\u0001\u0002\u0003' },
});

describeExportSettings(() => settings);
