/**
 * Node's argument conventions for `fs` calls: an options argument that may be an encoding string,
 * encodings, data to write, modes, lengths and positions, each validated with Node's error codes.
 *
 * @module
 */

import { codedRangeError, invalidArgType, invalidArgValue, outOfRange } from './errors.js';

/** An options argument as an object (`'utf8'` means `{ encoding: 'utf8' }`). */
export function optionsObject(options: unknown): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options === 'string') return { encoding: options };
  if (typeof options === 'object') return options as Record<string, unknown>;
  throw invalidArgType('options', 'one of type string or object', options);
}

/** A validated encoding, `'buffer'` included; `fallback` when absent. */
export function encodingOption(
  value: unknown,
  fallback: BufferEncoding | 'buffer' | null,
): BufferEncoding | 'buffer' | null {
  if (value === undefined || value === null) return fallback;
  if (value === 'buffer') return 'buffer';
  if (typeof value === 'string' && Buffer.isEncoding(value)) return value;
  throw invalidArgValue('encoding', value, 'is invalid encoding');
}

/** `bytes` decoded as `encoding`, or the bytes themselves for none or `'buffer'`. */
export function decode(bytes: Buffer, encoding: BufferEncoding | 'buffer' | null): Buffer | string {
  return encoding === null || encoding === 'buffer' ? bytes : bytes.toString(encoding);
}

/** The bytes of data to write: a string in `encoding`, or any `ArrayBufferView` (not copied). */
export function dataBytes(
  data: unknown,
  encoding: BufferEncoding | 'buffer' | null,
  name = 'data',
): Uint8Array {
  if (typeof data === 'string') {
    return Buffer.from(data, encoding === null || encoding === 'buffer' ? 'utf8' : encoding);
  }
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgType(name, 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

/** A byte view over a buffer argument (`ArrayBufferView` only). */
export function bufferArgument(value: unknown, name = 'buffer'): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw invalidArgType(name, 'an instance of Buffer, TypedArray, or DataView', value);
}

/**
 * Validates a file mode (a number or an octal string) that dmemfs accepts and ignores: it has no
 * permissions, so every file reads `0o644` and every directory `0o755`.
 */
export function ignoredMode(value: unknown, name = 'mode'): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return;
  if (typeof value === 'string' && /^[0-7]+$/.test(value)) return;
  throw invalidArgValue(name, value, 'must be a 32-bit unsigned integer or an octal string');
}

/** A boolean option; `fallback` when absent. */
export function booleanOption(options: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgType(`options.${key}`, 'of type boolean', value);
  return value;
}

/** An integer argument in `[min, max]`. */
export function integerArgument(
  value: unknown,
  name: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

/** The mode of `access` and `copyFile`: bit flags from 0 to 7; 0 when absent. */
export function modeFlagsArgument(value: unknown): number {
  const flags = value === undefined || value === null ? 0 : integerArgument(value, 'mode');
  if (flags > 7) throw codedRangeError('ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  return flags;
}

/** A length argument as `truncate` takes it: an integer, negative meaning 0. */
export function lengthArgument(value: unknown, name = 'len'): number {
  if (value === undefined || value === null) return 0;
  return Math.max(0, integerArgument(value, name, Number.MIN_SAFE_INTEGER));
}

/**
 * A read/write position: `null`/`undefined`/`-1` mean "the fd's position"; otherwise an integer
 * (or bigint) >= 0.
 */
export function positionArgument(value: unknown): number | null {
  if (value === undefined || value === null || value === -1 || value === -1n) return null;
  if (typeof value === 'bigint') {
    if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw outOfRange('position', `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, value);
    }
    return Number(value);
  }
  return integerArgument(value, 'position', 0);
}

/** A function argument (Node calls the callback `cb`). */
export function callbackArgument(value: unknown, name = 'cb'): (...args: unknown[]) => void {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
  return value as (...args: unknown[]) => void;
}

/**
 * Takes the callback off the end of `args`. When the last argument is not a function, the error
 * names it, or `undefined` when the call had only its first argument, as Node's messages do.
 */
export function takeCallback(args: unknown[]): (...args: unknown[]) => void {
  if (typeof args.at(-1) === 'function') return args.pop() as (...args: unknown[]) => void;
  return callbackArgument(args.length > 1 ? args.at(-1) : undefined);
}

/**
 * A time argument of `utimes` as ms since the epoch, read as Node reads it: a `Date`, a number of
 * seconds (a negative number means now), or a string holding such a number.
 */
export function timeArgument(value: unknown): number {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value) * 1000;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value < 0 ? Date.now() : value * 1000;
  if (value instanceof Date) return value.getTime();
  // Node names both arguments "time", and words the expectation exactly so.
  throw invalidArgType('time', 'an instance of Date or an Time in seconds', value);
}
