/**
 * The file-descriptor table: an fd is an engine handle plus the flags it was opened with and its own
 * position. Node's flags map onto the engine's handles: a read-only fd holds an `rb` handle (a shared
 * read lock), anything writable an `r+b` handle (the file's exclusive write lock), after creating or
 * truncating the file as the flags ask. Append mode moves every write to the end.
 *
 * Numbers start at 2³⁰, far above the real descriptors a process has, so an fd handed to the real
 * `node:fs` by mistake fails with `EBADF` instead of touching a real file.
 *
 * @module
 */

import { type MemoryFileHandle, type MemoryFileSystem, SEEK_END } from '../fs/index.js';
import { integerArgument } from './arguments.js';
import { systemError, withSite } from './errors.js';
import type { OpenIntent } from './flags.js';
import { type Entry, findEntry, lookupEntry } from './lookup.js';
import type { ResolvedPath } from './paths.js';

/** The first descriptor number handed out. */
export const FIRST_DESCRIPTOR = 2 ** 30;

/** One open file description. */
export interface OpenFile {
  readonly fd: number;
  readonly mfs: MemoryFileSystem;
  /** The engine handle; `null` for a directory, which can be opened read-only but not read. */
  readonly handle: MemoryFileHandle | null;
  /** The absolute path it was opened on (open files cannot be renamed or removed). */
  readonly path: string;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly append: boolean;
  /** The position sequential reads and writes use. */
  position: number;
}

/** Validates an fd argument as Node does (an int32 >= 0). */
export function fdArgument(value: unknown): number {
  return integerArgument(value, 'fd', 0, 2 ** 31 - 1);
}

/** The descriptors of one view. */
export class DescriptorTable {
  readonly #files = new Map<number, OpenFile>();

  /** Opens `target` as `intent` says; throws Node's `open` errors. */
  open(mfs: MemoryFileSystem, target: ResolvedPath, intent: OpenIntent): OpenFile {
    const site = { syscall: 'open', path: target.raw };
    const found = lookupEntry(mfs, target);
    if (typeof found === 'string') {
      if (found === 'ENOTDIR' || !intent.create) throw systemError(found, 'open', site);
      if (target.mustBeDirectory) throw systemError('EISDIR', 'open', site);
    } else {
      if (intent.create && intent.exclusive) throw systemError('EEXIST', 'open', site);
      if (found.kind === 'directory') {
        if (intent.writable) throw systemError('EISDIR', 'open', site);
        return this.#register({
          mfs,
          handle: null,
          path: target.absolute,
          readable: true,
          writable: false,
          append: false,
        });
      }
    }
    const absolute = target.absolute;
    const handle = withSite(site, () => {
      // Creating and truncating take the write lock briefly, so a file open elsewhere is refused
      // before anything changes; the fd's own handle is taken right after (nothing runs in between).
      if (typeof found === 'string') mfs.open(absolute, 'xb').close();
      else if (intent.truncate) mfs.open(absolute, 'wb').close();
      return mfs.open(absolute, intent.writable ? 'r+b' : 'rb');
    });
    return this.#register({
      mfs,
      handle,
      path: absolute,
      readable: intent.readable,
      writable: intent.writable,
      append: intent.append,
    });
  }

  #register(file: Omit<OpenFile, 'fd' | 'position'>): OpenFile {
    // The lowest free number, as POSIX hands out.
    let fd = FIRST_DESCRIPTOR;
    while (this.#files.has(fd)) fd++;
    const open: OpenFile = { ...file, fd, position: 0 };
    this.#files.set(fd, open);
    return open;
  }

  /** The open file behind `fd`; `EBADF` (for `syscall`) when there is none. */
  get(fd: unknown, syscall: string): OpenFile {
    const file = this.#files.get(fdArgument(fd));
    if (file === undefined) throw systemError('EBADF', syscall);
    return file;
  }

  /** Closes `fd`, releasing its lock. */
  close(fd: unknown): void {
    const file = this.get(fd, 'close');
    this.#files.delete(file.fd);
    file.handle?.close();
  }

  /**
   * Reads into `target` at `position` (the fd's position when `null`, which then advances); returns
   * the bytes read, 0 at the end.
   */
  read(file: OpenFile, target: Uint8Array, position: number | null): number {
    const handle = file.handle;
    if (handle === null) throw systemError('EISDIR', 'read');
    if (!file.readable) throw systemError('EBADF', 'read');
    if (target.byteLength === 0) return 0;
    const at = position ?? file.position;
    handle.seek(at);
    const count = handle.readInto(target);
    if (position === null) file.position = at + count;
    return count;
  }

  /**
   * Writes all of `bytes` at `position` (the fd's position when `null`, which then advances; the end
   * in append mode). All or nothing: a quota refusal is `ENOSPC` and writes nothing.
   */
  write(file: OpenFile, bytes: Uint8Array, position: number | null): number {
    const handle = file.handle;
    if (handle === null || !file.writable) throw systemError('EBADF', 'write');
    const at = file.append ? handle.seek(0, SEEK_END) : handle.seek(position ?? file.position);
    const count = withSite({ syscall: 'write' }, () => handle.write(bytes));
    if (file.append || position === null) file.position = at + count;
    return count;
  }

  /** Sets the file's size; growing zero-fills. */
  truncate(file: OpenFile, length: number): void {
    const handle = file.handle;
    if (handle === null || !file.writable) throw systemError('EINVAL', 'ftruncate');
    withSite({ syscall: 'ftruncate' }, () => handle.truncate(length));
  }

  /** The entry an fd is open on. */
  entry(file: OpenFile): Entry {
    const found = findEntry(file.mfs, file.path);
    // Open files are pinned by their lock, so this only fails if the table is out of step.
    if (typeof found === 'string') throw systemError('EBADF', 'fstat');
    return found;
  }
}
