/**
 * Opening a file, in two halves so the sync and async APIs share everything but the wait:
 * {@link prepareOpen} resolves or creates the file; the caller takes the lock (at once, or by
 * waiting); {@link completeOpen} applies the mode's effects and returns the handle.
 *
 * @module
 */

import { integerOption } from './arguments.js';
import { FileExistsError, InvalidArgumentError, IsADirectoryError } from './errors.js';
import { createHandle, lockModeOf, type MemoryFileHandle, type OpenMode, parseOpenMode } from './handle.js';
import type { LockMode } from './lock.js';
import { lockTimeoutOption } from './options.js';
import { baseName, normalizePath } from './path.js';
import type { FileSystemState } from './state.js';
import { FileContent } from './storage/file-content.js';
import { FileNode } from './tree.js';

/** Options of `open`. */
export interface OpenOptions {
  /** Grow a new or existing file to at least this many zero bytes (writable modes only). */
  preallocate?: number;
  /**
   * ms the async API waits for a contended lock; `null` waits forever, `0` tries once. Default:
   * the filesystem's `defaultLockTimeout`. The sync API never waits.
   */
  lockTimeout?: number | null;
  /** Cancels a waiting async `open`. */
  signal?: AbortSignal;
}

/** A file resolved (or just created) for opening, before its lock is taken. */
export interface OpenPlan {
  readonly path: string;
  readonly mode: OpenMode;
  readonly lock: LockMode;
  readonly node: FileNode;
  /** True when this open created the file (it is removed again if the open fails). */
  readonly created: boolean;
  readonly preallocate: number;
  readonly lockTimeout: number | null;
}

/** Validates the arguments and resolves or creates the file. Takes no lock. */
export function prepareOpen(
  state: FileSystemState,
  rawPath: string,
  rawMode: unknown,
  options: OpenOptions | undefined,
): OpenPlan {
  const mode = parseOpenMode(rawMode);
  // Most opens pass no options; skip reading them then (this is the hottest path of the engine).
  let preallocate = 0;
  let lockTimeout = state.options.defaultLockTimeout;
  if (options !== undefined) {
    preallocate = preallocateOption(options?.preallocate);
    if (preallocate > 0 && mode === 'rb') {
      throw new InvalidArgumentError("preallocate needs a writable mode; 'rb' cannot grow a file.");
    }
    lockTimeout = lockTimeoutOption(options?.lockTimeout, lockTimeout);
  }
  const tree = state.tree;
  // A path the tree has resolved before is normalized already (the resolution cache holds only
  // normalized paths): looking it up is cheaper than checking it again.
  let existing = tree.cachedNode(rawPath);
  let path = rawPath;
  if (existing === undefined) {
    path = normalizePath(rawPath);
    existing = tree.resolve(path);
  }
  if (existing !== undefined && existing.kind === 'directory') {
    throw new IsADirectoryError(`Is a directory: '${path}'`, { path });
  }
  const lock = lockModeOf(mode);
  if (existing !== undefined) {
    if (mode === 'xb') throw new FileExistsError(`File exists: '${path}'`, { path });
    return { path, mode, lock, node: existing, created: false, preallocate, lockTimeout };
  }
  if (mode === 'rb' || mode === 'r+b') throw tree.explainMissing(path, 'No such file');
  const parent = tree.parentForCreate(path);
  const now = state.clock();
  const node = new FileNode(parent, FileContent.empty(state.storage), now);
  tree.addFile(parent, baseName(path), node, path);
  return { path, mode, lock, node, created: true, preallocate, lockTimeout };
}

/**
 * Finishes an open whose lock the caller holds: truncates for `wb`, preallocates, and returns the
 * handle. If anything fails, the lock is released and the file is as it was (a file this open
 * created is removed again).
 */
export function completeOpen(state: FileSystemState, plan: OpenPlan): MemoryFileHandle {
  const { node, path } = plan;
  const truncating = plan.mode === 'wb' && !plan.created;
  // Nothing to apply, so nothing can fail: the common case.
  if (!truncating && plan.preallocate === 0) return createHandle(state, node, path, plan.mode);
  const previous = node.content;
  let grew = false;
  try {
    if (truncating) {
      node.content = previous.emptied();
      state.ledger.release(previous.usage);
    }
    if (plan.preallocate > node.content.size) {
      node.content.truncate(plan.preallocate, path);
      grew = true;
    }
  } catch (error) {
    if (truncating) {
      // The truncation is undone; the quota it released is still free, so re-charging cannot fail.
      state.ledger.apply(previous.usage - node.content.usage);
      node.content = previous;
    }
    abandonOpen(state, plan);
    throw error;
  }
  if (truncating) {
    node.generation++;
    node.modifiedAt = state.clock();
  }
  // Preallocation counts as a change of content but, as in D-MemFS, not as a modification time.
  if (grew) node.generation++;
  return createHandle(state, node, path, plan.mode);
}

/** Gives back the lock of a failed open and removes a file the open created. */
function abandonOpen(state: FileSystemState, plan: OpenPlan): void {
  plan.node.lock.release(plan.lock);
  discardPlan(state, plan);
}

/** Removes a file created by a plan whose lock was never taken (an async wait that failed). */
export function discardPlan(state: FileSystemState, plan: OpenPlan): void {
  if (plan.created && !plan.node.removed && plan.node.parent !== null) {
    state.tree.unlink(plan.node.parent, baseName(plan.path));
    state.ledger.release(state.tree.forget(plan.node));
  }
}

/** The synchronous open: never waits; a contended lock throws `BlockingIOError` (`EAGAIN`) at once. */
export function openSync(
  state: FileSystemState,
  path: string,
  mode: unknown,
  options: OpenOptions | undefined,
): MemoryFileHandle {
  const plan = prepareOpen(state, path, mode, options);
  if (!plan.node.lock.tryAcquire(plan.lock)) throw plan.node.lock.contentionError(plan.lock, plan.path);
  return completeOpen(state, plan);
}

function preallocateOption(value: unknown): number {
  return value === undefined || value === null ? 0 : integerOption(value, 'preallocate', 0);
}
