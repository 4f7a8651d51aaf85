/**
 * `createNodeFs`: puts the sync, callback and promise calls, the streams, the classes and the
 * constants together into one object shaped like `node:fs`.
 *
 * @module
 */

import constants from 'node:constants';
import type * as fs from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { posix } from 'node:path';
import { InvalidArgumentError, MemoryFileSystem } from '../fs/index.js';
import { createCallbackCalls } from './callback-calls.js';
import { type FileSystemSource, ViewContext } from './context.js';
import { Dir } from './dir.js';
import { FileHandle } from './file-handle.js';
import { createPromiseCalls, type PromisesMemberName } from './promise-calls.js';
import { BigIntStats, Dirent, StatFs, Stats } from './stats.js';
import { ReadStream, WriteStream } from './streams.js';
import { type CallName, createSyncCalls } from './sync-calls.js';
import {
  UNSUPPORTED_CALLS,
  UNSUPPORTED_IMMEDIATE_CALLS,
  unsupportedCallback,
  unsupportedPromise,
  unsupportedSync,
} from './unsupported.js';

/** Options of {@link createNodeFs}. */
export interface NodeFsOptions {
  /** The virtual working directory relative paths resolve against (absolute). Default `'/'`. */
  cwd?: string;
}

// Local aliases of the call tables' name lists: TypeDoc follows `@inline` only on a local alias,
// not through an import, and the public types should show the names themselves.

/**
 * The calls a view supports (each in its sync and callback forms).
 *
 * @inline
 */
type SupportedCall = CallName;

/**
 * What the `fs.promises` of a view has.
 *
 * @inline
 */
type PromisesMember = PromisesMemberName;

/**
 * The calls a view has but refuses with `ENOSYS`.
 *
 * @inline
 */
type UnsupportedCall = (typeof UNSUPPORTED_CALLS)[number];

/** The `fs.promises` of a view. */
export type NodeFsPromises = Pick<typeof fsPromises, PromisesMember>;

/**
 * A `node:fs`-shaped view of a `MemoryFileSystem`, typed as the corresponding part of `node:fs`.
 * See the README section "Using code that calls node:fs" for what differs.
 */
export type NodeFs = Pick<
  typeof fs,
  | SupportedCall
  | `${SupportedCall}Sync`
  | UnsupportedCall
  | `${UnsupportedCall}Sync`
  | (typeof UNSUPPORTED_IMMEDIATE_CALLS)[number]
  | 'openAsBlob'
  | 'createReadStream'
  | 'createWriteStream'
  | 'Stats'
  | 'Dirent'
  | 'Dir'
  | 'ReadStream'
  | 'WriteStream'
  | 'constants'
> & {
  promises: NodeFsPromises;
  F_OK: number;
  R_OK: number;
  W_OK: number;
  X_OK: number;
};

const OPTION_NAMES = new Set(['cwd']);

function viewOptions(options: unknown): { cwd: string } {
  if (options === undefined) return { cwd: '/' };
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `createNodeFs options must be an object; got ${options === null ? 'null' : typeof options}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key)) throw new InvalidArgumentError(`Unknown createNodeFs option '${key}'.`);
  }
  const cwd = (options as NodeFsOptions).cwd;
  if (cwd === undefined) return { cwd: '/' };
  if (typeof cwd !== 'string') throw new TypeError(`Option 'cwd' must be a string; got ${typeof cwd}.`);
  if (!cwd.startsWith('/') || cwd.includes('\0')) {
    throw new InvalidArgumentError(
      `Option 'cwd' must be an absolute POSIX path; got ${JSON.stringify(cwd)}.`,
    );
  }
  return { cwd: posix.resolve(cwd) };
}

/**
 * A `node:fs`-shaped view of a filesystem: the sync, callback and `promises` forms of the common
 * calls, file descriptors and `FileHandle`s, `createReadStream`/`createWriteStream`, and `Stats`,
 * `Dirent` and `Dir` objects. Errors look like Node's (`code`, `errno`, `syscall`, `path`, `dest`);
 * a full quota is `ENOSPC`. Paths may be strings, Buffers or `file:` URLs; relative ones resolve
 * against `options.cwd` (default `/`), never against `process.cwd()`.
 *
 * Pass a function instead of a filesystem to choose the filesystem on every call, e.g. the current
 * test's through an `AsyncLocalStorage`.
 *
 * @example
 * ```ts
 * const mfs = new MemoryFileSystem({ maxQuota: 1024 });
 * const fs = createNodeFs(mfs);
 * fs.writeFileSync('/a.txt', 'hello');
 * fs.readFileSync('/a.txt', 'utf8'); // 'hello'
 * fs.writeFileSync('/big.bin', Buffer.alloc(4096)); // throws ENOSPC: no space left on device, write
 * ```
 */
export function createNodeFs(source: FileSystemSource, options?: NodeFsOptions): NodeFs {
  if (!(source instanceof MemoryFileSystem) && typeof source !== 'function') {
    throw new TypeError('createNodeFs needs a MemoryFileSystem or a function that returns one.');
  }
  const ctx = new ViewContext(source, viewOptions(options).cwd);
  const sync = createSyncCalls(ctx);
  const callbacks = createCallbackCalls(ctx, sync);
  const unsupported: Record<string, unknown> = {};
  for (const call of UNSUPPORTED_CALLS) {
    unsupported[call] = unsupportedCallback(call);
    unsupported[`${call}Sync`] = unsupportedSync(call);
  }
  for (const call of UNSUPPORTED_IMMEDIATE_CALLS) unsupported[call] = unsupportedSync(call);
  unsupported.openAsBlob = unsupportedPromise('openAsBlob');
  const view = {
    ...sync,
    ...callbacks,
    ...unsupported,
    createReadStream: (path: unknown, streamOptions?: unknown) => new ReadStream(ctx, path, streamOptions),
    createWriteStream: (path: unknown, streamOptions?: unknown) => new WriteStream(ctx, path, streamOptions),
    Stats,
    BigIntStats,
    StatFs,
    Dirent,
    Dir,
    ReadStream,
    WriteStream,
    FileHandle,
    constants,
    F_OK: constants.F_OK,
    R_OK: constants.R_OK,
    W_OK: constants.W_OK,
    X_OK: constants.X_OK,
    promises: createPromiseCalls(ctx, sync),
  };
  return view as unknown as NodeFs;
}
