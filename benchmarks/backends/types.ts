/**
 * The contract between workloads and storage backends.
 *
 * Workloads speak only this interface, so every backend performs the same logical sequence of
 * operations. It is deliberately the intersection of what D-MemFS-style handles offer
 * (`open(path, mode)` returning a handle with `write`, `read(size?)`, `seek`, `close`) and what a
 * descriptor-based API such as `node:fs` offers (`openSync`, positional `writeSync`/`readSync`,
 * `closeSync`): each method maps to one natural call on either kind of API, with no emulation layer
 * that would favour one side.
 *
 * Paths are absolute POSIX paths inside the filesystem under test (`"/bench/f00000.bin"`); backends
 * that live on a real disk map them below their own private directory.
 *
 * @module
 */

/**
 * File open modes, named as in Python and dmemfs:
 * - `wb`: write, create or truncate;
 * - `ab`: append, create if missing, every write goes to the end;
 * - `rb`: read only, file must exist;
 * - `r+b`: read and write without truncating, file must exist.
 */
export type OpenMode = 'wb' | 'ab' | 'rb' | 'r+b';

/** An open file with a current position, like a dmemfs `MemoryFileHandle` or a Python file object. */
export interface BenchFileHandle {
  /** Writes all of `data` at the current position (at the end in `ab` mode) and advances the position. */
  write(data: Uint8Array): void;
  /** Moves the position to `offset` bytes from the start of the file. */
  seek(offset: number): void;
  /** Reads up to `size` bytes from the current position; returns an empty array at end of file. */
  read(size: number): Uint8Array;
  /** Reads everything from the current position to the end of the file. */
  readAll(): Uint8Array;
  /** Releases the handle. */
  close(): void;
}

/** One freshly created, empty filesystem. */
export interface BenchFs {
  /** Creates the directory and any missing parents; succeeds if it already exists. */
  mkdir(path: string): void;
  /** Opens `path` in `mode`. */
  open(path: string, mode: OpenMode): BenchFileHandle;
  /**
   * Bytes the filesystem charges to its quota right now, for backends that keep one (dmemfs). The
   * memory measurement records its peak next to the peak memory growth, which must stay within it
   * plus a small constant.
   */
  quotaUsedBytes?(): number;
  /**
   * Releases everything the filesystem holds: clears in-memory stores, deletes on-disk temporary
   * directories recursively. Workloads call it inside the timed region, as the reference harness
   * counts temporary-directory deletion.
   */
  dispose(): void;
}

/** Parameters every filesystem is created with. */
export interface BenchFsOptions {
  /**
   * The byte quota the reference harness gives its quota-enforcing filesystem for this workload.
   * Backends without a quota ignore it.
   */
  readonly quotaBytes: number;
}

/** Creates a fresh filesystem. Workloads call it inside the timed region (setup counts). */
export type CreateBenchFs = (options: BenchFsOptions) => BenchFs;

/** A registry entry: everything the runner needs to know about a backend before loading it. */
export interface BackendDefinition {
  /** Short identifier used on the command line and in reports, e.g. `memfs`. */
  readonly name: string;
  /** One line saying what is measured, for reports. */
  readonly description: string;
  /**
   * Says why the backend cannot run on this machine, or returns `null` when it can. Evaluated by the
   * runner before spawning a child, so it must be cheap and must not load the backend's library.
   */
  readonly unavailableReason?: () => string | null;
  /**
   * Loads the implementation. Kept lazy so that a benchmark child process only loads the library it
   * measures, which keeps its memory baseline and module graph free of the other backends.
   */
  readonly load: () => Promise<CreateBenchFs>;
}
