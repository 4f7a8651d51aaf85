/**
 * Directory calls: `mkdir`, `mkdtemp`, `readdir`, `rmdir` and `rm`.
 *
 * Listings come in insertion order (the engine's), where a disk's order is unspecified; a recursive
 * listing goes breadth-first, as Node's does.
 *
 * @module
 */

import { randomInt } from 'node:crypto';
import { posix } from 'node:path';
import type { MemoryFileSystem } from '../fs/index.js';
import { booleanOption, encodingOption, ignoredMode, optionsObject } from './arguments.js';
import type { ViewContext } from './context.js';
import { FsSystemError, systemError, withSite } from './errors.js';
import { identitiesOf } from './identity.js';
import { findEntry, lookupEntry, requireEntry, subdirectoryNames } from './lookup.js';
import { pathString } from './paths.js';
import { Dirent, type EntryKind } from './stats.js';

/**
 * `mkdirSync(path, options?)`. Without `recursive` the parent must exist (`ENOENT`) and the path must
 * not (`EEXIST`); with it, returns the first directory created (`undefined` when none was). Atomic:
 * the node cap is checked for every directory before the first is made.
 */
export function makeDirectory(ctx: ViewContext, path: unknown, options?: unknown): string | undefined {
  const target = ctx.resolve(path);
  const opts =
    typeof options === 'number' || typeof options === 'string' ? { mode: options } : optionsObject(options);
  const recursive = booleanOption(opts, 'recursive', false);
  ignoredMode(opts.mode);
  const mfs = ctx.filesystem();
  const site = { syscall: 'mkdir', path: target.raw };
  const absolute = target.absolute;
  const found = findEntry(mfs, absolute);
  if (typeof found !== 'string') {
    if (recursive && found.kind === 'directory') return undefined;
    throw systemError('EEXIST', 'mkdir', site);
  }
  if (found === 'ENOTDIR') throw systemError(found, 'mkdir', site);
  if (!recursive) {
    const parent = findEntry(mfs, posix.dirname(absolute));
    if (typeof parent === 'string') throw systemError(parent, 'mkdir', site);
    withSite(site, () => mfs.mkdir(absolute));
    return undefined;
  }
  let first = absolute;
  for (
    let parent = posix.dirname(first);
    findEntry(mfs, parent) === 'ENOENT';
    parent = posix.dirname(parent)
  ) {
    first = parent;
  }
  withSite(site, () => mfs.mkdir(absolute));
  return posix.isAbsolute(target.raw) ? first : posix.relative(ctx.cwd, first);
}

const TEMP_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `mkdtempSync(prefix, options?)`: creates `prefix` + 6 random characters and returns that path. */
export function makeTemporaryDirectory(
  ctx: ViewContext,
  prefix: unknown,
  options?: unknown,
): string | Buffer {
  const base = pathString(prefix, 'prefix');
  const encoding = encodingOption(optionsObject(options).encoding, 'utf8');
  const mfs = ctx.filesystem();
  const site = { syscall: 'mkdtemp', path: `${base}XXXXXX` };
  const parent = findEntry(mfs, posix.dirname(ctx.resolve(`${base}X`).absolute));
  if (typeof parent === 'string') throw systemError(parent, 'mkdtemp', site);
  if (parent.kind !== 'directory') throw systemError('ENOTDIR', 'mkdtemp', site);
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 6; i++) suffix += TEMP_CHARACTERS[randomInt(TEMP_CHARACTERS.length)];
    const created = `${base}${suffix}`;
    const absolute = ctx.resolve(created).absolute;
    if (mfs.exists(absolute)) continue;
    withSite(site, () => mfs.mkdir(absolute));
    return encoding === 'buffer' ? Buffer.from(created) : created;
  }
}

/** A directory's entries with their kinds, in insertion order. */
export function listEntries(mfs: MemoryFileSystem, absolute: string): [string, EntryKind][] {
  const directories = new Set(subdirectoryNames(mfs, absolute));
  return mfs.listdir(absolute).map((name) => [name, directories.has(name) ? 'directory' : 'file']);
}

