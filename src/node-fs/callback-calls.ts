/**
 * The callback form of a view's calls. Each runs its synchronous counterpart and always calls back
 * on a later tick (`process.nextTick`), never synchronously. As in Node, argument errors (wrong types
 * and values, a missing callback) throw at once; everything else reaches the callback.
 *
 * @module
 */

import { takeCallback } from './arguments.js';
import type { ViewContext } from './context.js';
import { copyTreeAsync } from './copy-tree.js';
import { isArgumentError } from './errors.js';
import { readFromFile, readRequest, writeRequest, writeToFile } from './fd-calls.js';
import type { CallName, SyncCalls } from './sync-calls.js';

/** A callback-style call. */
type CallbackCall = (...args: unknown[]) => void;

/** `realpath`, which carries a `native` variant. */
export type RealpathCallback = CallbackCall & { native: CallbackCall };

/** The callback calls, by their `node:fs` names. */
export type CallbackCalls = Record<Exclude<CallName, 'realpath'>, CallbackCall> & {
  realpath: RealpathCallback;
};

/**
 * A callback call over `run`, which takes the arguments before the callback and returns what goes
 * after the `null` error.
 */
function callbackOf(run: (args: unknown[]) => unknown[]): CallbackCall {
  return (...args: unknown[]) => {
    const callback = takeCallback(args);
    let results: unknown[];
    try {
      results = run(args);
    } catch (error) {
      if (isArgumentError(error)) throw error;
      process.nextTick(callback, error);
      return;
    }
    process.nextTick(callback, null, ...results);
  };
}

/** One result, or none for a call that returns nothing. */
function single(sync: (...args: unknown[]) => unknown): CallbackCall {
  return callbackOf((args) => {
    const result = sync(...args);
    return result === undefined ? [] : [result];
  });
}

/** The callback calls of the view whose sync calls are `sync`. */
export function createCallbackCalls(ctx: ViewContext, sync: SyncCalls): CallbackCalls {
  const realpath = single(sync.realpathSync) as RealpathCallback;
  realpath.native = single(sync.realpathSync.native);
  return {
    access: single(sync.accessSync),
    appendFile: single(sync.appendFileSync),
    close: single(sync.closeSync),
    copyFile: single(sync.copyFileSync),
    cp: (...args: unknown[]) => {
      const callback = takeCallback(args);
      copyTreeAsync(ctx, args[0], args[1], args[2]).then(
        () => callback(null),
        (error: unknown) => callback(error),
      );
    },
    exists: (...args: unknown[]) => {
      const callback = takeCallback(args);
      const exists = sync.existsSync(args[0]);
      process.nextTick(callback, exists);
    },
    fdatasync: single(sync.fdatasyncSync),
    fstat: single(sync.fstatSync),
    fsync: single(sync.fsyncSync),
    ftruncate: single(sync.ftruncateSync),
    futimes: single(sync.futimesSync),
    lstat: single(sync.lstatSync),
    lutimes: single(sync.lutimesSync),
    mkdir: single(sync.mkdirSync),
    mkdtemp: single(sync.mkdtempSync),
    open: single(sync.openSync),
    opendir: single(sync.opendirSync),
    read: callbackOf(([fd, ...rest]) => {
      const request = readRequest(rest);
      return [readFromFile(ctx, fd, request), request.original];
    }),
    readFile: single(sync.readFileSync),
    readdir: single(sync.readdirSync),
    readlink: single(sync.readlinkSync),
    readv: callbackOf(([fd, buffers, position]) => [sync.readvSync(fd, buffers, position), buffers]),
    realpath,
    rename: single(sync.renameSync),
    rm: single(sync.rmSync),
    rmdir: single(sync.rmdirSync),
    stat: single(sync.statSync),
    statfs: single(sync.statfsSync),
    truncate: single(sync.truncateSync),
    unlink: single(sync.unlinkSync),
    utimes: single(sync.utimesSync),
    write: callbackOf(([fd, ...rest]) => {
      const request = writeRequest(rest);
      return [writeToFile(ctx, fd, request), request.original];
    }),
    writeFile: single(sync.writeFileSync),
    writev: callbackOf(([fd, buffers, position]) => [sync.writevSync(fd, buffers, position), buffers]),
  };
}
