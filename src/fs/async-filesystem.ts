/**
 * `AsyncMemoryFileSystem`: the promise-returning view of a filesystem.
 *
 * The view works on the {@link FileSystemState} and the operation modules directly, like the sync
 * facade, and never calls the facade. The facade (`filesystem.ts`) imports this module for
 * `mfs.promises`; importing the facade back would be a cycle, so `afs.sync` goes through
 * {@link provideSyncFacade}, which `filesystem.ts` calls once when it loads.
 *
 * No operation holds anything across an `await` except the one file lock it is waiting for or
 * using, so waiting on one file never delays operations on others.
 *
 * @module
 */

import { booleanOption, encodingArgument } from './arguments.js';
import { type AsyncMemoryFileHandle, wrapHandle } from './async-handle.js';
import { openAsync } from './async-open.js';
import {
  applyWholeFileWrite,
  type ExportOptions,
  exportEntries,
  exportFile,
  exportNode,
  type ImportSource,
  type ImportTreeOptions,
  importTree,
  planWholeFileWrite,
  type WriteFileOptions,
} from './bulk-transfer.js';
import { listDirectory, makeDirectory, removeFile, removeTree } from './directory-operations.js';
import { BlockingIOError } from './errors.js';
import type { ExportAsBufferOptions, MemoryFileSystem, MkdirOptions } from './filesystem.js';
import { collectStats, type MFSStatResult, type MFSStats, peek, sizeOf, statPath } from './inspect.js';
import type { OpenOptions } from './open.js';
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
import type { FileNode } from './tree.js';
import { copyDirectoryTree, copyFile, moveEntry, renameEntry } from './tree-operations.js';

let syncFacadeOf: (state: FileSystemState) => MemoryFileSystem;

/** Engine-internal: how `afs.sync` finds the sync facade of a state. Called by `filesystem.ts`. */
export function provideSyncFacade(facadeOf: (state: FileSystemState) => MemoryFileSystem): void {
  syncFacadeOf = facadeOf;
}

const views = new WeakMap<FileSystemState, AsyncMemoryFileSystem>();

/** Engine-internal: the one async view of a state (`mfs.promises`). */
export function asyncViewOf(state: FileSystemState): AsyncMemoryFileSystem {
  return views.get(state) ?? new AsyncMemoryFileSystem(state as unknown as MemoryFileSystemOptions);
}

/**
 * The async view of a {@link MemoryFileSystem}: the same tree, quota and locks, with every method
 * returning a promise (except the two stream factories, which return streams). Get it from
 * `mfs.promises`, or create a new filesystem with `new AsyncMemoryFileSystem(options)` (its sync
 * facade is {@link sync}).
 *
 * What it adds is waiting: `open` waits for a contended file lock (FIFO-fair, bounded by
 * `lockTimeout`), and so do the methods that read or write whole files (`readFile`, `writeFile`,
 * `exportAsBuffer`, `copy`, `copyTree`, `exportTree`, `iterExportTree`, each bounded by the
 * filesystem's `defaultLockTimeout`). Structural operations (`remove`, `rmtree`, `rename`, `move`,
 * `importTree`) still fail at once with `BlockingIOError` (`EBUSY`) on open files.
 *
 * @example
 * ```ts
 * const afs = new AsyncMemoryFileSystem({ maxQuota: 1024 * 1024 });
 * await afs.writeFile('/a.txt', 'hello');
 * {
 *   await using f = await afs.open('/a.txt', 'ab', { lockTimeout: 1_000 });
 *   await f.write(Buffer.from(' world'));
 * }
 * await afs.readFile('/a.txt', 'utf8'); // 'hello world'
 * ```
 */
export class AsyncMemoryFileSystem {
  readonly #state: FileSystemState;

