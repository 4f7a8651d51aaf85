/**
 * Looking at a file's lock from a test: engine details that prove a lock was given back, or that a
 * waiter which gave up has left the queue.
 */
import { stateOf } from '../../src/fs/filesystem.js';
import type { FileLock } from '../../src/fs/lock.js';
import type { MemoryFileSystem } from '../../src/index.js';

function lockOf(mfs: MemoryFileSystem, path: string): FileLock {
  const node = stateOf(mfs).tree.resolve(path);
  if (node?.kind !== 'file') throw new Error(`not a file: ${path}`);
  return node.lock;
}

/** True while anything holds the file's lock: an open handle, or a stream that holds it. */
export function isLocked(mfs: MemoryFileSystem, path: string): boolean {
  return lockOf(mfs, path).isLocked;
}

/** Waiters queued on the file's lock. */
export function waitersOn(mfs: MemoryFileSystem, path: string): number {
  return lockOf(mfs, path).waiting;
}
