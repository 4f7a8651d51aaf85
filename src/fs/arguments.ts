/**
 * Argument and option checks shared across the engine (the sync facade, the async view, open, the
 * streams), so every operation refuses the same input the same way.
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

/**
 * An option that is given and must be an integer >= `min`: a non-number is a `TypeError`; a
 * fraction, an unsafe integer or a smaller number is an `InvalidArgumentError`.
 */
export function integerOption(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number')
    throw new TypeError(`Option '${name}' must be a number; got ${typeof value}.`);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(`Option '${name}' must be an integer >= ${min}; got ${value}.`);
  }
  return value;
}

/** A text encoding Node's `Buffer` knows, or `InvalidArgumentError`. */
export function encodingArgument(encoding: unknown): BufferEncoding {
  if (typeof encoding !== 'string' || !Buffer.isEncoding(encoding)) {
    throw new InvalidArgumentError(`Unknown encoding: ${String(encoding)}`);
  }
  return encoding;
}
