/**
 * Argument and option checks shared by the SQLite adapters: wrong types throw `TypeError`, bad values
 * and misspelled option names throw `InvalidArgumentError`, as everywhere in dmemfs.
 *
 * @module
 */

import { InvalidArgumentError, MemoryFileSystem } from '../fs/index.js';
import { type Database, SqliteDatabase } from './driver.js';

/** The options object of `what`, with every key checked against `known`. */
export function optionsObject(
  options: unknown,
  known: readonly string[],
  what: string,
): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object')
    throw new TypeError(`${what} options must be an object; got ${typeof options}.`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(`Unknown ${what} option '${key}'. Known options: ${known.join(', ')}.`);
    }
  }
  return options as Record<string, unknown>;
}

/** The `readonly` option of a call that opens a database; default `false`. */
export function readonlyOption(options: unknown, what: string): boolean {
  const value = optionsObject(options, ['readonly'], what).readonly;
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new TypeError(`Option 'readonly' must be a boolean; got ${typeof value}.`);
  return value;
}

/** Checks that `mfs` is a `MemoryFileSystem`. */
export function checkFileSystem(mfs: unknown): asserts mfs is MemoryFileSystem {
  if (!(mfs instanceof MemoryFileSystem)) throw new TypeError('Expected a MemoryFileSystem.');
}

/** Checks that `db` is a better-sqlite3 `Database`. */
export function checkDatabase(db: unknown): asserts db is Database {
  if (!(db instanceof SqliteDatabase)) throw new TypeError('Expected a better-sqlite3 Database.');
}

/** Checks that `path` is a string; the filesystem normalizes and validates it. */
export function checkPath(path: unknown): asserts path is string {
  if (typeof path !== 'string') throw new TypeError(`Path must be a string; got ${typeof path}.`);
}

/** Checks a master key: a non-empty string. */
export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`Master key must be a string; got ${typeof key}.`);
  if (key.length === 0) throw new InvalidArgumentError('Master key must not be empty.');
}

/** Checks that `bytes` is a `Uint8Array` (a `Buffer` is one). */
export function checkBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Expected the database bytes as a Uint8Array; got ${describe(bytes)}.`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}
