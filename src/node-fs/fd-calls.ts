/**
 * The descriptor calls: `open`, `close`, `read`, `readv`, `write`, `writev`, `fstat`, `ftruncate`,
 * `fsync` and `fdatasync`, with Node's argument forms.
 *
 * @module
 */

import {
  booleanOption,
  bufferArgument,
  dataBytes,
  encodingOption,
  ignoredMode,
  integerArgument,
  lengthArgument,
  optionsObject,
  positionArgument,
  timeArgument,
} from './arguments.js';
import type { ViewContext } from './context.js';
import { invalidArgType, outOfRange, withSite } from './errors.js';
import { parseFlags } from './flags.js';
import { statsOf } from './lookup.js';
import type { BigIntStats, Stats } from './stats.js';

/** `openSync(path, flags = 'r', mode?)`: a new descriptor. */
export function openFile(ctx: ViewContext, path: unknown, flags?: unknown, mode?: unknown): number {
  const target = ctx.resolve(path);
  const intent = parseFlags(flags, 'r');
  ignoredMode(mode);
  return ctx.descriptors.open(ctx.filesystem(), target, intent).fd;
}

/** `closeSync(fd)`. */
export function closeFile(ctx: ViewContext, fd: unknown): void {
  ctx.descriptors.close(fd);
}

/** A read or write request in its normalized form. */
export interface TransferRequest {
  buffer: Uint8Array;
  /** The caller's buffer object itself, which the callback form hands back. */
  original: unknown;
  offset: number;
  length: number;
  position: number | null;
}

/** The options object form of a read or write request. */
interface TransferOptions {
  buffer?: unknown;
  offset?: unknown;
  length?: unknown;
  position?: unknown;
}

const DEFAULT_READ_BUFFER = 16_384;

/** `offset`/`length` against a buffer, checked as Node checks them. */
function region(byteLength: number, offsetValue: unknown, lengthValue: unknown): [number, number] {
  const offset =
    offsetValue === undefined || offsetValue === null ? 0 : integerArgument(offsetValue, 'offset', 0);
  if (offset > byteLength) throw outOfRange('offset', `<= ${byteLength}`, offset);
  const length =
    lengthValue === undefined || lengthValue === null
      ? byteLength - offset
      : integerArgument(lengthValue, 'length', 0);
  if (length > byteLength - offset) throw outOfRange('length', `<= ${byteLength - offset}`, length);
  return [offset, length];
}

/**
 * A request over `buffer` from the arguments after it: `(offset?, length?, position?)` or
 * `({ offset, length, position }?)`.
 */
function bufferRequest(buffer: Uint8Array, original: unknown, rest: readonly unknown[]): TransferRequest {
  let values = rest;
  if (rest[0] !== null && typeof rest[0] === 'object') {
    const { offset, length, position } = rest[0] as TransferOptions;
    values = [offset, length, position];
  }
  const [offsetValue, lengthValue, positionValue] = values;
  const [offset, length] = region(buffer.byteLength, offsetValue, lengthValue);
  return { buffer, original, offset, length, position: positionArgument(positionValue) };
}

/**
 * Normalizes the argument forms of `read`: `(buffer, offset?, length?, position?)`,
 * `(buffer, options?)` and `(options?)` (a 16 KiB buffer when none is given).
 */
export function readRequest(args: readonly unknown[]): TransferRequest {
  const [first, ...rest] = args;
  if (ArrayBuffer.isView(first)) return bufferRequest(bufferArgument(first), first, rest);
  if (first === undefined || first === null || typeof first === 'object') {
    const options = (first ?? {}) as TransferOptions;
    const bufferValue = options.buffer ?? Buffer.alloc(DEFAULT_READ_BUFFER);
    return bufferRequest(bufferArgument(bufferValue), bufferValue, [options]);
  }
  throw invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', first);
}

