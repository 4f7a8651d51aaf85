/**
 * A sample project run once by a real runner, and what its JSON report says about each test.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { attemptExportDirectory } from './failure-exports.js';
import { createProject, type RunResult, repository, type ScratchProject } from './scratch-project.js';

/** A copy of a sample project, and the result of running it. */
export interface SampleRun {
  readonly project: ScratchProject;
  /** The project directory, with symbolic links resolved, as the runners report it. */
  readonly root: string;
  readonly result: RunResult;
}

/** Copies the sample `fixture` (a folder of test/e2e/fixtures), lets `prepare` set it up, runs it. */
export async function runSample(
  fixture: string,
  run: (root: string) => Promise<RunResult>,
  prepare: (root: string) => void = () => {},
): Promise<SampleRun> {
  const project = await createProject(join(repository, 'test/e2e/fixtures', fixture));
  const root = realpathSync(project.dir);
  prepare(root);
  return { project, root, result: await run(root) };
}

/** The failure directory of a run with default settings. */
export function failuresOf(run: SampleRun): string {
  return join(run.root, '.dmemfs-failures');
}

/** Each test's status, by `<file relative to the root> > <full name>`. */
export function statuses(run: SampleRun): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const file of run.result.report.testResults) {
    const path = relative(run.root, file.name).split(sep).join('/');
    for (const test of file.assertionResults) byName[`${path} > ${fullNameOf(test)}`] = test.status;
  }
  return byName;
}

/** The report's entry for one test. */
export function assertionOf(run: SampleRun, file: string, fullName: string) {
  const found = run.result.report.testResults
    .find((entry) => entry.name === join(run.root, file))
    ?.assertionResults.find((test) => fullNameOf(test) === fullName);
  if (found === undefined) throw new Error(`No result for ${file} > ${fullName}`);
  return found;
}

function fullNameOf(test: { ancestorTitles: string[]; title: string }): string {
  return [...test.ancestorTitles, test.title].join(' > ');
}

/**
 * Exports an earlier run left in `root` for the tests of `file` (stale.test.js of the samples): one
 * for a test that passes now, and a second attempt of one that fails once now.
 */
export function leaveStaleExports(root: string, file: string): void {
  for (const [name, attempt] of [
    ['passes now', 1],
    ['fails again, once', 2],
  ] as const) {
    const directory = attemptExportDirectory(join(root, '.dmemfs-failures'), file, name, attempt);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'failure.json'), '{"stale":true}');
  }
}
