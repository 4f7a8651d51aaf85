/**
 * What an archive expansion is asked to do: the options of `expandArchive` and
 * `expandArchiveStreaming`, checked once, and the destination directory they write under.
 *
 * @module
 */

import {
  FileNotFoundError,
  InvalidArgumentError,
  type MemoryFileSystem,
  NotADirectoryError,
} from '../../fs/index.js';
import { assertPathString, joinPath, normalizePath } from '../../fs/path.js';
import {
  type AdapterOptions,
  checkAdapterOptions,
  checkFileSystem,
  checkFormatOption,
  checkOptionsObject,
} from './option-checks.js';
import type { ReadArchiveOptions } from './read-archive.js';
import type { ArchiveAdapter, ArchiveFormat } from './types.js';

/**
 * What happens when an archive file lands on an existing file, or when the archive holds the same
 * file twice:
 *
 * - `'error'` (default): refuse with `FileExistsError`;
 * - `'overwrite'`: replace it (of duplicates inside the archive, the last one wins);
 * - `'skip'`: keep what is there (of duplicates inside the archive, the first one wins).
 *
 * A file entry on an existing directory, or a directory entry on an existing file, is never
 * resolved this way: it is always an error (`IsADirectoryError`, `FileExistsError`).
 */
export type OnConflict = 'error' | 'overwrite' | 'skip';

/**
 * What happens to entries that cannot become a file or a directory (symlinks, hard links, devices,
 * FIFOs and the like): `'error'` (default) refuses the archive with `InvalidArgumentError`, `'skip'`
 * leaves them out.
 */
export type UnsupportedEntries = 'error' | 'skip';

/** Options of `expandArchive` and `expandArchiveStreaming`. */
export interface ExpandArchiveOptions {
  /**
   * Read the archive as this format (`'zip'`, `'tar'`, `'tar.gz'`, or a custom adapter's) instead of
   * detecting it from the leading bytes.
   */
  readonly format?: ArchiveFormat | (string & Record<never, never>);
  /** Existing files and duplicate names; see {@link OnConflict}. Default `'error'`. */
  readonly onConflict?: OnConflict;
  /** Links, devices and other special entries; see {@link UnsupportedEntries}. Default `'error'`. */
  readonly unsupportedEntries?: UnsupportedEntries;
  /** Read with this adapter only (detection, or `format`, is limited to it). */
  readonly adapter?: ArchiveAdapter;
  /** The adapters to detect the format with, in order. Default: zip, then tar/tar.gz. */
  readonly adapters?: readonly ArchiveAdapter[];
}

/** What `expandArchive` wrote. */
export interface ExpandArchiveResult {
  /** Files written (new or replaced); skipped files are not counted. */
  readonly files: number;
  /** Directories that did not exist before, `dest` and implied parents included. */
  readonly directories: number;
  /** Bytes of file data written. */
  readonly bytes: number;
}

/** A checked expansion request. */
export interface ExpandRequest {
  readonly mfs: MemoryFileSystem;
  /** The normalized destination directory. It may not exist yet. */
  readonly destination: string;
  readonly onConflict: OnConflict;
  readonly unsupportedEntries: UnsupportedEntries;
  /** How to read the archive. */
  readonly reading: ReadArchiveOptions;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'format',
  'onConflict',
  'unsupportedEntries',
  'adapter',
  'adapters',
]);
const ON_CONFLICT: readonly OnConflict[] = ['error', 'overwrite', 'skip'];
const UNSUPPORTED_ENTRIES: readonly UnsupportedEntries[] = ['error', 'skip'];

/**
 * Checks the arguments of an expansion, before anything is read or written: `mfs` must be a
 * `MemoryFileSystem`, `dest` a path that is a directory or does not exist yet, and every option
 * known and valid. Wrong types throw `TypeError`, bad values `InvalidArgumentError`, and a `dest`
 * that is a file `NotADirectoryError`. `what` names the function in messages.
 */
export function expandRequestOf(mfs: unknown, dest: unknown, options: unknown, what: string): ExpandRequest {
  checkFileSystem(mfs);
  checkOptionsObject(options, KNOWN_OPTIONS, what);
  const given = (options ?? {}) as ExpandArchiveOptions & AdapterOptions;
  checkFormatOption(given.format);
  checkAdapterOptions(given);
  return {
    mfs,
    destination: checkDestination(mfs, dest),
    onConflict: choice(given.onConflict, 'onConflict', ON_CONFLICT),
    unsupportedEntries: choice(given.unsupportedEntries, 'unsupportedEntries', UNSUPPORTED_ENTRIES),
    reading: { format: given.format, adapter: given.adapter, adapters: given.adapters },
  };
}

/** Where the entry at `entryPath` (a safe relative path from `entryPathOf`) lands. */
export function targetOf(request: ExpandRequest, entryPath: string): string {
  return joinPath(request.destination, entryPath);
}

function checkDestination(mfs: MemoryFileSystem, dest: unknown): string {
  assertPathString(dest, 'dest');
  const destination = normalizePath(dest);
  try {
    if (!mfs.stat(destination).isDir) {
      throw new NotADirectoryError(`Cannot expand an archive into '${destination}': it is a file.`, {
        path: destination,
      });
    }
  } catch (error) {
    // A missing destination is created by the expansion; a file in the middle of it is not.
    if (!(error instanceof FileNotFoundError)) throw error;
  }
  return destination;
}

function choice<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0];
  if (typeof value !== 'string') {
    throw new TypeError(`Option '${name}' must be a string; got ${typeof value}.`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `Option '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${JSON.stringify(value)}.`,
    );
  }
  return value as T;
}
