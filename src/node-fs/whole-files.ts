/**
 * Whole-file calls: `readFile`, `writeFile`, `appendFile`, `truncate` and `copyFile`.
 *
 * `writeFile` and `appendFile` with the usual flags (`w`, `wx`, `a`, `ax` and their `+` forms) are
 * atomic, like the engine's `writeFile`: a write the quota refuses is `ENOSPC` and leaves the file as
 * it was, where a full disk may leave it truncated or half-written.
 *
 * @module
 */

import constants from 'node:constants';
import type { MemoryFileSystem, WriteFileMode } from '../fs/index.js';
import {
  dataBytes,
  decode,
  encodingOption,
  ignoredMode,
  lengthArgument,
  modeFlagsArgument,
  optionsObject,
} from './arguments.js';
import type { ViewContext } from './context.js';
import type { OpenFile } from './descriptors.js';
import { isByteQuotaError, systemError, translateError, withSite } from './errors.js';
import { truncateFile } from './fd-calls.js';
import { type OpenIntent, parseFlags } from './flags.js';
import { lookupEntry } from './lookup.js';
import type { ResolvedPath } from './paths.js';

/** `readFileSync(path | fd, options?)`: a Buffer, or a string when an encoding is given. */
export function readWholeFile(ctx: ViewContext, path: unknown, options?: unknown): Buffer | string {
  const opts = optionsObject(options);
  const encoding = encodingOption(opts.encoding, null);
  const intent = parseFlags(opts.flag, 'r');
  if (typeof path === 'number') return decode(readRest(ctx, ctx.descriptors.get(path, 'read')), encoding);
  const target = ctx.resolve(path);
  const mfs = ctx.filesystem();
  if (!intent.writable && !intent.create && !intent.truncate)
    return decode(readByPath(mfs, target), encoding);
  const file = ctx.descriptors.open(mfs, target, intent);
  try {
    return decode(readRest(ctx, file), encoding);
  } finally {
    ctx.descriptors.close(file.fd);
  }
}

function readByPath(mfs: MemoryFileSystem, target: ResolvedPath): Buffer {
  const found = lookupEntry(mfs, target);
  if (typeof found === 'string') throw systemError(found, 'open', { path: target.raw });
  // Node opens a directory without complaint and fails on the read, which names no path.
  if (found.kind === 'directory') throw systemError('EISDIR', 'read');
  return withSite({ syscall: 'open', path: target.raw }, () => mfs.readFile(target.absolute));
}

/** The rest of an open file, from its position to the end. */
function readRest(ctx: ViewContext, file: OpenFile): Buffer {
  const size = ctx.descriptors.entry(file).stat.size;
  const buffer = Buffer.alloc(Math.max(0, size - file.position));
  const count = ctx.descriptors.read(file, buffer, null);
  return buffer.subarray(0, count);
}

/** The engine's whole-file mode for flags that replace, create or append, or `null` for others. */
function wholeFileMode(intent: OpenIntent): WriteFileMode | null {
  if (!intent.create) return null;
  if (intent.exclusive) return 'xb';
  if (intent.append) return 'ab';
  return intent.truncate ? 'wb' : null;
}

/** `writeFileSync` and `appendFileSync`, which differ only in their default flag. */
export function writeWholeFile(
  ctx: ViewContext,
  path: unknown,
  data: unknown,
  options: unknown,
  defaultFlag: 'w' | 'a',
): void {
  const opts = optionsObject(options);
  const encoding = encodingOption(opts.encoding, 'utf8');
  ignoredMode(opts.mode);
  const intent = parseFlags(opts.flag, defaultFlag);
  const bytes = dataBytes(data, encoding);
  if (typeof path === 'number') {
    ctx.descriptors.write(ctx.descriptors.get(path, 'write'), bytes, null);
    return;
  }
  const target = ctx.resolve(path);
  const mfs = ctx.filesystem();
  const mode = wholeFileMode(intent);
  if (mode === null) {
    const file = ctx.descriptors.open(mfs, target, intent);
    try {
      ctx.descriptors.write(file, bytes, null);
    } finally {
      ctx.descriptors.close(file.fd);
    }
    return;
  }
  const site = { syscall: 'open', path: target.raw };
  const found = lookupEntry(mfs, target);
  if (found === 'ENOTDIR') throw systemError(found, 'open', site);
  if (found === 'ENOENT' && target.mustBeDirectory) throw systemError('EISDIR', 'open', site);
  if (typeof found !== 'string') {
    if (found.kind === 'directory') throw systemError('EISDIR', 'open', site);
    if (intent.exclusive) throw systemError('EEXIST', 'open', site);
  }
  try {
    mfs.writeFile(target.absolute, bytes, { mode });
  } catch (error) {
    // A disk that fills up fails the write, not the open, and says so without a path.
    throw isByteQuotaError(error) ? translateError(error, { syscall: 'write' }) : translateError(error, site);
  }
}

/** `truncateSync(path | fd, len = 0)`: sets the size; growing zero-fills. */
export function truncatePath(ctx: ViewContext, path: unknown, length?: unknown): void {
  if (typeof path === 'number') {
    truncateFile(ctx, path, length);
    return;
  }
  const target = ctx.resolve(path);
  const size = lengthArgument(length);
  const mfs = ctx.filesystem();
  const site = { syscall: 'open', path: target.raw };
  const found = lookupEntry(mfs, target);
  if (typeof found === 'string') throw systemError(found, 'open', site);
  if (found.kind === 'directory') throw systemError('EISDIR', 'open', site);
  const handle = withSite(site, () => mfs.open(target.absolute, 'r+b'));
  try {
    withSite({ syscall: 'ftruncate' }, () => handle.truncate(size));
  } finally {
    handle.close();
  }
}

const { COPYFILE_EXCL, COPYFILE_FICLONE_FORCE } = constants;

/** `copyFileSync(src, dest, mode = 0)`: replaces `dest` unless `COPYFILE_EXCL`. */
export function copyWholeFile(ctx: ViewContext, src: unknown, dest: unknown, mode?: unknown): void {
  const from = ctx.resolve(src, 'src');
  const to = ctx.resolve(dest, 'dest');
  const flags = modeFlagsArgument(mode);
  const site = { syscall: 'copyfile', path: from.raw, dest: to.raw };
  if ((flags & COPYFILE_FICLONE_FORCE) !== 0) {
    throw systemError('ENOSYS', 'copyfile', {
      ...site,
      note: 'dmemfs cannot clone files: COPYFILE_FICLONE_FORCE',
    });
  }
  const mfs = ctx.filesystem();
  const source = lookupEntry(mfs, from);
  if (typeof source === 'string') throw systemError(source, 'copyfile', site);
  if (source.kind === 'directory') throw systemError('EISDIR', 'copyfile', site);
  const destination = lookupEntry(mfs, to);
  if (destination === 'ENOTDIR') throw systemError(destination, 'copyfile', site);
  if (destination === 'ENOENT') {
    if (to.mustBeDirectory) throw systemError('EISDIR', 'copyfile', site);
    withSite(site, () => mfs.copy(from.absolute, to.absolute));
    return;
  }
  if (destination.kind === 'directory') throw systemError('EISDIR', 'copyfile', site);
  if ((flags & COPYFILE_EXCL) !== 0) throw systemError('EEXIST', 'copyfile', site);
  if (from.absolute === to.absolute) return;
  // Replacing goes through the engine's atomic writeFile: a refusal leaves `dest` as it was.
  withSite(site, () => mfs.writeFile(to.absolute, mfs.readFile(from.absolute)));
}
