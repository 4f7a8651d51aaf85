/**
 * `MemoryFileSystem`: the synchronous facade. It checks arguments and hands each call to the module
 * that owns the operation; it holds no logic of its own.
 *
 * One state has one facade and one async view (`mfs.promises`, `afs.sync`). This module imports the
 * async view; the view reaches back through {@link provideSyncFacade} instead of an import, so the
 * two modules do not form a cycle.
 *
 * @module
 */

import { booleanOption, encodingArgument } from './arguments.js';
import { type AsyncMemoryFileSystem, asyncViewOf, provideSyncFacade } from './async-filesystem.js';
import {
  type ExportOptions,
  exportFile,
  type ImportSource,
  type ImportTreeOptions,
  importTree,
  iterateExport,
  readWholeFile,
  type WriteFileOptions,
  writeWholeFile,
} from './bulk-transfer.js';
import { listDirectory, makeDirectory, removeFile, removeTree } from './directory-operations.js';
import type { MemoryFileHandle } from './handle.js';
import { collectStats, type MFSStatResult, type MFSStats, peek, sizeOf, statPath } from './inspect.js';
import { type OpenOptions, openSync } from './open.js';
import type { MemoryFileSystemOptions } from './options.js';
import { FileSystemState } from './state.js';
import {
  createReadStream,
  createWriteStream,
  type MemoryReadStream,
  type MemoryWriteStream,
  type ReadStreamOptions,
  type WriteStreamOptions,
} from './streams.js';
import { setModifiedTime } from './timestamps.js';
import { globTree, type WalkEntry, walkTree } from './traversal.js';
import { copyDirectoryTree, copyFile, moveEntry, renameEntry } from './tree-operations.js';

/** Options of `mkdir`. */
export interface MkdirOptions {
  /** Do nothing if the directory already exists (a file there still throws). Default `false`. */
  existOk?: boolean;
}

/** Options of `exportAsBuffer`. */
export interface ExportAsBufferOptions {
  /** Refuse (`InvalidArgumentError`) files larger than this many bytes. */
  maxSize?: number | null;
}

let stateReader: (fs: MemoryFileSystem) => FileSystemState;
const facades = new WeakMap<FileSystemState, MemoryFileSystem>();

/**
 * An in-process virtual filesystem with a hard byte quota.
 *
 * Paths are plain POSIX strings (`"/data/a.bin"`); relative paths are taken from the root. Every
 * allocation is checked against `maxQuota` before it happens, and every operation either completes
 * or changes nothing.
 *
 * @example
 * ```ts
 * const mfs = new MemoryFileSystem({ maxQuota: 1024 * 1024 });
 * mfs.mkdir('/data');
 * mfs.writeFile('/data/hello.txt', 'hello');
 * mfs.readFile('/data/hello.txt', 'utf8'); // 'hello'
 * ```
 */
export class MemoryFileSystem {
  readonly #state: FileSystemState;

  static {
    stateReader = (fs) => fs.#state;
  }