/** What `readdir` returns for its options. */
export type DirectoryListing = string[] | Buffer[] | Dirent<string>[] | Dirent<Buffer>[];

/**
 * `readdirSync(path, options?)`: names, or `Dirent`s with `withFileTypes`; with `recursive`, every
 * entry below, as paths relative to `path`, breadth-first.
 */
export function readDirectory(ctx: ViewContext, path: unknown, options?: unknown): DirectoryListing {
  const target = ctx.resolve(path);
  const opts = optionsObject(options);
  const encoding = encodingOption(opts.encoding, 'utf8');
  const withFileTypes = booleanOption(opts, 'withFileTypes', false);
  const recursive = booleanOption(opts, 'recursive', false);
  const mfs = ctx.filesystem();
  const entry = requireEntry(mfs, target, 'scandir');
  if (entry.kind !== 'directory') throw systemError('ENOTDIR', 'scandir', { path: target.raw });
  const asName = (name: string) => (encoding === 'buffer' ? Buffer.from(name) : name);
  const results: (string | Buffer | Dirent<string | Buffer>)[] = [];
  const queue: [absolute: string, relative: string][] = [[target.absolute, '']];
  for (let index = 0; index < queue.length; index++) {
    const [directory, relative] = queue[index];
    const parentPath = relative === '' ? target.raw : posix.join(target.raw, relative);
    for (const [name, kind] of listEntries(mfs, directory)) {
      const childRelative = relative === '' ? name : `${relative}/${name}`;
      results.push(withFileTypes ? new Dirent(asName(name), parentPath, kind) : asName(childRelative));
      if (recursive && kind === 'directory') queue.push([posix.join(directory, name), childRelative]);
    }
  }
  return results as DirectoryListing;
}

/** `rmdirSync(path, options?)`: removes an empty directory (`ENOTEMPTY` otherwise). */
export function removeDirectory(ctx: ViewContext, path: unknown, options?: unknown): void {
  const target = ctx.resolve(path);
  const recursive = booleanOption(optionsObject(options), 'recursive', false);
  const mfs = ctx.filesystem();
  const site = { syscall: 'rmdir', path: target.raw };
  const entry = requireEntry(mfs, target, 'rmdir');
  if (entry.kind !== 'directory') throw systemError('ENOTDIR', 'rmdir', site);
  if (target.absolute === '/') throw systemError('EBUSY', 'rmdir', site);
  if (!recursive && mfs.listdir(target.absolute).length > 0) throw systemError('ENOTEMPTY', 'rmdir', site);
  withSite(site, () => mfs.rmtree(target.absolute));
  identitiesOf(mfs).removed(target.absolute);
}

/**
 * `rmSync(path, options?)`: removes a file, or a directory tree with `recursive`; with `force` a
 * missing path is not an error. A directory without `recursive` is Node's `ERR_FS_EISDIR`. Removing a
 * tree is atomic: if a file in it is open (`EBUSY`), nothing is removed.
 */
export function removePath(ctx: ViewContext, path: unknown, options?: unknown): void {
  const target = ctx.resolve(path);
  const opts = optionsObject(options);
  const recursive = booleanOption(opts, 'recursive', false);
  const force = booleanOption(opts, 'force', false);
  const mfs = ctx.filesystem();
  const found = lookupEntry(mfs, target);
  if (found === 'ENOENT' && force) return;
  if (typeof found === 'string') throw systemError(found, 'lstat', { path: target.raw });
  const site = { syscall: 'rm', path: target.raw };
  if (found.kind === 'file') {
    withSite(site, () => mfs.remove(target.absolute));
  } else {
    if (!recursive) {
      throw new FsSystemError('ERR_FS_EISDIR', 'Path is a directory', {
        code: 'EISDIR',
        message: 'is a directory',
        path: target.raw,
        syscall: 'rm',
      });
    }
    if (target.absolute === '/') throw systemError('EBUSY', 'rmdir', { path: target.raw });
    withSite(site, () => mfs.rmtree(target.absolute));
  }
  identitiesOf(mfs).removed(target.absolute);
}
