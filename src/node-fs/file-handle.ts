/**
 * `FileHandle`, what `promises.open` returns: an fd with promise methods, closed with `close()` or
 * `await using`.
 *
 * @module
 */

import { EventEmitter } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import type { ViewContext } from './context.js';
import {
  readFromFile,
  readRequest,
  readVector,
  setFileTimes,
  statFile,
  syncFile,
  truncateFile,
  writeRequest,
  writeToFile,
  writeVector,
} from './fd-calls.js';
import type { BigIntStats, Stats } from './stats.js';
import { ReadStream, WriteStream } from './streams.js';
import { unsupportedError } from './unsupported.js';
import { readWholeFile, writeWholeFile } from './whole-files.js';

/** Node's error for a call on a closed `FileHandle`: `EBADF`, "file closed". */
function fileClosed(syscall: string): Error {
  return Object.assign(new Error('file closed'), { code: 'EBADF', syscall });
}

/** Node's `fs.promises.FileHandle`. Emits `'close'` when closed. */
export class FileHandle extends EventEmitter implements AsyncDisposable {
  readonly #ctx: ViewContext;
  #fd: number;

  /** @internal Handles come from `promises.open()`. */
  constructor(ctx: ViewContext, fd: number) {
    super();
    this.#ctx = ctx;
    this.#fd = fd;
  }

  /** The descriptor; -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  #open(syscall: string): number {
    if (this.#fd === -1) throw fileClosed(syscall);
    return this.#fd;
  }

  /** Reads into a buffer: `(buffer, offset?, length?, position?)`, `(buffer, options?)` or `(options?)`. */
  async read(...args: unknown[]): Promise<{ bytesRead: number; buffer: unknown }> {
    const fd = this.#open('read');
    const request = readRequest(args);
    return { bytesRead: readFromFile(this.#ctx, fd, request), buffer: request.original };
  }

  /** Writes a buffer `(buffer, offset?, length?, position?)` or a string `(string, position?, encoding?)`. */
  async write(...args: unknown[]): Promise<{ bytesWritten: number; buffer: unknown }> {
    const fd = this.#open('write');
    const request = writeRequest(args);
    return { bytesWritten: writeToFile(this.#ctx, fd, request), buffer: request.original };
  }

  /** Reads into several buffers in turn. */
  async readv(
    buffers: ArrayBufferView[],
    position?: number | null,
  ): Promise<{ bytesRead: number; buffers: ArrayBufferView[] }> {
    return { bytesRead: readVector(this.#ctx, this.#open('read'), buffers, position), buffers };
  }

  /** Writes several buffers in turn (as one write against the quota). */
  async writev(
    buffers: ArrayBufferView[],
    position?: number | null,
  ): Promise<{ bytesWritten: number; buffers: ArrayBufferView[] }> {
    return { bytesWritten: writeVector(this.#ctx, this.#open('write'), buffers, position), buffers };
  }

  /** The rest of the file from the current position, as a Buffer or decoded. */
  async readFile(options?: unknown): Promise<Buffer | string> {
    return readWholeFile(this.#ctx, this.#open('read'), options);
  }

  /** Writes `data` at the current position (the end in append mode). */
  async writeFile(data: unknown, options?: unknown): Promise<void> {
    writeWholeFile(this.#ctx, this.#open('write'), data, options, 'w');
  }

  /** Alias of {@link writeFile}, as in Node. */
  async appendFile(data: unknown, options?: unknown): Promise<void> {
    writeWholeFile(this.#ctx, this.#open('write'), data, options, 'a');
  }

  async stat(options?: unknown): Promise<Stats | BigIntStats> {
    return statFile(this.#ctx, this.#open('fstat'), options);
  }

  /** Sets the size (default 0); growing zero-fills. */
  async truncate(length?: number): Promise<void> {
    truncateFile(this.#ctx, this.#open('ftruncate'), length);
  }

  /** Nothing to flush: data is in memory once written. */
  async sync(): Promise<void> {
    syncFile(this.#ctx, this.#open('fsync'), 'fsync');
  }

  /** Nothing to flush: data is in memory once written. */
  async datasync(): Promise<void> {
    syncFile(this.#ctx, this.#open('fdatasync'), 'fdatasync');
  }

  /** Unsupported: dmemfs has no permissions. */
  async chmod(): Promise<never> {
    throw unsupportedError('fchmod');
  }

  /** Unsupported: dmemfs has no owners. */
  async chown(): Promise<never> {
    throw unsupportedError('fchown');
  }

  /** Sets the modification time (see `utimes`). */
  async utimes(atime: unknown, mtime: unknown): Promise<void> {
    setFileTimes(this.#ctx, this.#open('futime'), atime, mtime);
  }

  /** A `ReadStream` over this handle; it closes the handle when done unless `autoClose` is false. */
  createReadStream(options?: Record<string, unknown>): ReadStream {
    return new ReadStream(this.#ctx, undefined, { ...options, fd: this });
  }

  /** A `WriteStream` over this handle; it closes the handle when done unless `autoClose` is false. */
  createWriteStream(options?: Record<string, unknown>): WriteStream {
    return new WriteStream(this.#ctx, undefined, { ...options, fd: this });
  }

  /** The file's lines, through `node:readline`. */
  readLines(options?: Record<string, unknown>): Interface {
    return createInterface({ input: this.createReadStream(options), crlfDelay: Number.POSITIVE_INFINITY });
  }

  /** Closes the handle; closing again does nothing. */
  async close(): Promise<void> {
    if (this.#fd === -1) return;
    const fd = this.#fd;
    this.#fd = -1;
    this.#ctx.descriptors.close(fd);
    this.emit('close');
  }

  /** Closes the handle (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** The fd of a handle passed where a path or fd may go (`promises.readFile(handle)`). */
export function descriptorOf(handle: FileHandle, syscall: string): number {
  if (handle.fd === -1) throw fileClosed(syscall);
  return handle.fd;
}
