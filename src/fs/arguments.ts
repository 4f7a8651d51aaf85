/**
 * Argument checks the sync facade and the async view share, so both refuse the same input the same
 * way.
 *
 * @module
 */

import { InvalidArgumentError } from './errors.js';

/** A boolean option: `undefined` is `false`; any other non-boolean is a `TypeError`. */
export function booleanOption(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new TypeError(`Option '${name}' must be a boolean; got ${typeof value}.`);
  return value;
}

/** A text encoding Node's `Buffer` knows, or `InvalidArgumentError`. */
export function encodingArgument(encoding: unknown): BufferEncoding {
  if (typeof encoding !== 'string' || !Buffer.isEncoding(encoding)) {
    throw new InvalidArgumentError(`Unknown encoding: ${String(encoding)}`);
  }
  return encoding;
}
