/**
 * Sample projects for end-to-end tests, run by real Vitest and Jest in child processes.
 *
 * The package is compiled from `src/` once per test run into `<tmp>/dmemfs-e2e-<run>/node_modules/
 * dmemfs` (its `package.json` and `dist/`, as published), beside links to the installed runners and
 * peers. Sample projects are copied below that directory, so Node and both runners resolve `dmemfs`
 * and its peers from there, exactly as after `npm install dmemfs`. A run is the Vitest process
 * running this suite: its test files share one build, and a later run removes the builds of runs
 * that have ended. The build itself is `ensurePackageInstall`, shared with the `vitest_suite`
 * benchmark case.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { childEnvironment, ensurePackageInstall, vitestEntry } from '../../benchmarks/lib/package-install.js';

export { childEnvironment, repository } from '../../benchmarks/lib/package-install.js';

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

/** Installed packages the sample projects import besides dmemfs's dependencies: runners and peers. */
const LINKED_PACKAGES = [
  'vitest',
  'jest',
  '@jest/globals',
  'jest-environment-node',
  'better-sqlite3',
  'typescript',
  '@types/node',
];

/** The Vitest process of this run: workers are its threads or its child processes. */
const runId = isMainThread ? process.ppid : process.pid;
const prefix = 'dmemfs-e2e-';

let install: Promise<string> | undefined;

/**
 * The directory whose `node_modules` holds the built package and the linked peers, built on the
 * first call of the run. Concurrent workers may both build; the first to finish wins.
 */
export function packageInstall(): Promise<string> {
  install ??= buildInstall();
  return install;
}

async function buildInstall(): Promise<string> {
  const base = join(tmpdir(), `${prefix}${runId}`);
  if (!existsSync(base)) removeEndedRuns();
  return ensurePackageInstall(base, LINKED_PACKAGES);
}

/** Removes the builds (and half-built stagings) of runs whose process has ended. */
function removeEndedRuns(): void {
  for (const name of readdirSync(tmpdir())) {
    const match = /^dmemfs-e2e-(\d+)(?:\.|$)/.exec(name);
    if (match !== null && !isRunning(Number(match[1]))) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A sample project copied into the scratch install. */
export interface ScratchProject {
  /** Its directory. */
  readonly dir: string;
  /** Removes it. */
  remove(): void;
}

/**
 * Copies the sample project `fixture` (a directory) below the scratch install, where it resolves
 * `dmemfs` as an installed package.
 */
export async function createProject(fixture: string): Promise<ScratchProject> {
  const projects = join(await packageInstall(), 'projects');
  mkdirSync(projects, { recursive: true });
  const dir = mkdtempSync(join(projects, `${basename(fixture)}-`));
  cpSync(fixture, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The part of the JSON report of Vitest and of Jest that the tests read (Vitest mimics Jest's). */
export interface JsonReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: {
      title: string;
      fullName: string;
      ancestorTitles: string[];
      status: string;
      failureMessages: string[];
      meta?: Record<string, unknown>;
    }[];
  }[];
}

/** What a runner's child process left behind. */
export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: JsonReport;
}

/** Options of a runner's child process. */
export interface RunOptions {
  /** Extra command-line arguments. */
  readonly args?: readonly string[];
  /** Extra environment variables (the parent's own test-runner variables are never passed on). */
  readonly env?: Readonly<Record<string, string>>;
  /** The working directory; default the project root. */
  readonly cwd?: string;
}

/**
 * Runs `vitest run` on the project at `root` in a child process and reads its JSON report. A run
 * with failing tests exits non-zero; the report says which, so that is not an error here.
 */
export function runVitest(root: string, options: RunOptions = {}): Promise<RunResult> {
  return runWithReport(options, root, (report) => [
    vitestEntry(),
    'run',
    '--root',
    root,
    '--reporter=json',
    `--outputFile=${report}`,
    ...(options.args ?? []),
  ]);
}

/**
 * Runs Jest on the project at `root` in a child process and reads its JSON report. `esm` turns on
 * Jest's native ES-module mode (`--experimental-vm-modules`).
 */
export function runJest(
  root: string,
  options: RunOptions & { readonly esm?: boolean } = {},
): Promise<RunResult> {
  const jest = join(dirname(require.resolve('jest/package.json')), 'bin/jest.js');
  const env = options.esm
    ? { NODE_OPTIONS: '--experimental-vm-modules --no-warnings', ...options.env }
    : options.env;
  return runWithReport({ ...options, env }, root, (report, scratch) => [
    jest,
    '--rootDir',
    root,
    '--ci',
    '--json',
    `--outputFile=${report}`,
    `--cacheDirectory=${join(scratch, 'jest-cache')}`,
    ...(options.args ?? []),
  ]);
}

async function runWithReport(
  options: RunOptions,
  root: string,
  argumentsFor: (report: string, scratch: string) => string[],
): Promise<RunResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'dmemfs-e2e-report-'));
  try {
    const report = join(scratch, 'report.json');
    const { exitCode, stdout, stderr } = await runNode(argumentsFor(report, scratch), {
      cwd: options.cwd ?? root,
      env: childEnvironment(options.env),
    });
    if (!existsSync(report)) {
      throw new Error(`The runner wrote no report (exit code ${exitCode}).\n${stdout}\n${stderr}`);
    }
    return { exitCode, stdout, stderr, report: JSON.parse(readFileSync(report, 'utf8')) as JsonReport };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs Node with `args`; resolves with the exit code and output, whatever the exit code. */
export async function runNode(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, {
      cwd: options.cwd,
      env: options.env ?? childEnvironment(),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { exitCode: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
