/**
 * The open that waits for its lock, shared by the async view and the streams. Everything but the
 * wait is the synchronous open's: {@link prepareOpen} resolves or creates the file, and
 * {@link completeOpen} applies the mode and returns the handle.
 *
 * @module
 */

import type { MemoryFileHandle } from './handle.js';
import { completeOpen, discardPlan, type OpenOptions, prepareOpen } from './open.js';
import type { FileSystemState } from './state.js';

/**
 * Opens a file, waiting for a contended lock up to `options.lockTimeout` ms (`null` forever, `0`
 * once; default: the filesystem's `defaultLockTimeout`), FIFO-fair with every other waiter of that
 * file. Rejects with `BlockingIOError` (`EAGAIN`) on timeout, or with the signal's reason when
 * `options.signal` aborts (an already aborted signal opens nothing). A failed open changes nothing.
 */
export async function openAsync(
  state: FileSystemState,
  path: string,
  mode: unknown,
  options: OpenOptions | undefined,
): Promise<MemoryFileHandle> {
  const signal = signalOption(options?.signal);
  signal?.throwIfAborted();
  const plan = prepareOpen(state, path, mode, options);
  const lock = plan.node.lock;
  // A file this open has just created has a free lock, so creating, locking and completing it is one
  // synchronous step: nobody can see it half-made. Only an existing file can make the open wait,
  // and while anybody holds it, it cannot be removed, renamed or replaced.
  if (!lock.tryAcquire(plan.lock)) {
    try {
      await lock.acquire(plan.lock, { timeoutMs: plan.lockTimeout, signal, path: plan.path });
    } catch (error) {
      discardPlan(state, plan);
      throw error;
    }
  }
  return completeOpen(state, plan);
}

/** The `signal` option: an `AbortSignal` or nothing. */
export function signalOption(value: unknown): AbortSignal | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof AbortSignal)) {
    throw new TypeError(`Option 'signal' must be an AbortSignal; got ${typeof value}.`);
  }
  return value;
}
