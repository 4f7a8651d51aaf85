/**
 * The sample project of `ci-failure-export.ts` (the folder `ci-failure-export/`, a Vitest project
 * and a Jest project), copied to a new temporary directory where each project gets a `node_modules`
 * as if it had installed dmemfs and its test runner. Real Vitest and real Jest then run on the copy
 * in child processes, so a run never writes into the repository and two runs never share a
 * directory.
 */
import { execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The test runners of the sample project; each has its own project folder in it. */
export type TestRunner = 'vitest' | 'jest';

/** One test of a run, as the runner's JSON report gives it. */
export interface TestOutcome {
  /** Describe blocks and test name, joined with `' > '`. */
  readonly fullName: string;
  /** `'passed'`, `'failed'`, … */
  readonly status: string;
}

/** How a runner's child process ended, and what it printed. */
export interface RunnerRun {
  readonly exitCode: number | null;
  readonly tests: readonly TestOutcome[];
  /** The runner's stdout and stderr, in one string. */
  readonly output: string;
  /** The lines dmemfs printed: where each failed test's tree went. */
  readonly announcements: readonly string[];
}

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Record<string, string>;
  readonly exports: Record<string, string | { readonly default: string }>;
}

const repository = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as Manifest;

/**
 * A temporary copy of the sample project; `[Symbol.dispose]()` removes it. A runner's project is
 * copied and installed when it first runs, so a Vitest run need not wait for Jest's install.
 */
export class SampleProject implements Disposable {
  /** The temporary directory, holding one project folder per runner. */
  readonly root: string;
  readonly #installs = new Map<TestRunner, Promise<void>>();

  constructor() {
    // realpath: the temporary directory can be reached through a symbolic link (macOS), and the
    // runners report real paths.
    this.root = realpathSync(mkdtempSync(join(tmpdir(), 'dmemfs-ci-failure-export-')));
  }

  /** The folder of one runner's project: its root, where `.dmemfs-failures/` appears. */
  projectOf(runner: TestRunner): string {
    return join(this.root, runner);
  }

  /**
   * Runs the runner on its project, as `npx vitest run` or `npx jest` would in that folder, with
   * `env` added to the environment. Resolves however the tests end; a failing test is expected.
   */
  async run(runner: TestRunner, env: Readonly<Record<string, string>> = {}): Promise<RunnerRun> {
    let install = this.#installs.get(runner);
    if (install === undefined) {
      install = this.#install(runner);
      this.#installs.set(runner, install);
    }
    await install;
    const cwd = this.projectOf(runner);
    const report = join(mkdtempSync(join(this.root, `${runner}-report-`)), 'report.json');
    const args =
      runner === 'vitest'
        ? [join(cwd, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile=${report}`]
        : [
            join(cwd, 'node_modules/jest/bin/jest.js'),
            '--json',
            `--outputFile=${report}`,
            `--cacheDirectory=${join(this.root, 'jest-cache')}`,
          ];
    const { exitCode, output } = await runNode(args, cwd, { ...environment(), ...env });
    const announcements = output.split('\n').filter((line) => line.startsWith('dmemfs: '));
    return { exitCode, tests: readOutcomes(report), output, announcements };
  }

  [Symbol.dispose](): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Copies a runner's project and gives it a `node_modules` with dmemfs and the runner. */
  async #install(runner: TestRunner): Promise<void> {
    const project = this.projectOf(runner);
    cpSync(join(repository, 'examples/ci-failure-export', runner), project, { recursive: true });
    const modules = join(project, 'node_modules');
    if (runner === 'vitest') {
      linkInstalled(modules, ['vitest']);
      installSources(join(modules, 'dmemfs'));
    } else {
      linkInstalled(modules, ['jest', 'jest-environment-node', ...Object.keys(manifest.dependencies)]);
      await installCompiled(join(modules, 'dmemfs'));
    }
  }
}

/** The directories below `failureDir` that hold a `failure.json`: one per exported attempt, sorted. */
export function exportedAttempts(failureDir: string): string[] {
  if (!existsSync(failureDir)) return [];
  return readdirSync(failureDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => basename(path) === 'failure.json')
    .map((path) => join(failureDir, dirname(path)))
    .sort();
}

/** Links each of `names` in `modules` to the package this repository has installed. */
function linkInstalled(modules: string, names: readonly string[]): void {
  for (const name of names) {
    const link = join(modules, name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(repository, 'node_modules', name)), link, 'junction');
  }
}

/**
 * dmemfs for Vitest, straight from this repository's TypeScript sources: a `package.json` whose
 * entry points are the sources, and a link to `src/`. Vite compiles TypeScript as it loads it, so
 * no build is needed. (Inside the repository, `paths` in tsconfig.json does the same for tsx.)
 */
function installSources(directory: string): void {
  const exports: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const file = typeof target === 'string' ? target : target.default;
    if (file.startsWith('./dist/')) {
      exports[subpath] = file
        .replace(/^\.\/dist\//, './src/')
        .replace(/\.js$/, '.ts')
        .replace(/\.cjs$/, '.cts');
    }
  }
  const { name, version } = manifest;
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    join(directory, 'package.json'),
    `${JSON.stringify({ name, version, type: 'module', exports })}\n`,
  );
  symlinkSync(join(repository, 'src'), join(directory, 'src'), 'junction');
}

/**
 * dmemfs for Jest, compiled as npm installs it (`package.json` and `dist/`). Node, not Jest, loads
 * a test environment, and Node 20 runs JavaScript only. The compiler only emits here
 * (`--noCheck`): `npm test` type-checks the same sources.
 */
async function installCompiled(directory: string): Promise<void> {
  await promisify(execFile)(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '--project',
    join(repository, 'tsconfig.build.json'),
    '--outDir',
    join(directory, 'dist'),
    '--noCheck',
    '--declaration',
    'false',
    '--declarationMap',
    'false',
    '--sourceMap',
    'false',
  ]);
  cpSync(join(repository, 'package.json'), join(directory, 'package.json'));
}

/** This process's environment without dmemfs's own variables, so a shell's settings move no export. */
function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DMEMFS_') && name !== 'FORCE_COLOR') env[name] = value;
  }
  return env;
}

/** The tests of a runner's JSON report (Vitest writes the same shape as Jest). */
function readOutcomes(report: string): TestOutcome[] {
  const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as {
    testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
  };
  return testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({
      fullName: [...test.ancestorTitles, test.title].join(' > '),
      status: test.status,
    })),
  );
}

/** Runs `node` with `args`; resolves with the exit code and everything printed. */
function runNode(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output: Buffer.concat(chunks).toString('utf8') }));
  });
}
