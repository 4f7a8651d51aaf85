/**
 * Calls about one entry: `stat`, `lstat`, `access`, `exists`, `realpath`, `readlink`, `statfs`,
 * `unlink` and `rename`.
 *
 * @module
 */

import constants from 'node:constants';
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import {
  booleanOption,
  encodingOption,
  modeFlagsArgument,
  optionsObject,
  timeArgument,
} from './arguments.js';
import type { ViewContext } from './context.js';
import { systemError, withSite } from './errors.js';
import { identitiesOf } from './identity.js';
import { findEntry, lookupEntry, requireEntry, statsOf } from './lookup.js';
import type { BigIntStats, Stats } from './stats.js';
import { BLOCK_SIZE, StatFs } from './stats.js';

/**
 * `statSync` / `lstatSync` (the same here: there are no links). With `throwIfNoEntry: false` a
 * missing entry is `undefined` rather than `ENOENT`.
 */
export function statPath(
  ctx: ViewContext,
  syscall: 'stat' | 'lstat',
  path: unknown,
  options?: unknown,
): Stats | BigIntStats | undefined {
  const target = ctx.resolve(path);
  const opts = optionsObject(options);
  const bigint = booleanOption(opts, 'bigint', false);
  const throwIfNoEntry = booleanOption(opts, 'throwIfNoEntry', true);
  const mfs = ctx.filesystem();
  const found = lookupEntry(mfs, target);
  if (found === 'ENOENT' && !throwIfNoEntry) return undefined;
  if (typeof found === 'string') throw systemError(found, syscall, { path: target.raw });
  return statsOf(mfs, target.absolute, found, bigint);
}

const { X_OK } = constants;

/**
 * `accessSync(path, mode = F_OK)`. Everything may be read and written; files are not executable
 * (`0o644`), so `X_OK` on a file is `EACCES`.
 */
export function accessPath(ctx: ViewContext, path: unknown, mode?: unknown): void {
  const target = ctx.resolve(path);
  const wanted = modeFlagsArgument(mode);
  const entry = requireEntry(ctx.filesystem(), target, 'access');
  if ((wanted & X_OK) !== 0 && entry.kind === 'file') {
    throw systemError('EACCES', 'access', { path: target.raw });
  }
}

/** `existsSync(path)`: never throws; `false` for anything that is not a reachable entry. */
export function pathExists(ctx: ViewContext, path: unknown): boolean {
  try {
    return typeof lookupEntry(ctx.filesystem(), ctx.resolve(path)) !== 'string';
  } catch {
    return false;
  }
}

/**
 * `realpathSync(path, options?)`: the absolute, normalized path of an existing entry (there are no
 * links to follow). The JavaScript form reports a missing entry as `lstat`, the native one as
 * `realpath`, as Node's do.
 */
export function realPath(
  ctx: ViewContext,
  syscall: 'lstat' | 'realpath',
  path: unknown,
  options?: unknown,
): string | Buffer {
  const target = ctx.resolve(path);
  const encoding = encodingOption(optionsObject(options).encoding, 'utf8');
  requireEntry(ctx.filesystem(), target, syscall);
  return encoding === 'buffer' ? Buffer.from(target.absolute) : target.absolute;
}

/** `readlinkSync(path)`: there are no links, so an existing entry is `EINVAL`, as on a disk. */
export function readLink(ctx: ViewContext, path: unknown, options?: unknown): never {
  const target = ctx.resolve(path);
  encodingOption(optionsObject(options).encoding, 'utf8');
  requireEntry(ctx.filesystem(), target, 'readlink');
  throw systemError('EINVAL', 'readlink', { path: target.raw });
}

/**
 * `statfsSync(path, { bigint }?)`: the quota as a disk of 4 KiB blocks (`bfree` and `bavail` are the
 * free bytes, rounded down to blocks). `files` and `ffree` are 0, as filesystems without a fixed
 * inode count report them: the node cap is not part of the engine's public surface.
 */
export function statFileSystem(
  ctx: ViewContext,
  path: unknown,
  options?: unknown,
): StatFs<number> | StatFs<bigint> {
  const target = ctx.resolve(path);
  const bigint = booleanOption(optionsObject(options), 'bigint', false);
  const mfs = ctx.filesystem();
  requireEntry(mfs, target, 'statfs');
  const { quotaBytes, freeBytes } = mfs.stats();
  const fields = {
    type: 0x01021994, // TMPFS_MAGIC: memory-backed
    bsize: BLOCK_SIZE,
    blocks: Math.floor(quotaBytes / BLOCK_SIZE),
    bfree: Math.floor(freeBytes / BLOCK_SIZE),
    bavail: Math.floor(freeBytes / BLOCK_SIZE),
    files: 0,
    ffree: 0,
  };
  if (!bigint) return new StatFs(fields);
  const big = (value: number) => BigInt(value);
  return new StatFs({
    type: big(fields.type),
    bsize: big(fields.bsize),
    blocks: big(fields.blocks),
    bfree: big(fields.bfree),
    bavail: big(fields.bavail),
    files: 0n,
    ffree: 0n,
  });
}

