/**
 * The synchronous calls of a view, bound to its context: the `*Sync` half of `node:fs`, which the
 * callback and promise forms are built on.
 *
 * @module
 */

import type { ViewContext } from './context.js';
import { copyTree } from './copy-tree.js';
import { openDirectory } from './dir.js';
import {
  makeDirectory,
  makeTemporaryDirectory,
  readDirectory,
  removeDirectory,
  removePath,
} from './directories.js';
import {
  accessPath,
  pathExists,
  readLink,
  realPath,
  renamePath,
  setPathTimes,
  statFileSystem,
  statPath,
  unlinkPath,
} from './entries.js';
import {
  closeFile,
  openFile,
  readFromFile,
  readRequest,
  readVector,
  setFileTimes,
  statFile,
  syncFile,
  truncateFile,
  writeRequest,
  writeToFile,
  writeVector,
} from './fd-calls.js';
import { copyWholeFile, readWholeFile, truncatePath, writeWholeFile } from './whole-files.js';

/**
 * The names of the calls a view supports, each in its sync and callback forms: the one list the
 * call tables and the `NodeFs` type are built from.
 */
export type CallName =
  | 'access'
  | 'appendFile'
  | 'close'
  | 'copyFile'
  | 'cp'
  | 'exists'
  | 'fdatasync'
  | 'fstat'
  | 'fsync'
  | 'ftruncate'
  | 'futimes'
  | 'lstat'
  | 'lutimes'
  | 'mkdir'
  | 'mkdtemp'
  | 'open'
  | 'opendir'
  | 'read'
  | 'readFile'
  | 'readdir'
  | 'readlink'
  | 'readv'
  | 'realpath'
  | 'rename'
  | 'rm'
  | 'rmdir'
  | 'stat'
  | 'statfs'
  | 'truncate'
  | 'unlink'
  | 'utimes'
  | 'write'
  | 'writeFile'
  | 'writev';

/** A call with Node's loose argument list. */
type Call = (...args: unknown[]) => unknown;

/** `realpathSync`, which carries a `native` variant. */
export type RealpathSync = Call & { native: Call };

/** The synchronous calls, by their `node:fs` names. */
export type SyncCalls = Record<`${Exclude<CallName, 'realpath'>}Sync`, Call> & {
  realpathSync: RealpathSync;
};

/** The synchronous calls of the view `ctx` belongs to. */
export function createSyncCalls(ctx: ViewContext): SyncCalls {
  const realpathSync = ((path: unknown, options?: unknown) =>
    realPath(ctx, 'lstat', path, options)) as RealpathSync;
  realpathSync.native = (path: unknown, options?: unknown) => realPath(ctx, 'realpath', path, options);
  return {
    accessSync: (path, mode) => accessPath(ctx, path, mode),
    appendFileSync: (path, data, options) => writeWholeFile(ctx, path, data, options, 'a'),
    closeSync: (fd) => closeFile(ctx, fd),
    copyFileSync: (src, dest, mode) => copyWholeFile(ctx, src, dest, mode),
    cpSync: (src, dest, options) => copyTree(ctx, src, dest, options),
    existsSync: (path) => pathExists(ctx, path),
    fdatasyncSync: (fd) => syncFile(ctx, fd, 'fdatasync'),
    fstatSync: (fd, options) => statFile(ctx, fd, options),
    fsyncSync: (fd) => syncFile(ctx, fd, 'fsync'),
    ftruncateSync: (fd, length) => truncateFile(ctx, fd, length),
    futimesSync: (fd, atime, mtime) => setFileTimes(ctx, fd, atime, mtime),
    lstatSync: (path, options) => statPath(ctx, 'lstat', path, options),
    lutimesSync: (path, atime, mtime) => setPathTimes(ctx, path, atime, mtime, 'lutime'),
    mkdirSync: (path, options) => makeDirectory(ctx, path, options),
    mkdtempSync: (prefix, options) => makeTemporaryDirectory(ctx, prefix, options),
    openSync: (path, flags, mode) => openFile(ctx, path, flags, mode),
    opendirSync: (path, options) => openDirectory(ctx, path, options),
    readFileSync: (path, options) => readWholeFile(ctx, path, options),
    readSync: (fd, ...args) => readFromFile(ctx, fd, readRequest(args)),
    readdirSync: (path, options) => readDirectory(ctx, path, options),
    readlinkSync: (path, options) => readLink(ctx, path, options),
    readvSync: (fd, buffers, position) => readVector(ctx, fd, buffers, position),
    realpathSync,
    renameSync: (oldPath, newPath) => renamePath(ctx, oldPath, newPath),
    rmSync: (path, options) => removePath(ctx, path, options),
    rmdirSync: (path, options) => removeDirectory(ctx, path, options),
    statSync: (path, options) => statPath(ctx, 'stat', path, options),
    statfsSync: (path, options) => statFileSystem(ctx, path, options),
    truncateSync: (path, length) => truncatePath(ctx, path, length),
    unlinkSync: (path) => unlinkPath(ctx, path),
    utimesSync: (path, atime, mtime) => setPathTimes(ctx, path, atime, mtime),
    writeFileSync: (path, data, options) => writeWholeFile(ctx, path, data, options, 'w'),
    writeSync: (fd, ...args) => writeToFile(ctx, fd, writeRequest(args)),
    writevSync: (fd, buffers, position) => writeVector(ctx, fd, buffers, position),
  };
}
