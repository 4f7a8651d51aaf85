/**
 * How numbers and values appear in the engine's error and warning messages.
 *
 * @module
 */

/** A count with thousands separators, the same whatever the locale: `1,048,576`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** A value as a message quotes it: a string in single quotes, anything else as `String` gives it. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
