/**
 * Per-file reader/writer lock: many readers or one writer.
 *
 * The synchronous API only ever tries once ({@link FileLock.tryAcquire}); waiting belongs to the async
 * API ({@link FileLock.acquire}). Waiting is FIFO-fair: once anybody is queued, newcomers queue behind
 * them, so a waiting writer is never starved by readers that arrive after it.
 *
 * @module
 */

import { BlockingIOError } from './errors.js';

/** The two kinds of hold. */
export type LockMode = 'read' | 'write';

/** How long {@link FileLock.acquire} may wait. */
export interface LockWaitOptions {
  /** ms; `null` waits forever, `0` tries once. */
  readonly timeoutMs: number | null;
  /** Cancels the wait; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** The file's path, for error messages. */
  readonly path: string;
}

interface Waiter {
  readonly mode: LockMode;
  resolve(): void;
  reject(reason: unknown): void;
  cleanup(): void;
}

export class FileLock {
  #readers = 0;
  #writer = false;
  /** Waiters, oldest first; created on first use, since most files never see contention. */
  #queue: Waiter[] | null = null;

  /** True while anybody holds the lock. */
  get isLocked(): boolean {
    return this.#writer || this.#readers > 0;
  }

  /** Readers holding it now. */
  get readers(): number {
    return this.#readers;
  }

  /** True while a writer holds it. */
  get hasWriter(): boolean {
    return this.#writer;
  }

  /** Waiters in the queue. */
  get waiting(): number {
    return this.#queue?.length ?? 0;
  }

  #canGrant(mode: LockMode): boolean {
    return mode === 'read' ? !this.#writer : !this.#writer && this.#readers === 0;
  }

  #grant(mode: LockMode): void {
    if (mode === 'read') this.#readers++;
    else this.#writer = true;
  }

  /** Takes the lock if that is possible right now without jumping the queue. */
  tryAcquire(mode: LockMode): boolean {
    if ((this.#queue !== null && this.#queue.length > 0) || !this.#canGrant(mode)) return false;
    this.#grant(mode);
    return true;
  }

  /**
   * Waits for the lock. Resolves once it is held; rejects with `BlockingIOError` (`EAGAIN`) when the
   * timeout passes, or with the signal's reason when aborted. Either way a waiter that gives up
   * leaves the queue, and whoever it was blocking moves up.
   */
  acquire(mode: LockMode, options: LockWaitOptions): Promise<void> {
    if (this.tryAcquire(mode)) return Promise.resolve();
    const { timeoutMs, signal, path } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (timeoutMs === 0) return Promise.reject(this.contentionError(mode, path));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => this.#abandon(waiter, signal?.reason);
      const waiter: Waiter = {
        mode,
        resolve,
        reject,
        cleanup: () => {
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      if (timeoutMs !== null) {
        timer = setTimeout(
          () => this.#abandon(waiter, timeoutError(mode, path, timeoutMs)),
          Math.max(1, timeoutMs),
        );
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue ??= [];
      this.#queue.push(waiter);
    });
  }

  /** The error for a failed {@link tryAcquire}, saying what holds the file. */
  contentionError(mode: LockMode, path: string): BlockingIOError {
    const why = this.#writer
      ? 'it is open for writing'
      : this.#readers > 0 && mode === 'write'
        ? `it is open for reading (${this.#readers} handle${this.#readers === 1 ? '' : 's'})`
        : 'another open is already waiting for it';
    return new BlockingIOError('EAGAIN', `Could not acquire ${mode} lock on '${path}': ${why}.`, { path });
  }

  /** Releases one hold of `mode`, then serves the queue from its head. */
  release(mode: LockMode): void {
    if (mode === 'read') {
      if (this.#readers === 0) throw new Error('dmemfs internal error: read lock released but not held');
      this.#readers--;
    } else {
      if (!this.#writer) throw new Error('dmemfs internal error: write lock released but not held');
      this.#writer = false;
    }
    this.#serveQueue();
  }

  /** Grants from the head: a run of readers together, or one writer. Stops at the first that must wait. */
  #serveQueue(): void {
    const queue = this.#queue;
    if (queue === null) return;
    while (queue.length > 0 && this.#canGrant(queue[0].mode)) {
      const waiter = queue.shift()!;
      this.#grant(waiter.mode);
      waiter.cleanup();
      waiter.resolve();
      if (waiter.mode === 'write') break;
    }
  }

  #abandon(waiter: Waiter, reason: unknown): void {
    const index = this.#queue?.indexOf(waiter) ?? -1;
    if (index === -1) return; // already granted
    this.#queue!.splice(index, 1);
    waiter.cleanup();
    waiter.reject(reason);
    // A writer that gave up may have been all that held back the readers behind it.
    this.#serveQueue();
  }
}

function timeoutError(mode: LockMode, path: string, timeoutMs: number): BlockingIOError {
  return new BlockingIOError(
    'EAGAIN',
    `Could not acquire ${mode} lock on '${path}' within ${timeoutMs} ms.`,
    {
      path,
    },
  );
}
