/**
 * Saving a database into a `MemoryFileSystem` and opening it from there again.
 *
 * @module
 */

import type { MemoryFileSystem } from '../fs/index.js';
import { checkDatabase, checkFileSystem, checkPath, readonlyOption } from './arguments.js';
import type { Database } from './driver.js';
import { checkImage, openImage, serializeDatabase } from './image.js';

/** Options of {@link loadDatabase}. */
export interface LoadDatabaseOptions {
  /** Open the database read-only: every write throws `SQLITE_READONLY`. Default `false`. */
  readonly?: boolean;
}

/**
 * Writes the image of `db`'s main database to `path` in `mfs`, replacing any file there.
 *
 * The write is atomic and quota-checked: a database that does not fit throws
 * `MFSQuotaExceededError` and leaves `path` as it was. `db` may be in memory or on disk, in any
 * journal mode (a WAL database is saved with its WAL content, and its journal mode is left alone).
 * Attached and temporary databases are not included. Refused with `InvalidArgumentError` while `db`
 * is closed or inside a transaction.
 */
export function saveDatabase(db: Database, mfs: MemoryFileSystem, path: string): void {
  checkDatabase(db);
  checkFileSystem(mfs);
  checkPath(path);
  mfs.writeFile(path, serializeDatabase(db, 'the database'));
}

/**
 * Opens the database saved at `path` in `mfs` as a new in-memory better-sqlite3 `Database`,
 * independent of the file: changes to it do not reach `mfs` until saved again.
 *
 * Throws `InvalidArgumentError` when the file is not a SQLite 3 database, and the engine's usual
 * errors (`FileNotFoundError`, `IsADirectoryError`) when there is no such file.
 */
export function loadDatabase(mfs: MemoryFileSystem, path: string, options?: LoadDatabaseOptions): Database {
  checkFileSystem(mfs);
  checkPath(path);
  const readonly = readonlyOption(options, 'loadDatabase');
  const bytes = mfs.readFile(path);
  checkImage(bytes, `'${path}'`);
  return openImage(bytes, readonly);
}
