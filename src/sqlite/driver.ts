/**
 * Loading better-sqlite3, the optional peer dependency behind `dmemfs/sqlite`.
 *
 * A static `import` of an absent package fails with Node's generic module-not-found error, which
 * does not say that the package is an optional peer of this one. Loading it here turns exactly that
 * failure into an error that says what to install; any other failure passes through unchanged.
 * `require` (better-sqlite3 is CommonJS) keeps this entry free of top-level await, so it also loads
 * where ESM is required synchronously.
 *
 * @module
 */

import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/** A better-sqlite3 database connection. */
export type Database = BetterSqlite3.Database;

/** The better-sqlite3 `Database` class. */
export type DatabaseConstructor = typeof BetterSqlite3;

/** The message of the error thrown when `dmemfs/sqlite` is imported without better-sqlite3. */
export const MISSING_DRIVER_MESSAGE =
  'dmemfs/sqlite needs the optional peer dependency better-sqlite3 (^12): npm install --save-dev better-sqlite3';

/**
 * Whether `error` says that the `better-sqlite3` package itself could not be found. A dependency
 * missing *inside* better-sqlite3 is named in its own message and does not match.
 */
export function isMissingDriverError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  return /^Cannot find (?:module|package) 'better-sqlite3'/.test(error.message);
}

/** Loads the driver with `load` (Node's `require` by default), explaining a missing install. */
export function loadDriver(
  load: (id: string) => unknown = createRequire(import.meta.url),
): DatabaseConstructor {
  try {
    return load('better-sqlite3') as DatabaseConstructor;
  } catch (error) {
    if (!isMissingDriverError(error)) throw error;
    throw Object.assign(new Error(MISSING_DRIVER_MESSAGE, { cause: error }), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  }
}

/** The better-sqlite3 `Database` class, loaded once when `dmemfs/sqlite` is imported. */
export const SqliteDatabase: DatabaseConstructor = loadDriver();
