/**
 * Node streams over files: `createReadStream` and `createWriteStream`.
 *
 * Each stream opens its file in `construct`, waiting for the lock as the async `open` does, and
 * holds the lock until the stream is done with the file: a read stream until it has read its last
 * byte (or is destroyed), a write stream until it finishes (or is destroyed).
 *
 * @module
 */

import { addAbortSignal, Readable, Writable } from 'node:stream';
import { integerOption } from './arguments.js';
import { openAsync, signalOption } from './async-open.js';
import type { WriteFileMode } from './bulk-transfer.js';
import { InvalidArgumentError } from './errors.js';
import { type MemoryFileHandle, parseOpenMode, SEEK_END, SEEK_SET } from './handle.js';
import { lockTimeoutOption } from './options.js';
import { normalizePath } from './path.js';
import type { FileSystemState } from './state.js';

/** Bytes per chunk of a read stream unless `highWaterMark` says otherwise (as `fs.createReadStream`). */
export const DEFAULT_READ_CHUNK = 64 * 1024;

/** Buffered bytes at which a write stream asks for backpressure, unless `highWaterMark` says otherwise. */
export const DEFAULT_WRITE_HIGH_WATER_MARK = 16 * 1024;

/**
 * Buffered chunks that reach the write stream together (written while it waits for its lock or for
 * its previous write to complete, or while corked) are stored as one chunk of at most this many
 * bytes: one chunk overhead instead of many, for one transient copy of bounded size.
 */
const MAX_COALESCED_BYTES = 1024 * 1024;

/** Options shared by both streams. */
interface StreamLockOptions {
  /**
   * ms to wait for the file's lock; `null` waits forever, `0` tries once. Default: the filesystem's
   * `defaultLockTimeout`. A wait that times out destroys the stream with `BlockingIOError` (`EAGAIN`).
   */
  lockTimeout?: number | null;
  /** Destroys the stream, cancelling a lock wait, when aborted. */
  signal?: AbortSignal;
}

/** Options of `createReadStream`. */
export interface ReadStreamOptions extends StreamLockOptions {
  /** Offset of the first byte to read. Default 0. */
  start?: number;
  /** Offset of the last byte to read, inclusive, as in `fs.createReadStream`. Default: the end of the file. */
  end?: number;
  /** Bytes per chunk, and the stream's buffer size. Default 64 KiB. */
  highWaterMark?: number;
}

/** Options of `createWriteStream`. */
export interface WriteStreamOptions extends StreamLockOptions {
  /** `'wb'` truncates or creates (default), `'ab'` appends, `'xb'` creates a new file. */
  mode?: WriteFileMode | 'w' | 'a' | 'wx';
  /** Buffered bytes at which `write()` returns `false`. Default 16 KiB. */
  highWaterMark?: number;
}

const constructionToken = Symbol('MemoryStream');

/** Engine-internal: the facade's `createReadStream`. */
export function createReadStream(
  state: FileSystemState,
  path: string,
  options: ReadStreamOptions | undefined,
): MemoryReadStream {
  return new MemoryReadStream(constructionToken, state, path, options);
}

/** Engine-internal: the facade's `createWriteStream`. */
export function createWriteStream(
  state: FileSystemState,
  path: string,
  options: WriteStreamOptions | undefined,
): MemoryWriteStream {
  return new MemoryWriteStream(constructionToken, state, path, options);
}

/**
 * A `Readable` of one file's bytes, from `mfs.createReadStream()`. It waits for the file's read
 * lock when it starts and holds it until it has read its last byte or is destroyed. Emits `'ready'`
 * once it holds the lock.
 */
export class MemoryReadStream extends Readable {
  /** The normalized path. */
  readonly path: string;
  readonly #file: StreamFile;
  readonly #start: number;
  readonly #end: number;
  readonly #chunkSize: number;
  #remaining = 0;
  #bytesRead = 0;