/** `unlinkSync(path)`: removes a file (`EISDIR` for a directory, as Linux reports it). */
export function unlinkPath(ctx: ViewContext, path: unknown): void {
  const target = ctx.resolve(path);
  const mfs = ctx.filesystem();
  const entry = requireEntry(mfs, target, 'unlink');
  if (entry.kind === 'directory') throw systemError('EISDIR', 'unlink', { path: target.raw });
  withSite({ syscall: 'unlink', path: target.raw }, () => mfs.remove(target.absolute));
  identitiesOf(mfs).removed(target.absolute);
}

/**
 * `utimesSync(path, atime, mtime)` (and `lutimes`, the same here: there are no links): sets the
 * modification time. dmemfs keeps no separate access time; `atime` is validated and reads back as
 * the modification time.
 */
export function setPathTimes(
  ctx: ViewContext,
  path: unknown,
  atime: unknown,
  mtime: unknown,
  syscall: 'utime' | 'lutime' = 'utime',
): void {
  const target = ctx.resolve(path);
  timeArgument(atime);
  const modifiedAt = timeArgument(mtime);
  const mfs = ctx.filesystem();
  requireEntry(mfs, target, syscall);
  withSite({ syscall, path: target.raw }, () => mfs.setModifiedAt(target.absolute, modifiedAt));
}

/**
 * `renameSync(oldPath, newPath)` with Linux's rules: an existing file is replaced, an empty directory
 * can be replaced by a directory, a non-empty one is `ENOTEMPTY`, a file over a directory `EISDIR`,
 * a directory over a file `ENOTDIR`, a directory into itself `EINVAL`. Atomic: the replaced entry is
 * first moved aside, and put back if the rename is refused (an open file is `EBUSY`).
 */
export function renamePath(ctx: ViewContext, oldPath: unknown, newPath: unknown): void {
  const from = ctx.resolve(oldPath, 'oldPath');
  const to = ctx.resolve(newPath, 'newPath');
  const site = { syscall: 'rename', path: from.raw, dest: to.raw };
  const mfs = ctx.filesystem();
  const source = lookupEntry(mfs, from);
  if (typeof source === 'string') throw systemError(source, 'rename', site);
  if (source.kind === 'file' && to.mustBeDirectory) throw systemError('ENOTDIR', 'rename', site);
  if (from.absolute === to.absolute) return;
  if (from.absolute === '/') throw systemError('EBUSY', 'rename', site);
  if (source.kind === 'directory' && to.absolute.startsWith(`${from.absolute}/`)) {
    throw systemError('EINVAL', 'rename', site);
  }
  const parent = findEntry(mfs, posix.dirname(to.absolute));
  if (typeof parent === 'string') throw systemError(parent, 'rename', site);
  if (parent.kind !== 'directory') throw systemError('ENOTDIR', 'rename', site);
  const destination = findEntry(mfs, to.absolute);
  if (typeof destination === 'string') {
    withSite(site, () => mfs.rename(from.absolute, to.absolute));
    identitiesOf(mfs).moved(from.absolute, to.absolute);
    return;
  }
  if (source.kind === 'file' && destination.kind === 'directory') throw systemError('EISDIR', 'rename', site);
  if (source.kind === 'directory' && destination.kind === 'file')
    throw systemError('ENOTDIR', 'rename', site);
  if (destination.kind === 'directory' && mfs.listdir(to.absolute).length > 0) {
    throw systemError('ENOTEMPTY', 'rename', site);
  }
  const aside = asideName(mfs, to.absolute);
  withSite(site, () => mfs.rename(to.absolute, aside));
  try {
    withSite(site, () => mfs.rename(from.absolute, to.absolute));
  } catch (error) {
    mfs.rename(aside, to.absolute);
    throw error;
  }
  if (destination.kind === 'file') mfs.remove(aside);
  else mfs.rmtree(aside);
  identitiesOf(mfs).moved(from.absolute, to.absolute);
}

/** A free sibling name to park a replaced entry under for the length of one call. */
function asideName(mfs: { exists(path: string): boolean }, path: string): string {
  for (;;) {
    const candidate = `${posix.dirname(path)}/.dmemfs-replaced-${randomBytes(6).toString('hex')}`;
    if (!mfs.exists(candidate)) return candidate;
  }
}
