/**
 * `Stats`, `BigIntStats`, `Dirent` and `StatFs`, with the fields and methods of Node's own.
 *
 * Files report mode `0o100644`, directories `0o40755`; sizes and block counts are those of a 4 KiB
 * block disk (a directory is one block). Access and change times equal the modification time: the
 * engine keeps no separate ones. `uid`/`gid` are the process's own.
 *
 * @module
 */

import constants from 'node:constants';

const { S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK } = constants;

/** Mode of every file: a regular file, `rw-r--r--`. */
export const FILE_MODE = S_IFREG | 0o644;
/** Mode of every directory: `rwxr-xr-x`. */
export const DIRECTORY_MODE = S_IFDIR | 0o755;
/** Block size reported in `blksize`. */
export const BLOCK_SIZE = 4096;

/** What a `Stats` is built from. */
export interface StatsFields {
  dev: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  blksize: number;
  ino: number;
  size: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
}

/** The type tests every stats object has; they read the `S_IFMT` bits of `mode`. */
abstract class StatsBase<T extends number | bigint> {
  abstract readonly mode: T;

  #type(): number {
    return Number(this.mode) & S_IFMT;
  }
  isFile(): boolean {
    return this.#type() === S_IFREG;
  }
  isDirectory(): boolean {
    return this.#type() === S_IFDIR;
  }
  /** Always false: dmemfs has no symbolic links. */
  isSymbolicLink(): boolean {
    return this.#type() === S_IFLNK;
  }
  isFIFO(): boolean {
    return this.#type() === S_IFIFO;
  }
  isSocket(): boolean {
    return this.#type() === S_IFSOCK;
  }
  isCharacterDevice(): boolean {
    return this.#type() === S_IFCHR;
  }
  isBlockDevice(): boolean {
    return this.#type() === S_IFBLK;
  }
}

/** Node's `fs.Stats`: numbers, times in ms since the epoch, and their `Date`s. */
export class Stats extends StatsBase<number> {
  dev: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  blksize: number;
  ino: number;
  size: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;

  /** @internal Made by the view's `stat` calls. */
  constructor(fields: StatsFields) {
    super();
    this.dev = fields.dev;
    this.mode = fields.mode;
    this.nlink = fields.nlink;
    this.uid = fields.uid;
    this.gid = fields.gid;
    this.rdev = fields.rdev;
    this.blksize = fields.blksize;
    this.ino = fields.ino;
    this.size = fields.size;
    this.blocks = fields.blocks;
    this.atimeMs = fields.atimeMs;
    this.mtimeMs = fields.mtimeMs;
    this.ctimeMs = fields.ctimeMs;
    this.birthtimeMs = fields.birthtimeMs;
    this.atime = new Date(fields.atimeMs);
    this.mtime = new Date(fields.mtimeMs);
    this.ctime = new Date(fields.ctimeMs);
    this.birthtime = new Date(fields.birthtimeMs);
  }
}

const NS_PER_MS = 1_000_000n;

/** Node's `fs.BigIntStats` (`{ bigint: true }`): bigints, plus `*Ns` times in nanoseconds. */
export class BigIntStats extends StatsBase<bigint> {
  dev: bigint;
  mode: bigint;
  nlink: bigint;
  uid: bigint;
  gid: bigint;
  rdev: bigint;
  blksize: bigint;
  ino: bigint;
  size: bigint;
  blocks: bigint;
  atimeMs: bigint;
  mtimeMs: bigint;
  ctimeMs: bigint;
  birthtimeMs: bigint;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  birthtimeNs: bigint;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;

  /** @internal Made by the view's `stat` calls. */
  constructor(fields: StatsFields) {
    super();
    this.dev = BigInt(fields.dev);
    this.mode = BigInt(fields.mode);
    this.nlink = BigInt(fields.nlink);
    this.uid = BigInt(fields.uid);
    this.gid = BigInt(fields.gid);
    this.rdev = BigInt(fields.rdev);
    this.blksize = BigInt(fields.blksize);
    this.ino = BigInt(fields.ino);
    this.size = BigInt(fields.size);
    this.blocks = BigInt(fields.blocks);
    const ms = (value: number) => BigInt(Math.trunc(value));
    this.atimeMs = ms(fields.atimeMs);
    this.mtimeMs = ms(fields.mtimeMs);
    this.ctimeMs = ms(fields.ctimeMs);
    this.birthtimeMs = ms(fields.birthtimeMs);
    this.atimeNs = this.atimeMs * NS_PER_MS;
    this.mtimeNs = this.mtimeMs * NS_PER_MS;
    this.ctimeNs = this.ctimeMs * NS_PER_MS;
    this.birthtimeNs = this.birthtimeMs * NS_PER_MS;
    this.atime = new Date(fields.atimeMs);
    this.mtime = new Date(fields.mtimeMs);
    this.ctime = new Date(fields.ctimeMs);
    this.birthtime = new Date(fields.birthtimeMs);
  }
}

/** Blocks of 512 bytes that `size` bytes occupy on a 4 KiB-block disk. */
export function blocksFor(size: number): number {
  return Math.ceil(size / BLOCK_SIZE) * (BLOCK_SIZE / 512);
}

/** The entry kinds a `Dirent` can name here. */
export type EntryKind = 'file' | 'directory';

/** Node's `fs.Dirent`: a directory entry's name, the directory it is in, and its kind. */
export class Dirent<Name extends string | Buffer = string> {
  /** The entry's name. */
  name: Name;
  /** The directory the entry is in, as the caller named it. */
  parentPath: string;
  /** Alias of `parentPath` (Node 20 has both). */
  path: string;
  readonly #kind: EntryKind;

  /** @internal Made by the view's `readdir` and `opendir`. */
  constructor(name: Name, parentPath: string, kind: EntryKind) {
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this.#kind = kind;
  }
  isFile(): boolean {
    return this.#kind === 'file';
  }
  isDirectory(): boolean {
    return this.#kind === 'directory';
  }
  /** Always false: dmemfs has no symbolic links. */
  isSymbolicLink(): boolean {
    return false;
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
  isCharacterDevice(): boolean {
    return false;
  }
  isBlockDevice(): boolean {
    return false;
  }
}

/** Node's `fs.StatFs`: the quota seen as a disk of 4 KiB blocks, and the node cap as its inodes. */
export class StatFs<T extends number | bigint = number> {
  type: T;
  bsize: T;
  blocks: T;
  bfree: T;
  bavail: T;
  files: T;
  ffree: T;

  constructor(fields: Record<'type' | 'bsize' | 'blocks' | 'bfree' | 'bavail' | 'files' | 'ffree', T>) {
    this.type = fields.type;
    this.bsize = fields.bsize;
    this.blocks = fields.blocks;
    this.bfree = fields.bfree;
    this.bavail = fields.bavail;
    this.files = fields.files;
    this.ffree = fields.ffree;
  }
}
