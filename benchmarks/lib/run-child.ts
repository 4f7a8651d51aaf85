/**
 * Spawns one benchmark child process and turns whatever happens to it into a {@link ChildReport}.
 *
 * @module
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ChildReport, type ChildTask, isChildReport } from './protocol.js';

const CHILD_SCRIPT = fileURLToPath(new URL('../child.ts', import.meta.url));

/**
 * tsx's ESM loader, resolved to an absolute URL so that `--import` finds it whatever the child's
 * working directory is.
 */
const TSX_LOADER = import.meta.resolve('tsx');

/** Keep this much of a crashed child's output for the error row. */
const OUTPUT_TAIL_CHARS = 2000;

/**
 * Runs `task` in a fresh Node process (`--expose-gc`, TypeScript through tsx) and resolves with its
 * report. Never rejects: a crash, a non-zero exit without a report or a timeout become an error report.
 */
export function runChild(task: ChildTask, timeoutMs: number): Promise<ChildReport> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', TSX_LOADER, CHILD_SCRIPT, JSON.stringify(task)],
      { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    let report: ChildReport | undefined;
    let output = '';
    let timedOut = false;
    const keepTail = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    // Both are pipes, as requested in `stdio` above.
    child.stdout!.on('data', keepTail);
    child.stderr!.on('data', keepTail);
    child.on('message', (message) => {
      report = isChildReport(message) ? message : { status: 'error', message: 'malformed report from child' };
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const finish = (fallback: string) => {
      clearTimeout(timer);
      const tail = output.trim();
      resolve(report ?? { status: 'error', message: tail === '' ? fallback : `${fallback}\n${tail}` });
    };
    child.on('error', (error) => finish(`could not start child: ${error.message}`));
    child.on('close', (code, signal) => {
      finish(
        timedOut
          ? `timed out after ${timeoutMs / 1000} s`
          : `child exited with ${signal === null ? `code ${code}` : `signal ${signal}`} without a report`,
      );
    });
  });
}
