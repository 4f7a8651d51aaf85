/**
 * `ReadStream` and `WriteStream`: Node's file streams over a view's descriptors. They open on
 * construction (emitting `'open'` and `'ready'`), read or write at `start` or at the fd's position,
 * and close their fd when they end unless `autoClose` is false. A write the quota refuses fails the
 * stream with `ENOSPC`, having written nothing of that chunk.
 *
 * @module
 */

import { Readable, Writable } from 'node:stream';
import { booleanOption, encodingOption, ignoredMode, integerArgument, optionsObject } from './arguments.js';
import type { ViewContext } from './context.js';
import { outOfRange } from './errors.js';
import { closeFile, openFile, readFromFile, writeToFile } from './fd-calls.js';
import { parseFlags } from './flags.js';

/** A `FileHandle`-like object a stream can be given as its `fd`. */
interface HandleLike {
  readonly fd: number;
  close(): Promise<void>;
}

function isHandleLike(value: unknown): value is HandleLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as HandleLike).fd === 'number' &&
    typeof (value as HandleLike).close === 'function'
  );
}

/** What both stream kinds take from their options. */
interface StreamSetup {
  readonly path: string | Buffer | URL | undefined;
  readonly fd: number | null;
  readonly handle: HandleLike | null;
  readonly flags: string;
  readonly mode: number;
  readonly start: number | undefined;
  readonly autoClose: boolean;
  readonly emitClose: boolean;
  readonly options: Record<string, unknown>;
}

function streamSetup(ctx: ViewContext, path: unknown, options: unknown, defaultFlags: string): StreamSetup {
  const opts = optionsObject(options);
  const fdOption = opts.fd;
  const handle = isHandleLike(fdOption) ? fdOption : null;
  const fd =
    handle !== null
      ? handle.fd
      : fdOption === undefined || fdOption === null
        ? null
        : integerArgument(fdOption, 'fd');
  // Without an fd, the path is checked now so a bad one throws here, as in Node.
  if (fd === null) ctx.resolve(path);
  const flags = opts.flags === undefined ? defaultFlags : opts.flags;
  parseFlags(flags, defaultFlags);
  ignoredMode(opts.mode);
  const start = opts.start === undefined ? undefined : integerArgument(opts.start, 'start');
  booleanOption(opts, 'flush', false);
  return {
    path: fd === null ? (path as string | Buffer | URL) : undefined,
    fd,
    handle,
    flags: String(flags),
    mode: typeof opts.mode === 'number' ? opts.mode : 0o666,
    start,
    autoClose: booleanOption(opts, 'autoClose', true),
    emitClose: booleanOption(opts, 'emitClose', true),
    options: opts,
  };
}

/** Closes a stream's fd (through its `FileHandle` when it was given one). */
function closeStreamFd(
  ctx: ViewContext,
  setup: StreamSetup,
  fd: number,
  callback: (error: Error | null) => void,
): void {
  if (setup.handle !== null) {
    setup.handle.close().then(
      () => callback(null),
      (error: Error) => callback(error),
    );
    return;
  }
  try {
    closeFile(ctx, fd);
    callback(null);
  } catch (error) {
    callback(error as Error);
  }
}

/** The fields `openStreamFd` reads and sets on a `ReadStream` or `WriteStream`. */
interface OpeningStream {
  fd: number | null;
  readonly path: unknown;
  readonly flags: string;
  readonly mode: number;
  emit(event: 'open' | 'ready', ...args: unknown[]): boolean;
}

/**
 * A stream's `_construct`: opens its path unless it was given an fd, then emits `'open'` and
 * `'ready'` as Node's streams do.
 */
function openStreamFd(
  ctx: ViewContext,
  stream: OpeningStream,
  callback: (error?: Error | null) => void,
): void {
  if (stream.fd !== null) {
    callback();
    return;
  }
  try {
    stream.fd = openFile(ctx, stream.path, stream.flags, stream.mode);
  } catch (error) {
    callback(error as Error);
    return;
  }
  stream.emit('open', stream.fd);
  stream.emit('ready');
  callback();
}

/**
 * A stream's `_destroy`: closes its fd unless `autoClose` is false, and reports the stream's own
 * error before a failure to close.
 */
function destroyStreamFd(
  ctx: ViewContext,
  setup: StreamSetup,
  stream: { fd: number | null },
  error: Error | null,
  callback: (error?: Error | null) => void,
): void {
  const fd = stream.fd;
  if (fd === null || !setup.autoClose) {
    callback(error);
    return;
  }
  stream.fd = null;
  closeStreamFd(ctx, setup, fd, (closeError) => callback(error ?? closeError));
}

/** Node's `fs.ReadStream`. */
export class ReadStream extends Readable {
  /** The path it was opened on (`undefined` when given an fd). */
  path: string | Buffer | URL | undefined;
  /** The descriptor, `null` until opened. */
  fd: number | null;
  flags: string;
  mode: number;
  start: number | undefined;
  end: number;
  /** The next read position when `start` was given. */
  pos: number | undefined;
  /** Bytes read so far. */
  bytesRead = 0;
  readonly #ctx: ViewContext;
  readonly #setup: StreamSetup;

