/**
 * dmemfs installed the way a user gets it, for code that must run against the published package: the
 * end-to-end tests (`test/e2e/scratch-project.ts`) and the `vitest_suite` benchmark case.
 *
 * {@link ensurePackageInstall} compiles `src/` into `<base>/node_modules/dmemfs/dist` beside the
 * package's `package.json`, and links installed packages (dependencies, runners, peers) next to it.
 * Code placed below `base` then resolves `dmemfs` and those packages exactly as after
 * `npm install dmemfs`.
 *
 * @module
 */

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { threadId } from 'node:worker_threads';

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

/** The repository root. */
export const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const manifest = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The package's runtime dependencies: every install links them. */
export const RUNTIME_DEPENDENCIES: readonly string[] = Object.keys(manifest.dependencies);

/** Marks a complete install. */
const READY = '.ready';

/**
 * Makes `base` an install of the built package with `linkedPackages` (installed packages, resolved from
 * the repository) beside it, unless it is one already. Safe to call concurrently from several
 * processes or threads: each builds in its own staging directory and the first to finish moves it
 * into place. Returns `base`.
 *
 * The build is a plain emit (`--noCheck`): the sources are type-checked by `npm test`, and the emitted
 * JavaScript and declarations are the same either way.
 */
export async function ensurePackageInstall(base: string, linkedPackages: readonly string[]): Promise<string> {
  if (existsSync(join(base, READY))) return base;
  const staging = `${base}.${process.pid}-${threadId}-${randomUUID().slice(0, 8)}`;
  const dmemfs = join(staging, 'node_modules/dmemfs');
  try {
    await execFileAsync(process.execPath, [
      require.resolve('typescript/bin/tsc'),
      '-p',
      join(repository, 'tsconfig.build.json'),
      '--outDir',
      join(dmemfs, 'dist'),
      '--declarationMap',
      'false',
      '--sourceMap',
      'false',
      '--noCheck',
    ]);
    cpSync(join(repository, 'package.json'), join(dmemfs, 'package.json'));
    for (const name of new Set([...RUNTIME_DEPENDENCIES, ...linkedPackages])) {
      const target = join(staging, 'node_modules', name);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(realpathSync(join(repository, 'node_modules', name)), target);
    }
    writeFileSync(join(staging, READY), '');
    renameSync(staging, base);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another process or thread got there first.
    if (!existsSync(join(base, READY))) throw error;
  }
  return base;
}

/** The file Node runs for the `vitest` command. */
export function vitestEntry(): string {
  return join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
}

/**
 * This process's environment without the variables through which a parent test runner talks to its
 * workers, without Node options and coverage, and without dmemfs's own settings, plus `extra`: what a
 * test runner started as a child process should see.
 */
export function childEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TINYPOOL|JEST|NODE_OPTIONS|NODE_V8_COVERAGE|FORCE_COLOR|NO_COLOR|DMEMFS_)/.test(name)) {
      environment[name] = value;
    }
  }
  return { ...environment, NO_COLOR: '1', CI: 'true', ...extra };
}
