/**
 * `dmemfs/jest-environment` end to end: real Jest child processes on sample projects that use the
 * package as published, in native ES-module mode (test/e2e/fixtures/jest-project) and as plain
 * CommonJS (test/e2e/fixtures/jest-commonjs), then checks of the exported trees, their
 * `failure.json`, the stderr announcements and the JSON report.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  describeExportScenarios,
  describeExportSettings,
  runSettingsSamples,
  type SettingsRuns,
} from './export-scenarios.js';
import { attemptExportDirectory, readExport } from './failure-exports.js';
import { failuresOf, leaveStaleExports, runSample, type SampleRun, statuses } from './sample-runs.js';
import { runJest } from './scratch-project.js';

let main: SampleRun;
let commonjs: SampleRun;
let commonjsWithoutRequireEsm: SampleRun;
let settings: SettingsRuns;
let startedAt = 0;

beforeAll(async () => {
  startedAt = Date.now();
  [main, commonjs, commonjsWithoutRequireEsm, settings] = await Promise.all([
    runSample(
      'jest-project',
      (root) => runJest(root, { esm: true }),
      (root) => leaveStaleExports(root, 'main/stale.test.js'),
    ),
    runSample('jest-commonjs', (root) => runJest(root)),
    // As on a Node 20 before 20.19: Jest's require() of the environment fails, and it imports it.
    runSample('jest-commonjs', (root) =>
      runJest(root, { env: { NODE_OPTIONS: '--no-experimental-require-module' } }),
    ),
    runSettingsSamples('jest-commonjs', (root, env) => runJest(root, { env })),
  ]);
}, 240_000);

afterAll(() => {
  for (const run of [main, commonjs, commonjsWithoutRequireEsm, ...Object.values(settings ?? {})]) {
    run?.project.remove();
  }
});

/** Where each scenario lives in the Jest sample: one project per environment configuration. */
const JEST_FILES: Record<string, string> = {
  seeded: 'seeded/seeded.test.js',
  zip: 'formats/zip.test.js',
  'tar-gz': 'formats/tar-gz.test.js',
};

describe('dmemfs/jest-environment in a real Jest run', () => {
  test('passes and fails exactly the tests the sample expects to', () => {
    expect(statuses(main)).toEqual({
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
      'main/expected-failures.test.js > fails as expected': 'passed',
      'main/expected-failures.test.js > passes although it should fail': 'failed',
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
    expect(main.result.exitCode).toBe(1);
  });

  test.each([
    ['through require(), as Node 20.19 and later load ES modules', () => commonjs],
    ['through import(), where Node cannot require ES modules', () => commonjsWithoutRequireEsm],
  ])('a CommonJS project loads the environment %s, and exports failures', async (_, runOf) => {
    const run = runOf();
    const file = 'settings.test.js';
    expect(statuses(run)).toEqual({
      [`${file} > passes`]: 'passed',
      [`${file} > fails with its own error`]: 'failed',
    });
    const path = attemptExportDirectory(failuresOf(run), file, 'fails with its own error', 1);
    const { report, tree } = await readExport(path);
    expect(tree).toEqual({ 'evidence.txt': 'evidence' });
    expect(report.errors).toEqual(['the test’s own error']);
    expect(run.result.stderr).toContain(`its filesystem was exported to ${path}`);
  });
});

describeExportScenarios({
  runner: 'jest',
  main: () => main,
  startedAt: () => startedAt,
  file: (scenario) => JEST_FILES[scenario] ?? `main/${scenario}.test.js`,
  // Jest prints a diff for multi-line strings, and Expected/Received lines otherwise.
  toBeMessage: (received) =>
    expect.stringContaining(
      typeof received === 'string' ? `+ ${received.trimEnd()}` : `Received: ${received}`,
    ),
  unexpectedPass:
    'Failing test passed even though it was supposed to fail. Remove `.failing` to remove error.',
  seedExtras: {},
});

describeExportSettings(() => settings);
