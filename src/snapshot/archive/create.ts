/**
 * `createArchive` and `writeArchive`: a `MemoryFileSystem` subtree as a zip, tar or tar.gz archive.
 *
 * @module
 */

import { Writable } from 'node:stream';
import { type MemoryFileSystem, NotADirectoryError } from '../../fs/index.js';
import { assertPathString, normalizePath } from '../../fs/path.js';
import { selectAdapter } from './detect.js';
import {
  type AdapterOptions,
  checkAdapterOptions,
  checkFileSystem,
  checkFormatOption,
  checkOptionsObject,
} from './option-checks.js';
import { adaptersOf } from './read-archive.js';
import { treeEntries } from './tree-entries.js';
import type { ArchiveAdapter, ArchiveFormat } from './types.js';

/** Options of `createArchive` and `writeArchive`. */
export interface CreateArchiveOptions {
  /** The archive format: `'zip'`, `'tar'`, `'tar.gz'`, or a custom adapter's. Required. */
  readonly format: ArchiveFormat | (string & Record<never, never>);
  /** The directory to archive; member paths are relative to it. Default `'/'`. */
  readonly prefix?: string;
  /** Write with this adapter. */
  readonly adapter?: ArchiveAdapter;
  /** The adapters to pick the format's writer from, in order. Default: zip, then tar/tar.gz. */
  readonly adapters?: readonly ArchiveAdapter[];
}

/** Options of `writeArchive` (the same as `createArchive`'s). */
export type WriteArchiveOptions = CreateArchiveOptions;

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['format', 'prefix', 'adapter', 'adapters']);

/**
 * Archives the directory `options.prefix` (default `'/'`) of `mfs` and returns the archive's bytes.
 * Every file and every directory below the prefix becomes a member, empty directories included, with
 * its path relative to the prefix and its modification time (stored at the format's resolution:
 * whole seconds for tar, tar.gz and zip).
 *
 * A prefix that does not exist throws `FileNotFoundError`, one that is a file `NotADirectoryError`, an
 * unknown format `InvalidArgumentError`. A name no archive can carry safely (a first segment that
 * looks like a drive letter, such as `C:`) throws `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * const zip = await createArchive(mfs, { format: 'zip', prefix: '/reports' });
 * ```
 */
export async function createArchive(mfs: MemoryFileSystem, options: CreateArchiveOptions): Promise<Buffer> {
  const { adapter, format, prefix } = creationOf(mfs, options, 'createArchive');
  const sink = new BufferSink();
  await adapter.write(treeEntries(mfs, prefix), sink, format);
  return sink.bytes();
}

/**
 * Writes the archive {@link createArchive} would return into `destination`, waiting for it to drain,
 * and ends it. Reads one file at a time, so memory stays at about the largest file.
 *
 * Arguments are checked before anything is written; a bad one leaves `destination` untouched. A
 * failure while writing destroys `destination` and rejects.
 *
 * @example
 * ```ts
 * await writeArchive(mfs, createWriteStream('out.tar.gz'), { format: 'tar.gz' });
 * ```
 */
export async function writeArchive(
  mfs: MemoryFileSystem,
  destination: NodeJS.WritableStream,
  options: WriteArchiveOptions,
): Promise<void> {
  const { adapter, format, prefix } = creationOf(mfs, options, 'writeArchive');
  if (!isWritable(destination)) {
    throw new TypeError('The "destination" argument must be a writable stream.');
  }
  await adapter.write(treeEntries(mfs, prefix), destination, format);
}

interface Creation {
  readonly adapter: ArchiveAdapter;
  readonly format: string;
  readonly prefix: string;
}

/** Checks the arguments of `what` (`createArchive` or `writeArchive`) and picks the adapter. */
function creationOf(mfs: unknown, options: unknown, what: string): Creation {
  checkFileSystem(mfs);
  if (options === undefined) {
    throw new TypeError(`The options of ${what} must name the format, e.g. { format: 'zip' }.`);
  }
  checkOptionsObject(options, KNOWN_OPTIONS, what);
  const given = options as CreateArchiveOptions & AdapterOptions;
  if (given.format === undefined) {
    throw new TypeError("Option 'format' is required: 'zip', 'tar', 'tar.gz' or a custom adapter's format.");
  }
  checkFormatOption(given.format);
  checkAdapterOptions(given);
  const rawPrefix = given.prefix ?? '/';
  assertPathString(rawPrefix, 'prefix');
  const prefix = normalizePath(rawPrefix);
  // stat throws FileNotFoundError for a missing prefix.
  if (!mfs.stat(prefix).isDir) {
    throw new NotADirectoryError(`Cannot archive '${prefix}': it is a file, not a directory.`, {
      path: prefix,
    });
  }
  const { adapter, format } = selectAdapter(given.format, adaptersOf(given));
  return { adapter, format, prefix };
}

function isWritable(value: unknown): value is NodeJS.WritableStream {
  const candidate = value as Partial<NodeJS.WritableStream> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.write === 'function' &&
    typeof candidate.end === 'function'
  );
}

/** A writable that keeps what it is given, for `createArchive`. */
class BufferSink extends Writable {
  readonly #chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#chunks.push(chunk);
    callback();
  }

  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}