/** `readSync(fd, …)`: bytes read into the buffer, 0 at the end of the file. */
export function readFromFile(ctx: ViewContext, fd: unknown, request: TransferRequest): number {
  const file = ctx.descriptors.get(fd, 'read');
  const target = request.buffer.subarray(request.offset, request.offset + request.length);
  return ctx.descriptors.read(file, target, request.position);
}

/**
 * Normalizes the argument forms of `write`: `(buffer, offset?, length?, position?)`,
 * `(buffer, options?)` and `(string, position?, encoding?)`.
 */
export function writeRequest(args: readonly unknown[]): TransferRequest {
  const [data, ...rest] = args;
  if (typeof data === 'string') {
    const encoding = encodingOption(rest[1], 'utf8');
    const buffer = dataBytes(data, encoding);
    return {
      buffer,
      original: data,
      offset: 0,
      length: buffer.byteLength,
      position: positionArgument(rest[0]),
    };
  }
  return bufferRequest(dataBytes(data, null, 'buffer'), data, rest);
}

/** `writeSync(fd, …)`: bytes written (all of them, or an error and none). */
export function writeToFile(ctx: ViewContext, fd: unknown, request: TransferRequest): number {
  const file = ctx.descriptors.get(fd, 'write');
  const bytes = request.buffer.subarray(request.offset, request.offset + request.length);
  return ctx.descriptors.write(file, bytes, request.position);
}

function bufferList(value: unknown): Uint8Array[] {
  if (!Array.isArray(value)) throw invalidArgType('buffers', 'an instance of Array', value);
  return value.map((buffer, index) => bufferArgument(buffer, `buffers[${index}]`));
}

/** `readvSync(fd, buffers, position?)`: fills the buffers in turn; total bytes read. */
export function readVector(ctx: ViewContext, fd: unknown, buffers: unknown, position?: unknown): number {
  const file = ctx.descriptors.get(fd, 'read');
  const targets = bufferList(buffers);
  let at = positionArgument(position);
  let total = 0;
  for (const target of targets) {
    const count = ctx.descriptors.read(file, target, at);
    total += count;
    if (at !== null) at += count;
    if (count < target.byteLength) break;
  }
  return total;
}

/** `writevSync(fd, buffers, position?)`: writes the buffers in turn; total bytes written. */
export function writeVector(ctx: ViewContext, fd: unknown, buffers: unknown, position?: unknown): number {
  const file = ctx.descriptors.get(fd, 'write');
  const sources = bufferList(buffers);
  // One write, so the vector is all or nothing against the quota, as a single write is.
  const joined = Buffer.concat(sources);
  return ctx.descriptors.write(file, joined, positionArgument(position));
}

/** `fstatSync(fd, { bigint }?)`. */
export function statFile(ctx: ViewContext, fd: unknown, options?: unknown): Stats | BigIntStats {
  const file = ctx.descriptors.get(fd, 'fstat');
  const bigint = booleanOption(optionsObject(options), 'bigint', false);
  return statsOf(file.mfs, file.path, ctx.descriptors.entry(file), bigint);
}

/** `ftruncateSync(fd, len = 0)`: sets the size; growing zero-fills. */
export function truncateFile(ctx: ViewContext, fd: unknown, length?: unknown): void {
  const file = ctx.descriptors.get(fd, 'ftruncate');
  ctx.descriptors.truncate(file, lengthArgument(length));
}

/** `futimesSync(fd, atime, mtime)`: sets the modification time of an open file (see `utimes`). */
export function setFileTimes(ctx: ViewContext, fd: unknown, atime: unknown, mtime: unknown): void {
  const file = ctx.descriptors.get(fd, 'futime');
  timeArgument(atime);
  const modifiedAt = timeArgument(mtime);
  withSite({ syscall: 'futime' }, () => file.mfs.setModifiedAt(file.path, modifiedAt));
}

/** `fsyncSync(fd)` / `fdatasyncSync(fd)`: data is in memory as soon as a write returns. */
export function syncFile(ctx: ViewContext, fd: unknown, syscall: 'fsync' | 'fdatasync'): void {
  ctx.descriptors.get(fd, syscall);
}
