/**
 * `AsyncMemoryFileHandle`: the promise-returning face of a {@link MemoryFileHandle}.
 *
 * @module
 */

import { type MemoryFileHandle, type OpenMode, SEEK_SET, type Whence } from './handle.js';

const constructionToken = Symbol('AsyncMemoryFileHandle');

/** Wraps a handle the async view has opened. Engine-internal. */
export function wrapHandle(handle: MemoryFileHandle): AsyncMemoryFileHandle {
  return new AsyncMemoryFileHandle(constructionToken, handle);
}

/**
 * A file handle returned by `afs.open()`. It holds its file's lock until {@link close}, like the
 * {@link MemoryFileHandle} it wraps ({@link sync}), and has the same methods, returning promises.
 * Implements `AsyncDisposable`, so `await using f = await afs.open(...)` closes it.
 *
 * The data is in memory, so each call completes in one step: a large `read` or `write` runs to the
 * end without yielding, and calls on one handle take effect in the order they are made.
 */
export class AsyncMemoryFileHandle implements AsyncDisposable {
  readonly #handle: MemoryFileHandle;

  /** @internal Handles come from `afs.open()`. */
  constructor(token: symbol, handle: MemoryFileHandle) {
    if (token !== constructionToken) throw new TypeError('AsyncMemoryFileHandle is created by afs.open().');
    this.#handle = handle;
  }

  /** The synchronous handle behind this one (the same lock and cursor), e.g. for `MFSTextHandle`. */
  get sync(): MemoryFileHandle {
    return this.#handle;
  }

  /** The normalized path the handle was opened on. */
  get path(): string {
    return this.#handle.path;
  }

  /** The canonical open mode. */
  get mode(): OpenMode {
    return this.#handle.mode;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#handle.closed;
  }

  /** Reads up to `size` bytes (all of the rest by default) from the cursor. See {@link MemoryFileHandle.read}. */
  async read(size = -1): Promise<Buffer> {
    return this.#handle.read(size);
  }

  /** Reads into `target` from the cursor; resolves to the bytes read (0 at the end). */
  async readInto(target: ArrayBufferView): Promise<number> {
    return this.#handle.readInto(target);
  }

  /** Writes all of `data` at the cursor (at the end in `ab` mode), all or nothing; resolves to its length. */
  async write(data: ArrayBufferView): Promise<number> {
    return this.#handle.write(data);
  }

  /** Moves the cursor; resolves to the new position. See {@link MemoryFileHandle.seek}. */
  async seek(offset: number, whence: Whence = SEEK_SET): Promise<number> {
    return this.#handle.seek(offset, whence);
  }

  /** The cursor position. */
  async tell(): Promise<number> {
    return this.#handle.tell();
  }

  /** Sets the file size (default: the cursor); resolves to the new size. */
  async truncate(size?: number): Promise<number> {
    return this.#handle.truncate(size);
  }

  /** Does nothing beyond checking the handle is open: data is in memory as soon as `write` resolves. */
  async flush(): Promise<void> {
    this.#handle.flush();
  }

  /** True when the mode allows `read`. */
  async readable(): Promise<boolean> {
    return this.#handle.readable();
  }

  /** True when the mode allows `write` and `truncate`. */
  async writable(): Promise<boolean> {
    return this.#handle.writable();
  }

  /** Always true while open. */
  async seekable(): Promise<boolean> {
    return this.#handle.seekable();
  }

  /** Releases the lock (the next waiter for it is served). Closing twice does nothing. */
  async close(): Promise<void> {
    this.#handle.close();
  }

  /** Closes the handle (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#handle.close();
  }
}
