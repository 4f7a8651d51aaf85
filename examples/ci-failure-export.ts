/**
 * CI pipelines and test debugging: real Vitest and real Jest runs on a sample project (the folder
 * `ci-failure-export/`), each with a test that fails after writing files into its `mfs`. The failing
 * test's tree is exported to `.dmemfs-failures/`; this program shows where, what is in it, what
 * `failure.json` says, that the passing test exported nothing, and the environment variables a CI
 * job sets. It works on a temporary copy of the sample project and removes it at the end.
 *
 * Run: `npx tsx examples/ci-failure-export.ts`. Tutorial: `examples/ci-failure-export.md`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { inspect } from 'node:util';
import { MemoryFileSystem } from 'dmemfs';
import { expandArchive } from 'dmemfs/archive';
import type { FailureReport } from 'dmemfs/vitest';
import {
  exportedAttempts,
  type RunnerRun,
  SampleProject,
  type TestRunner,
} from './ci-failure-export-project.js';

const section = (title: string) => console.log(`\n== ${title} ==`);
const show = (label: string, value: unknown) =>
  console.log(`  ${label}: ${typeof value === 'string' ? value : inspect(value, { breakLength: Infinity })}`);
/** A host path as `/`-separated segments relative to `from`. */
const relativePath = (from: string, to: string) => relative(from, to).split(sep).join('/');

/** Every file below `directory`, relative to it, with its size. */
function filesBelow(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(directory, path)).isFile())
    .map((path) => `${path.split(sep).join('/')} (${statSync(join(directory, path)).size} bytes)`)
    .sort();
}

/** What a runner did with the sample's two tests, and what it exported. */
async function showRun(project: SampleProject, runner: TestRunner, run: RunnerRun): Promise<void> {
  const root = project.projectOf(runner);
  for (const { fullName, status } of run.tests)
    console.log(`  ${status === 'passed' ? '✓' : '✗'} ${fullName}`);
  show('exit code', run.exitCode);
  for (const line of run.announcements) show("the runner's log", line.replaceAll(root, '<project>'));
  const failureDir = join(root, '.dmemfs-failures');
  const attempts = exportedAttempts(failureDir);
  if (attempts.length === 0) show('exported', 'nothing, since no test failed');
  for (const attempt of attempts) await showExport(root, attempt);
  // One directory per failing test: the passing test left nothing.
  for (const file of new Set(attempts.map((attempt) => relativePath(failureDir, join(attempt, '../..'))))) {
    show(`.dmemfs-failures/${file}/ holds`, readdirSync(join(failureDir, file)));
  }
}

/** One exported attempt: its files, its `failure.json`, and the tree read back. */
async function showExport(root: string, attempt: string): Promise<void> {
  show('exported', `${relativePath(root, attempt)}/`);
  for (const file of filesBelow(attempt)) console.log(`    ${file}`);
  const report = JSON.parse(readFileSync(join(attempt, 'failure.json'), 'utf8')) as FailureReport;
  show(
    'failure.json',
    `test ${JSON.stringify(report.test)}, runner ${report.runner}, attempt ${report.attempt}`,
  );
  const firstLines = report.errors[0].split('\n').filter((text) => text.trim() !== '');
  for (const line of firstLines.slice(0, 3)) console.log(`    ${line.trim()}`);
  const { fileCount, dirCount, usedBytes } = report.stats;
  show('its stats', `${fileCount} files, ${dirCount} directories, usedBytes ${usedBytes}`);

  // The post-mortem: the tree as the test left it, read back into memory from either format.
  const tree = new MemoryFileSystem();
  if (report.format === 'directory') await tree.importFromDirectory(join(attempt, report.tree));
  else await expandArchive(tree, readFileSync(join(attempt, report.tree)));
  show(`${report.tree}: /out/summary.json`, tree.readFile('/out/summary.json', 'utf8').trim());
  show(`${report.tree}: /out/receipts/A-3.json`, tree.readFile('/out/receipts/A-3.json', 'utf8').trim());
}

const project = new SampleProject();
try {
  console.log(`A copy of the sample project in ${project.root}`);
  // The runs go together (Vitest's while Jest's project is still being installed), and print in turn.
  const artifacts = join(project.root, 'artifacts/dmemfs-failures');
  const nowhere = join(project.root, 'not-exported');
  const [vitest, jest, moved, off] = await Promise.all([
    project.run('vitest'),
    project.run('jest'),
    project.run('vitest', { DMEMFS_FAILURE_DIR: artifacts }),
    project.run('vitest', { DMEMFS_FAILURE_DIR: nowhere, DMEMFS_FAILURE_EXPORT: 'off' }),
  ]);

  section('Vitest: `vitest run`');
  await showRun(project, 'vitest', vitest);

  section("Jest: `jest`, with failureExport: { format: 'tar.gz' }");
  await showRun(project, 'jest', jest);

  section('In CI: environment variables win over the configuration');
  for (const [setting, run, directory] of [
    ['DMEMFS_FAILURE_DIR=<tmp>/artifacts/dmemfs-failures', moved, artifacts],
    ['DMEMFS_FAILURE_DIR=<tmp>/not-exported DMEMFS_FAILURE_EXPORT=off', off, nowhere],
  ] as const) {
    const attempts = exportedAttempts(directory);
    show(
      setting,
      `exit code ${run.exitCode}, ${run.announcements.length} announced, ${attempts.length} exported`,
    );
    for (const attempt of attempts) console.log(`    <tmp>/${relativePath(project.root, attempt)}`);
  }
} finally {
  project[Symbol.dispose]();
  console.log(`\nRemoved ${project.root}: ${!existsSync(project.root)}`);
}