  /** @internal Streams come from `mfs.createReadStream()`. */
  constructor(token: symbol, state: FileSystemState, path: string, options: ReadStreamOptions | undefined) {
    checkToken(token);
    const checked = optionsObject(options, 'createReadStream');
    const start = offsetOption(checked.start, 'start', 0);
    const end = offsetOption(checked.end, 'end', Number.POSITIVE_INFINITY);
    if (start > end) {
      throw new InvalidArgumentError(`Option 'start' (${start}) must be <= option 'end' (${end}).`);
    }
    const chunkSize = sizeOption(checked.highWaterMark, 'highWaterMark', DEFAULT_READ_CHUNK);
    const file = new StreamFile(state, path, checked);
    super({ highWaterMark: chunkSize });
    this.path = file.path;
    this.#file = file;
    this.#start = start;
    this.#end = end;
    this.#chunkSize = chunkSize;
    if (file.signal !== undefined) addAbortSignal(file.signal, this);
  }

  /** Bytes read from the file so far. */
  get bytesRead(): number {
    return this.#bytesRead;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.#file.open(this, 'rb', callback, (handle) => {
      const size = handle.seek(0, SEEK_END);
      this.#remaining = Math.max(0, Math.min(this.#end + 1, size) - this.#start);
      handle.seek(this.#start, SEEK_SET);
    });
  }

  override _read(): void {
    // The read lock keeps writers out, so the size measured at open holds until the end.
    const handle = this.#file.handle!;
    if (this.#remaining > 0) {
      const chunk = handle.read(Math.min(this.#chunkSize, this.#remaining));
      this.#remaining -= chunk.byteLength;
      this.#bytesRead += chunk.byteLength;
      this.push(chunk);
    }
    if (this.#remaining === 0) {
      // Every byte is copied out: give the lock back now rather than when the consumer is done.
      this.#file.close();
      this.push(null);
    }
  }

  /** Destroys the stream; a lock wait still in progress is cancelled. */
  override destroy(error?: Error): this {
    this.#file.cancelWait();
    return super.destroy(error);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#file.close();
    callback(error);
  }
}

/**
 * A `Writable` into one file, from `mfs.createWriteStream()`, with backpressure. It waits for the
 * file's write lock when it starts (chunks written meanwhile are buffered) and holds it until it
 * finishes or is destroyed. Each chunk is written all or nothing: a refused chunk (quota, memory
 * guard) destroys the stream with that error, and everything written before it stays. Emits
 * `'ready'` once it holds the lock.
 */
export class MemoryWriteStream extends Writable {
  /** The normalized path. */
  readonly path: string;
  readonly #file: StreamFile;
  readonly #mode: WriteFileMode;
  #bytesWritten = 0;

  /** @internal Streams come from `mfs.createWriteStream()`. */
  constructor(token: symbol, state: FileSystemState, path: string, options: WriteStreamOptions | undefined) {
    checkToken(token);
    const checked = optionsObject(options, 'createWriteStream');
    const mode = parseOpenMode(checked.mode ?? 'wb');
    if (mode !== 'wb' && mode !== 'ab' && mode !== 'xb') {
      throw new InvalidArgumentError(
        `createWriteStream mode must be 'wb', 'ab' or 'xb'; got '${String(checked.mode)}'.`,
      );
    }
    const highWaterMark = sizeOption(checked.highWaterMark, 'highWaterMark', DEFAULT_WRITE_HIGH_WATER_MARK);
    const file = new StreamFile(state, path, checked);
    super({ highWaterMark });
    this.path = file.path;
    this.#file = file;
    this.#mode = mode;
    if (file.signal !== undefined) addAbortSignal(file.signal, this);
  }

  /** Bytes written to the file so far. */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.#file.open(this, this.#mode, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#writeBatch([chunk], callback);
  }

  override _writev(
    chunks: { chunk: Buffer; encoding: BufferEncoding }[],
    callback: (error?: Error | null) => void,
  ): void {
    this.#writeBatch(
      chunks.map((entry) => entry.chunk),
      callback,
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#file.close();
    callback();
  }

  /** Destroys the stream; a lock wait still in progress is cancelled. */
  override destroy(error?: Error): this {
    this.#file.cancelWait();
    return super.destroy(error);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#file.close();
    callback(error);
  }

  /**
   * Writes chunks in order, stopping at the first refused one. The stream hears of it on the next
   * tick: writes made meanwhile queue up and reach `_writev` together, to be stored as one chunk
   * rather than one each (a stored chunk costs quota overhead, so many small writes add up).
   */
  #writeBatch(chunks: Buffer[], callback: (error?: Error | null) => void): void {
    let failure: Error | null = null;
    try {
      for (const group of coalesce(chunks)) this.#writeGroup(group);
    } catch (error) {
      failure = error as Error;
    }
    process.nextTick(callback, failure);
  }

  #writeChunk(chunk: Uint8Array): void {
    this.#bytesWritten += this.#file.handle!.write(chunk);
  }

  /** Writes a group as one chunk; if that is refused, chunk by chunk, to stop exactly at the refused one. */
  #writeGroup(group: Buffer[]): void {
    if (group.length > 1) {
      try {
        this.#writeChunk(Buffer.concat(group));
        return;
      } catch {
        // Refused as a whole (nothing was written): the chunks one by one keep every chunk that fits.
      }
    }
    for (const chunk of group) this.#writeChunk(chunk);
  }
}