  /** Creates an empty filesystem (just the root directory). See {@link MemoryFileSystemOptions}. */
  constructor(options?: MemoryFileSystemOptions) {
    this.#state = options instanceof FileSystemState ? options : new FileSystemState(options);
    views.set(this.#state, this);
  }

  /** The synchronous facade of the same filesystem (`afs.sync.promises === afs`). */
  get sync(): MemoryFileSystem {
    return syncFacadeOf(this.#state);
  }

  /**
   * Opens a file, waiting for its lock if another handle holds it. `lockTimeout` (ms) bounds the
   * wait: `null` waits forever, `0` tries once; the default is the filesystem's
   * `defaultLockTimeout`. Waiters are served first come, first served, so a waiting writer is never
   * overtaken by readers that arrive after it. Rejects with `BlockingIOError` (`EAGAIN`) on timeout,
   * or with the reason of `signal` when it aborts. Modes and options are those of
   * {@link MemoryFileSystem.open}.
   */
  async open(path: string, mode: string = 'rb', options?: OpenOptions): Promise<AsyncMemoryFileHandle> {
    return wrapHandle(await openAsync(this.#state, path, mode, options));
  }

  /** Creates a directory and its missing parents. See {@link MemoryFileSystem.mkdir}. */
  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    makeDirectory(this.#state, path, booleanOption(options?.existOk, 'existOk'));
  }

  /** Removes a file; fails at once with `BlockingIOError` (`EBUSY`) if it is open. */
  async remove(path: string): Promise<void> {
    removeFile(this.#state, path);
  }

  /** Removes a directory tree; fails at once with `EBUSY` if any file below is open. */
  async rmtree(path: string): Promise<void> {
    removeTree(this.#state, path);
  }

  /** Renames a file or directory; fails at once with `EBUSY` if an open file would move. */
  async rename(src: string, dst: string): Promise<void> {
    renameEntry(this.#state, src, dst);
  }

  /** Like {@link rename}, creating the destination's missing parents. */
  async move(src: string, dst: string): Promise<void> {
    moveEntry(this.#state, src, dst);
  }

  /** Copies a file, waiting while a writer holds the source. */
  async copy(src: string, dst: string): Promise<void> {
    await afterWriters(this.#state, () => copyFile(this.#state, src, dst));
  }

  /** Copies a directory tree, waiting while writers hold files in it. All or nothing. */
  async copyTree(src: string, dst: string): Promise<void> {
    await afterWriters(this.#state, () => copyDirectoryTree(this.#state, src, dst));
  }

  /** Names in a directory, in insertion order. */
  async listdir(path: string): Promise<string[]> {
    return listDirectory(this.#state, path);
  }

  /** True if something exists at `path`. */
  async exists(path: string): Promise<boolean> {
    return peek(this.#state, path) !== undefined;
  }

  /** True if `path` is a directory. */
  async isDir(path: string): Promise<boolean> {
    return peek(this.#state, path)?.kind === 'directory';
  }

  /** True if `path` is a file. */
  async isFile(path: string): Promise<boolean> {
    return peek(this.#state, path)?.kind === 'file';
  }

  /**
   * Walks the tree top-down, yielding `[dirpath, dirnames, filenames]`; removing names from
   * `dirnames` prunes the walk. Weakly consistent: each directory is listed just before it is
   * yielded, and directories removed meanwhile are skipped.
   */
  async *walk(path = '/'): AsyncGenerator<WalkEntry, void, undefined> {
    yield* walkTree(this.#state, path);
  }

  /** Paths matching a glob pattern, sorted and unique. See {@link MemoryFileSystem.glob}. */
  async glob(pattern: string): Promise<string[]> {
    return globTree(this.#state, pattern);
  }

  /** Size, timestamps, generation and kind of a file or directory. */
  async stat(path: string): Promise<MFSStatResult> {
    return statPath(this.#state, path);
  }

  /** Quota usage and node counts of the whole filesystem. */
  async stats(): Promise<MFSStats> {
    return collectStats(this.#state);
  }

  /** Sets the modification time (ms) of a file or directory; see `MemoryFileSystem.setModifiedAt`. */
  async setModifiedAt(path: string, modifiedAt: number): Promise<void> {
    setModifiedTime(this.#state, path, modifiedAt);
  }

  /** Size of a file in bytes. */
  async getSize(path: string): Promise<number> {
    return sizeOf(this.#state, path);
  }

  /** The whole file as a new Buffer, or decoded when `encoding` is given; waits while a writer holds it. */
  readFile(path: string): Promise<Buffer>;
  readFile(path: string, encoding: BufferEncoding): Promise<string>;
  async readFile(path: string, encoding?: BufferEncoding): Promise<Buffer | string> {
    const decode = encoding === undefined ? undefined : encodingArgument(encoding);
    using handle = await openAsync(this.#state, path, 'rb', undefined);
    const bytes = handle.read();
    return decode === undefined ? bytes : bytes.toString(decode);
  }

  /**
   * Writes a whole file (strings as UTF-8), waiting while another handle holds it. Atomic, as
   * {@link MemoryFileSystem.writeFile}: a refused write leaves everything as it was.
   */
  async writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void> {
    const state = this.#state;
    const write = planWholeFileWrite(state, path, data, options);
    const node = write.existing;
    // A new file is created in the same step as the plan; only an existing one can make us wait, and
    // while it is held it cannot be removed or replaced, so the plan still holds when we get it.
    if (node === undefined) {
      applyWholeFileWrite(state, write);
      return;
    }
    if (!node.lock.tryAcquire('write')) {
      await node.lock.acquire('write', { timeoutMs: state.options.defaultLockTimeout, path: write.path });
    }
    try {
      applyWholeFileWrite(state, write);
    } finally {
      node.lock.release('write');
    }
  }

  /** A detached copy of a file's bytes (outside the quota), waiting while a writer holds it. */
  async exportAsBuffer(path: string, options?: ExportAsBufferOptions): Promise<Buffer> {
    return afterWriters(this.#state, () => exportFile(this.#state, path, options?.maxSize));
  }

  /** Every file at or under `prefix` as path → bytes; weakly consistent, as {@link iterExportTree}. */
  async exportTree(prefix = '/', options?: ExportOptions): Promise<Map<string, Buffer>> {
    const tree = new Map<string, Buffer>();
    for await (const [path, bytes] of this.iterExportTree(prefix, options)) tree.set(path, bytes);
    return tree;
  }

  /**
   * Yields `[path, bytes]` for every file at or under `prefix`, waiting for each file a writer holds
   * (each wait bounded by `defaultLockTimeout`). Weakly consistent: the set of paths is fixed on the
   * first `next()`, and files removed since are skipped.
   */
  async *iterExportTree(
    prefix = '/',
    options?: ExportOptions,
  ): AsyncGenerator<[string, Buffer], void, undefined> {
    for (const [path, node] of exportEntries(this.#state, prefix, options)) {
      if (node.removed) continue;
      yield [path, await afterWriters(this.#state, () => exportNode(node, path))];
    }
  }

  /** Writes many files at once, all or nothing; fails at once with `EBUSY` if a replaced file is open. */
  async importTree(tree: ImportSource, options?: ImportTreeOptions): Promise<void> {
    importTree(this.#state, tree, options);
  }

  /** A `Readable` of a file's bytes. See {@link MemoryFileSystem.createReadStream}. */
  createReadStream(path: string, options?: ReadStreamOptions): MemoryReadStream {
    return createReadStream(this.#state, path, options);
  }

  /** A `Writable` into a file. See {@link MemoryFileSystem.createWriteStream}. */
  createWriteStream(path: string, options?: WriteStreamOptions): MemoryWriteStream {
    return createWriteStream(this.#state, path, options);
  }
}

/**
 * Runs a synchronous engine read that refuses files a writer holds (`BlockingIOError` `EAGAIN`
 * naming the file), waiting for that file instead: it takes the file's read lock, FIFO like `open`,
 * and runs the operation again while holding it, so no writer can slip in between. It never holds
 * one lock while waiting for another. All its waits together are bounded by `defaultLockTimeout`.
 */
async function afterWriters<T>(state: FileSystemState, operation: () => T): Promise<T> {
  const timeout = state.options.defaultLockTimeout;
  const deadline = timeout === null ? null : performance.now() + timeout;
  let held: FileNode | undefined;
  for (;;) {
    let blocked: { node: FileNode; path: string } | undefined;
    try {
      return operation();
    } catch (error) {
      blocked = heldByWriter(state, error);
      if (blocked === undefined) throw error;
    } finally {
      held?.lock.release('read');
      held = undefined;
    }
    const timeoutMs = deadline === null ? null : Math.max(0, Math.ceil(deadline - performance.now()));
    await blocked.node.lock.acquire('read', { timeoutMs, path: blocked.path });
    held = blocked.node;
  }
}

/** The file a writer holds that `error` (a refused read) names, if that is what it is. */
function heldByWriter(state: FileSystemState, error: unknown): { node: FileNode; path: string } | undefined {
  if (!(error instanceof BlockingIOError) || error.code !== 'EAGAIN' || error.path === undefined) return;
  const node = state.tree.resolve(error.path);
  if (node?.kind !== 'file' || !node.lock.hasWriter) return;
  return { node, path: error.path };
}
