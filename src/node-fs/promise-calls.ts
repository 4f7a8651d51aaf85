/**
 * The `promises` form of a view's calls: each runs its synchronous counterpart inside an async
 * function, so every error, argument errors included, becomes a rejection. `open` returns a
 * `FileHandle`; `readFile`, `writeFile` and `appendFile` also take one in place of a path, and
 * `writeFile` takes iterables and streams of chunks.
 *
 * @module
 */

import constants from 'node:constants';
import { optionsObject } from './arguments.js';
import type { ViewContext } from './context.js';
import { copyTreeAsync } from './copy-tree.js';
import type { Dir } from './dir.js';
import { descriptorOf, FileHandle } from './file-handle.js';
import type { SyncCalls } from './sync-calls.js';
import { UNSUPPORTED_PROMISE_CALLS, unsupportedPromise, unsupportedSync } from './unsupported.js';
import { readWholeFile, writeWholeFile } from './whole-files.js';

type PromiseCall = (...args: unknown[]) => Promise<unknown>;

/**
 * The names of what a view's `fs.promises` has (the calls refused with `ENOSYS` included): the one
 * list the promise calls and the `NodeFsPromises` type are built from.
 */
export type PromisesMemberName =
  | 'access'
  | 'appendFile'
  | 'copyFile'
  | 'cp'
  | 'lstat'
  | 'mkdir'
  | 'mkdtemp'
  | 'open'
  | 'opendir'
  | 'readFile'
  | 'readdir'
  | 'readlink'
  | 'realpath'
  | 'rename'
  | 'rm'
  | 'rmdir'
  | 'stat'
  | 'statfs'
  | 'truncate'
  | 'unlink'
  | 'writeFile'
  | 'chmod'
  | 'lchmod'
  | 'chown'
  | 'lchown'
  | 'link'
  | 'symlink'
  | 'utimes'
  | 'lutimes'
  | 'watch'
  | 'constants';

/** The `fs.promises` calls, by name. */
export type PromiseCalls = Record<
  Exclude<PromisesMemberName, 'open' | 'opendir' | 'watch' | 'constants'>,
  PromiseCall
> & {
  open: (path: unknown, flags?: unknown, mode?: unknown) => Promise<FileHandle>;
  opendir: (path: unknown, options?: unknown) => Promise<Dir>;
  watch: (...args: unknown[]) => never;
  constants: typeof constants;
};

/** A path, an fd, or a `FileHandle` standing for its fd. */
function pathOrFd(value: unknown, syscall: string): unknown {
  return value instanceof FileHandle ? descriptorOf(value, syscall) : value;
}

function abortError(reason: unknown): Error {
  return Object.assign(new Error('The operation was aborted', { cause: reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
}

function throwIfAborted(options: unknown): void {
  if (typeof options !== 'object' || options === null) return;
  const signal = (options as { signal?: AbortSignal }).signal;
  if (signal?.aborted) throw abortError(signal.reason);
}

/** `writeFile`'s data: bytes or a string as they are; an iterable or stream of chunks joined. */
async function collectData(data: unknown, options: unknown): Promise<unknown> {
  if (typeof data === 'string' || ArrayBuffer.isView(data) || data === null || typeof data !== 'object')
    return data;
  const iterable = data as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
  if (
    typeof iterable[Symbol.asyncIterator] !== 'function' &&
    typeof iterable[Symbol.iterator] !== 'function'
  ) {
    return data;
  }
  const encoding = (optionsObject(options).encoding as BufferEncoding | undefined) ?? 'utf8';
  const chunks: Buffer[] = [];
  for await (const chunk of data as AsyncIterable<unknown>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/** The promise calls of the view `ctx` belongs to. */
export function createPromiseCalls(ctx: ViewContext, sync: SyncCalls): PromiseCalls {
  const unsupported = {} as Record<(typeof UNSUPPORTED_PROMISE_CALLS)[number], PromiseCall>;
  for (const call of UNSUPPORTED_PROMISE_CALLS) unsupported[call] = unsupportedPromise(call);
  return {
    access: async (path, mode) => sync.accessSync(path, mode),
    appendFile: async (path, data, options) => {
      throwIfAborted(options);
      writeWholeFile(ctx, pathOrFd(path, 'write'), await collectData(data, options), options, 'a');
    },
    copyFile: async (src, dest, mode) => sync.copyFileSync(src, dest, mode),
    cp: (src, dest, options) => copyTreeAsync(ctx, src, dest, options),
    lstat: async (path, options) => sync.lstatSync(path, options),
    mkdir: async (path, options) => sync.mkdirSync(path, options),
    mkdtemp: async (prefix, options) => sync.mkdtempSync(prefix, options),
    open: async (path, flags, mode) => new FileHandle(ctx, sync.openSync(path, flags, mode) as number),
    opendir: async (path, options) => sync.opendirSync(path, options) as Dir,
    readFile: async (path, options) => {
      throwIfAborted(options);
      return readWholeFile(ctx, pathOrFd(path, 'read'), options);
    },
    readdir: async (path, options) => sync.readdirSync(path, options),
    readlink: async (path, options) => sync.readlinkSync(path, options),
    realpath: async (path, options) => sync.realpathSync.native(path, options),
    rename: async (oldPath, newPath) => sync.renameSync(oldPath, newPath),
    rm: async (path, options) => sync.rmSync(path, options),
    rmdir: async (path, options) => sync.rmdirSync(path, options),
    stat: async (path, options) => sync.statSync(path, options),
    statfs: async (path, options) => sync.statfsSync(path, options),
    truncate: async (path, length) => sync.truncateSync(path, length),
    utimes: async (path, atime, mtime) => sync.utimesSync(path, atime, mtime),
    lutimes: async (path, atime, mtime) => sync.lutimesSync(path, atime, mtime),
    unlink: async (path) => sync.unlinkSync(path),
    writeFile: async (path, data, options) => {
      throwIfAborted(options);
      writeWholeFile(ctx, pathOrFd(path, 'write'), await collectData(data, options), options, 'w');
    },
    ...unsupported,
    watch: unsupportedSync('watch'),
    constants,
  };
}