/**
 * The file a stream works on and the lock it holds on it: the path, how long to wait for the lock,
 * and, from the end of the stream's `construct` step until {@link close}, the handle that holds it.
 */
class StreamFile {
  /** The normalized path. */
  readonly path: string;
  /** The caller's `signal` option, which destroys the stream. */
  readonly signal: AbortSignal | undefined;
  readonly #state: FileSystemState;
  readonly #lockTimeout: number | null;
  readonly #wait = new AbortController();
  #handle: MemoryFileHandle | null = null;

  /** Checks the lock options and the path: bad ones throw before the stream exists. */
  constructor(state: FileSystemState, path: string, options: StreamLockOptions) {
    this.#lockTimeout = lockTimeoutOption(options.lockTimeout, state.options.defaultLockTimeout);
    this.signal = signalOption(options.signal);
    this.path = normalizePath(path);
    this.#state = state;
  }

  /** The handle holding the lock, or `null` before the open and after {@link close}. */
  get handle(): MemoryFileHandle | null {
    return this.#handle;
  }

  /**
   * The stream's `construct` step: opens the file in `mode`, waiting for its lock as the async
   * `open` does. Once it is open, `prepare` sees the handle and the stream says `'ready'`; a failed
   * open fails the step. A stream destroyed meanwhile fails with its own error (if any) instead, and
   * a handle granted just before that is closed by its `_destroy`.
   */
  open(
    stream: Readable | Writable,
    mode: 'rb' | WriteFileMode,
    callback: (error?: Error | null) => void,
    prepare?: (handle: MemoryFileHandle) => void,
  ): void {
    const options = { lockTimeout: this.#lockTimeout, signal: this.#wait.signal };
    openAsync(this.#state, this.path, mode, options).then(
      (handle) => {
        this.#handle = handle;
        prepare?.(handle);
        callback();
        if (!stream.destroyed) stream.emit('ready');
      },
      (error: Error) => callback(stream.destroyed ? null : error),
    );
  }

  /** Cancels a lock wait still in progress: the stream is being destroyed. */
  cancelWait(): void {
    this.#wait.abort();
  }

  /** Gives the lock back. Closing twice does nothing. */
  close(): void {
    this.#handle?.close();
    this.#handle = null;
  }
}

/** Consecutive chunks grouped up to {@link MAX_COALESCED_BYTES}; a larger chunk is a group alone. */
function coalesce(chunks: Buffer[]): Buffer[][] {
  const groups: Buffer[][] = [];
  let group: Buffer[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    if (group.length > 0 && bytes + chunk.byteLength > MAX_COALESCED_BYTES) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(chunk);
    bytes += chunk.byteLength;
  }
  groups.push(group);
  return groups;
}

function checkToken(token: symbol): void {
  if (token !== constructionToken) {
    throw new TypeError('Memory streams are created by mfs.createReadStream() and mfs.createWriteStream().');
  }
}

function optionsObject<T extends object>(options: T | undefined, what: string): Partial<T> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object')
    throw new TypeError(`${what} options must be an object; got ${typeof options}.`);
  return options;
}

/** A byte offset: an integer >= 0 (or `Infinity` for `end`). */
function offsetOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (value === Number.POSITIVE_INFINITY && name === 'end') return value;
  return integerOption(value, name, 0);
}

/** A positive size in bytes. */
function sizeOption(value: unknown, name: string, fallback: number): number {
  return value === undefined || value === null ? fallback : integerOption(value, name, 1);
}
