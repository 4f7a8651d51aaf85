/**
 * `dmemfs/node-fs`: a `node:fs`-shaped view of a `MemoryFileSystem`, for code that calls `node:fs`
 * directly. A full quota surfaces as a real `ENOSPC`.
 *
 * @module dmemfs/node-fs
 */

export type { FileSystemSource } from './context.js';
export { createNodeFs, type NodeFs, type NodeFsOptions, type NodeFsPromises } from './create-node-fs.js';
export { FIRST_DESCRIPTOR } from './descriptors.js';
export { Dir } from './dir.js';
export { FsSystemError, type NodeSystemError } from './errors.js';
export { FileHandle } from './file-handle.js';
export type { PathLike } from './paths.js';
export { BigIntStats, Dirent, StatFs, Stats } from './stats.js';
export { ReadStream, WriteStream } from './streams.js';
