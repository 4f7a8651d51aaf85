/**
 * Runs a child Node process, TypeScript programs through tsx as `node --import tsx file.ts` would,
 * and collects what it printed.
 *
 * @module
 */

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** tsx's loader as a URL, so that `--import` finds it from any working directory. */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How a child process ended, and what it printed. */
export interface NodeRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runNode}. */
export interface RunOptions {
  /** Working directory. Default: the repository. */
  readonly cwd?: string;
  /** Variables added to the child's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** ms before the child is killed. Default 60 s. */
  readonly timeout?: number;
}

/** Options of {@link runTypeScript}. */
export interface TypeScriptRunOptions extends RunOptions {
  /** More `--import` preloads, after tsx. */
  readonly preload?: readonly string[];
}

/** The environment without the parent test runner's own variables, so the child runs as from a shell. */
function childEnvironment(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TINYPOOL|NODE_OPTIONS|FORCE_COLOR|NO_COLOR)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs `file` through tsx, with `args`; resolves however the child ends. */
export function runTypeScript(
  file: string,
  args: readonly string[] = [],
  options: TypeScriptRunOptions = {},
): Promise<NodeRun> {
  const imports = [tsxLoader, ...(options.preload ?? [])].flatMap((url) => ['--import', url]);
  return runNode([...imports, file, ...args], options);
}

/** Runs `node` with `args`; resolves however the child ends. */
export function runNode(args: readonly string[], options: RunOptions = {}): Promise<NodeRun> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repository,
    env: childEnvironment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeout ?? 60_000,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/** A failure message with everything the child printed. */
export function describeRun(run: NodeRun): string {
  return `exit ${run.code ?? run.signal}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
}