  /** Creates an empty filesystem (just the root directory). See {@link MemoryFileSystemOptions}. */
  constructor(options?: MemoryFileSystemOptions) {
    this.#state = options instanceof FileSystemState ? options : new FileSystemState(options);
    facades.set(this.#state, this);
  }

  /**
   * The async view of this filesystem: the same tree, quota and locks, with methods that return
   * promises and an `open` that waits for contended locks. Always the same object
   * (`mfs.promises.sync === mfs`).
   */
  get promises(): AsyncMemoryFileSystem {
    return asyncViewOf(this.#state);
  }

  /**
   * Opens a file and returns a handle that holds its lock until closed.
   *
   * Modes: `'rb'` read, `'wb'` write (create or truncate), `'ab'` append (create), `'r+b'` read and
   * write (must exist), `'xb'` create (must not exist); Node aliases `'r' 'w' 'a' 'r+' 'wx'` work too.
   * `rb` takes a shared read lock, the others an exclusive write lock. The sync API never waits: a
   * lock held elsewhere throws `BlockingIOError` (`EAGAIN`) at once.
   */
  open(path: string, mode: string = 'rb', options?: OpenOptions): MemoryFileHandle {
    return openSync(this.#state, path, mode, options);
  }

  /** Creates a directory and its missing parents. Throws `FileExistsError` if it exists, unless `existOk`. */
  mkdir(path: string, options?: MkdirOptions): void {
    makeDirectory(this.#state, path, booleanOption(options?.existOk, 'existOk'));
  }

  /** Removes a file. Throws `IsADirectoryError` for directories, `BlockingIOError` (`EBUSY`) if open. */
  remove(path: string): void {
    removeFile(this.#state, path);
  }

  /** Removes a directory and everything under it; refused if any file below is open. */
  rmtree(path: string): void {
    removeTree(this.#state, path);
  }

  /**
   * Renames a file or directory. The destination must not exist and its parent must; a directory
   * cannot move into its own subtree.
   */
  rename(src: string, dst: string): void {
    renameEntry(this.#state, src, dst);
  }

  /** Like {@link rename}, but creates the destination's missing parent directories. */
  move(src: string, dst: string): void {
    moveEntry(this.#state, src, dst);
  }

  /** Copies a file to a path that does not exist yet. */
  copy(src: string, dst: string): void {
    copyFile(this.#state, src, dst);
  }

  /** Copies a directory tree to a path that does not exist yet. */
  copyTree(src: string, dst: string): void {
    copyDirectoryTree(this.#state, src, dst);
  }

  /** Names in a directory, in insertion order. */
  listdir(path: string): string[] {
    return listDirectory(this.#state, path);
  }

  /** True if something exists at `path` (false for paths that climb above the root). */
  exists(path: string): boolean {
    return peek(this.#state, path) !== undefined;
  }

  /** True if `path` is a directory. */
  isDir(path: string): boolean {
    return peek(this.#state, path)?.kind === 'directory';
  }

  /** True if `path` is a file. */
  isFile(path: string): boolean {
    return peek(this.#state, path)?.kind === 'file';
  }

  /**
   * Walks the tree top-down, yielding `[dirpath, dirnames, filenames]`; removing names from
   * `dirnames` prunes the walk, as with Python's `os.walk`.
   */
  walk(path = '/'): Generator<WalkEntry, void, undefined> {
    return walkTree(this.#state, path);
  }

  /**
   * Paths matching a glob pattern, sorted and unique. `*` and `?` match within one name (leading dots
   * included), `[seq]`/`[!seq]` match one character, `**` matches any number of directories.
   * Matching is case-sensitive.
   */
  glob(pattern: string): string[] {
    return globTree(this.#state, pattern);
  }

  /** Size, timestamps (ms since the epoch), generation and kind of a file or directory. */
  stat(path: string): MFSStatResult {
    return statPath(this.#state, path);
  }

  /** Quota usage and node counts of the whole filesystem. */
  stats(): MFSStats {
    return collectStats(this.#state);
  }

  /**
   * Sets the modification time (ms since the epoch) of a file or directory, as `utimes` does on a
   * disk. Content, generation and creation time are unchanged.
   */
  setModifiedAt(path: string, modifiedAt: number): void {
    setModifiedTime(this.#state, path, modifiedAt);
  }

  /** Size of a file in bytes. */
  getSize(path: string): number {
    return sizeOf(this.#state, path);
  }

  /** The whole file, as a new Buffer, or decoded as a string when `encoding` is given. */
  readFile(path: string): Buffer;
  readFile(path: string, encoding: BufferEncoding): string;
  readFile(path: string, encoding?: BufferEncoding): Buffer | string {
    if (encoding === undefined) return readWholeFile(this.#state, path);
    const decode = encodingArgument(encoding);
    return readWholeFile(this.#state, path).toString(decode);
  }

  /**
   * Writes a whole file (strings as UTF-8). `mode`: `'wb'` replaces (default), `'xb'` requires a new
   * file, `'ab'` appends. Atomic: a refused write leaves everything as it was.
   */
  writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): void {
    writeWholeFile(this.#state, path, data, options);
  }

  /** A detached copy of a file's bytes. It is outside quota accounting. */
  exportAsBuffer(path: string, options?: ExportAsBufferOptions): Buffer {
    return exportFile(this.#state, path, options?.maxSize);
  }

  /** Every file at or under `prefix` as a `Map` of path → bytes (detached copies). */
  exportTree(prefix = '/', options?: ExportOptions): Map<string, Buffer> {
    return new Map(iterateExport(this.#state, prefix, options));
  }

  /** Lazily yields `[path, bytes]` for every file at or under `prefix` (weakly consistent). */
  iterExportTree(prefix = '/', options?: ExportOptions): Generator<[string, Buffer], void, undefined> {
    return iterateExport(this.#state, prefix, options);
  }

  /**
   * Writes many files at once (strings as UTF-8), creating parent directories and replacing
   * existing files; `options.directories` adds empty directories and `options.modifiedAt` sets
   * modification times. All or nothing: quota, node cap and every path are checked first.
   */
  importTree(tree: ImportSource, options?: ImportTreeOptions): void {
    importTree(this.#state, tree, options);
  }

  /**
   * A `Readable` of a file's bytes from `start` to `end` (inclusive, as in `fs.createReadStream`), in
   * chunks of `highWaterMark` bytes (default 64 KiB). It waits for the file's read lock when it
   * starts (up to `lockTimeout`, default `defaultLockTimeout`) and holds it until it has read its last
   * byte or is destroyed. Errors (a missing file, a lock wait that times out) arrive as `'error'`;
   * bad options throw at once.
   */
  createReadStream(path: string, options?: ReadStreamOptions): MemoryReadStream {
    return createReadStream(this.#state, path, options);
  }

  /**
   * A `Writable` into a file, with backpressure. `mode` is `'wb'` (truncate or create, the default),
   * `'ab'` (append) or `'xb'` (new file). It waits for the file's write lock when it starts (up to
   * `lockTimeout`, default `defaultLockTimeout`) and holds it until it finishes or is destroyed. Each
   * chunk is written all or nothing: a refused chunk (quota, memory guard) destroys the stream with
   * that error, and what was written before it stays.
   */
  createWriteStream(path: string, options?: WriteStreamOptions): MemoryWriteStream {
    return createWriteStream(this.#state, path, options);
  }
}

/** The state behind a facade. Engine-internal. */
export function stateOf(fs: MemoryFileSystem): FileSystemState {
  return stateReader(fs);
}

/** The sync facade of a state, created on first use and the same object after. Engine-internal. */
export function facadeOf(state: FileSystemState): MemoryFileSystem {
  return facades.get(state) ?? new MemoryFileSystem(state as unknown as MemoryFileSystemOptions);
}

provideSyncFacade(facadeOf);

/**
 * A tiny filesystem that lives as long as the process, holding one object of each kind a filesystem
 * is made of (directory, file, its content and lock, closed handles, the async view).
 *
 * Why: V8 forgets a hidden class, and deoptimizes the code compiled against it, once a couple of full
 * garbage collections have found no object using it. A test suite that makes a filesystem per test
 * and drops it would otherwise see the engine's hot paths deoptimized and recompiled again and again;
 * in `npm run bench` that made open/read/close of one file 2–4 times slower. Keeping one instance of
 * each alive keeps the classes, for a few hundred bytes. Exported only so that it is plainly
 * reachable for as long as this module is; engine-internal.
 */
export const hiddenClassAnchor: readonly unknown[] = (() => {
  const mfs = new MemoryFileSystem({ maxQuota: 4096 });
  mfs.mkdir('/d');
  const writer = mfs.open('/d/f', 'wb');
  writer.write(new Uint8Array(1));
  writer.close();
  const reader = mfs.open('/d/f', 'rb');
  reader.read();
  reader.close();
  return [mfs, mfs.promises, writer, reader];
})();
