/**
 * Looking a path up the way a system call would: what is there, or which error a missing entry is
 * (`ENOENT`, or `ENOTDIR` when a file sits in the middle of the path), and the `Stats` it shows.
 *
 * @module
 */

import {
  FileNotFoundError,
  type MemoryFileSystem,
  type MFSStatResult,
  NotADirectoryError,
} from '../fs/index.js';
import { systemError } from './errors.js';
import { identitiesOf } from './identity.js';
import type { ResolvedPath } from './paths.js';
import {
  BigIntStats,
  BLOCK_SIZE,
  blocksFor,
  DIRECTORY_MODE,
  type EntryKind,
  FILE_MODE,
  Stats,
  type StatsFields,
} from './stats.js';

/** An entry that exists. */
export interface Entry {
  readonly kind: EntryKind;
  readonly stat: MFSStatResult;
}

/** Why a lookup found nothing. */
export type Missing = 'ENOENT' | 'ENOTDIR';

/** The entry at an absolute path, or why there is none. */
export function findEntry(mfs: MemoryFileSystem, absolute: string): Entry | Missing {
  try {
    const stat = mfs.stat(absolute);
    return { kind: stat.isDir ? 'directory' : 'file', stat };
  } catch (error) {
    if (error instanceof FileNotFoundError) return 'ENOENT';
    if (error instanceof NotADirectoryError) return 'ENOTDIR';
    throw error;
  }
}

/**
 * The entry `target` names, honouring a trailing slash (a file named `f/` is `ENOTDIR`), or why
 * there is none.
 */
export function lookupEntry(mfs: MemoryFileSystem, target: ResolvedPath): Entry | Missing {
  const found = findEntry(mfs, target.absolute);
  if (typeof found !== 'string' && found.kind === 'file' && target.mustBeDirectory) return 'ENOTDIR';
  return found;
}

/** Like {@link lookupEntry}, but throws the Node error for a missing entry. */
export function requireEntry(mfs: MemoryFileSystem, target: ResolvedPath, syscall: string): Entry {
  const found = lookupEntry(mfs, target);
  if (typeof found === 'string') throw systemError(found, syscall, { path: target.raw });
  return found;
}

const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;

/** The fields of a `Stats` for the entry at `absolute`. */
export function statsFields(mfs: MemoryFileSystem, absolute: string, entry: Entry): StatsFields {
  const { stat } = entry;
  const isDir = entry.kind === 'directory';
  const identities = identitiesOf(mfs);
  const size = isDir ? BLOCK_SIZE : stat.size;
  return {
    dev: identities.device,
    mode: isDir ? DIRECTORY_MODE : FILE_MODE,
    nlink: isDir ? 2 + subdirectoryNames(mfs, absolute).length : 1,
    uid,
    gid,
    rdev: 0,
    blksize: BLOCK_SIZE,
    ino: identities.inodeOf(absolute, stat),
    size,
    blocks: blocksFor(size),
    atimeMs: stat.modifiedAt,
    mtimeMs: stat.modifiedAt,
    ctimeMs: stat.modifiedAt,
    birthtimeMs: stat.createdAt,
  };
}

/** A `Stats` (or `BigIntStats`) for the entry at `absolute`. */
export function statsOf(
  mfs: MemoryFileSystem,
  absolute: string,
  entry: Entry,
  bigint: boolean,
): Stats | BigIntStats {
  const fields = statsFields(mfs, absolute, entry);
  return bigint ? new BigIntStats(fields) : new Stats(fields);
}

/** The names of a directory's subdirectories: the first step of `walk` lists them. */
export function subdirectoryNames(mfs: MemoryFileSystem, absolute: string): string[] {
  const first = mfs.walk(absolute).next();
  return first.done ? [] : first.value[1];
}