  /** @internal Streams come from the view's `createReadStream()`. */
  constructor(ctx: ViewContext, path: unknown, options?: unknown) {
    const setup = streamSetup(ctx, path, options, 'r');
    const opts = setup.options;
    const encoding = encodingOption(opts.encoding, null);
    const highWaterMark =
      opts.highWaterMark === undefined ? 64 * 1024 : integerArgument(opts.highWaterMark, 'highWaterMark', 1);
    super({
      highWaterMark,
      encoding: encoding === null || encoding === 'buffer' ? undefined : encoding,
      emitClose: setup.emitClose,
      autoDestroy: setup.autoClose,
      signal: opts.signal as AbortSignal | undefined,
    });
    this.#ctx = ctx;
    this.#setup = setup;
    this.path = setup.path;
    this.fd = setup.fd;
    this.flags = setup.flags;
    this.mode = setup.mode;
    this.start = setup.start;
    this.end =
      opts.end === undefined || opts.end === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : integerArgument(opts.end, 'end');
    if (this.start !== undefined && this.start > this.end) {
      throw outOfRange('start', `<= "end" (here: ${this.end})`, this.start);
    }
    this.pos = this.start;
  }

  /** True until the file is open. */
  get pending(): boolean {
    return this.fd === null;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    openStreamFd(this.#ctx, this, callback);
  }

  override _read(size: number): void {
    const length =
      this.pos !== undefined
        ? Math.min(this.end - this.pos + 1, size)
        : Math.min(this.end - this.bytesRead + 1, size);
    if (length <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(length);
    let count: number;
    try {
      count = readFromFile(this.#ctx, this.fd, {
        buffer,
        original: buffer,
        offset: 0,
        length,
        position: this.pos ?? null,
      });
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    if (this.pos !== undefined) this.pos += count;
    this.bytesRead += count;
    this.push(count > 0 ? buffer.subarray(0, count) : null);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    destroyStreamFd(this.#ctx, this.#setup, this, error, callback);
  }

  /** Closes the stream and its fd; `callback` runs on `'close'`. */
  close(callback?: (error?: Error | null) => void): void {
    if (callback !== undefined) this.once('close', callback);
    this.destroy();
  }
}

/** Node's `fs.WriteStream`. */
export class WriteStream extends Writable {
  /** The path it was opened on (`undefined` when given an fd). */
  path: string | Buffer | URL | undefined;
  /** The descriptor, `null` until opened. */
  fd: number | null;
  flags: string;
  mode: number;
  start: number | undefined;
  /** The next write position when `start` was given. */
  pos: number | undefined;
  /** Bytes written so far. */
  bytesWritten = 0;
  readonly #ctx: ViewContext;
  readonly #setup: StreamSetup;

  /** @internal Streams come from the view's `createWriteStream()`. */
  constructor(ctx: ViewContext, path: unknown, options?: unknown) {
    const setup = streamSetup(ctx, path, options, 'w');
    const opts = setup.options;
    const encoding = encodingOption(opts.encoding, 'utf8');
    super({
      highWaterMark:
        opts.highWaterMark === undefined
          ? undefined
          : integerArgument(opts.highWaterMark, 'highWaterMark', 1),
      defaultEncoding: encoding === null || encoding === 'buffer' ? 'utf8' : encoding,
      decodeStrings: true,
      emitClose: setup.emitClose,
      autoDestroy: setup.autoClose,
      signal: opts.signal as AbortSignal | undefined,
    });
    this.#ctx = ctx;
    this.#setup = setup;
    this.path = setup.path;
    this.fd = setup.fd;
    this.flags = setup.flags;
    this.mode = setup.mode;
    this.start = setup.start;
    this.pos = setup.start;
  }

  /** True until the file is open. */
  get pending(): boolean {
    return this.fd === null;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    openStreamFd(this.#ctx, this, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#writeBytes(chunk, callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.#writeBytes(Buffer.concat(chunks.map(({ chunk }) => chunk)), callback);
  }

  #writeBytes(bytes: Buffer, callback: (error?: Error | null) => void): void {
    let count: number;
    try {
      count = writeToFile(this.#ctx, this.fd, {
        buffer: bytes,
        original: bytes,
        offset: 0,
        length: bytes.byteLength,
        position: this.pos ?? null,
      });
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (this.pos !== undefined) this.pos += count;
    this.bytesWritten += count;
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    destroyStreamFd(this.#ctx, this.#setup, this, error, callback);
  }

  /** Ends the stream and closes its fd (even with `autoClose: false`); `callback` runs on `'close'`. */
  close(callback?: (error?: Error | null) => void): void {
    if (callback !== undefined) {
      if (this.closed) {
        process.nextTick(callback);
        return;
      }
      this.once('close', callback);
    }
    if (!this.#setup.autoClose) {
      this.once('finish', () => {
        const fd = this.fd;
        if (fd === null) return;
        this.fd = null;
        closeStreamFd(this.#ctx, this.#setup, fd, () => this.destroy());
      });
    }
    this.end();
  }

  /** Node's alias of `end()`. */
  destroySoon(): this {
    return this.end();
  }
}
