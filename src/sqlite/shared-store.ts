/**
 * `SharedDatabaseStore`: one live in-memory database shared by every connection in the process,
 * persisted into a `MemoryFileSystem` when the last connection closes.
 *
 * States and transitions (n = open connections):
 *
 * | state | event | effect |
 * |---|---|---|
 * | idle (n = 0) | `connect()` | opens the live database from `path`, or empty when there is no file; n = 1 |
 * | live (n ≥ 1) | `connect()` | n + 1, same live database |
 * | live (n ≥ 2) | `close()` | n − 1 |
 * | live (n = 1) | `close()` | writes the image to `path`, closes the live database; idle |
 * | live (n = 1) | `close()`, the write fails | throws; nothing changes: n = 1, the connection stays open |
 * | live | `flush()` | writes the image to `path`; stays live |
 *
 * SQLite's shared-cache URIs are not used: better-sqlite3 takes `file:...?mode=memory&cache=shared`
 * for a file name and creates that file on disk.
 *
 * @module
 */

import type { MemoryFileSystem } from '../fs/index.js';
import { checkFileSystem, checkPath } from './arguments.js';
import { type Database, SqliteDatabase } from './driver.js';
import { serializeDatabase } from './image.js';
import { loadDatabase } from './persistence.js';
import { createConnection, type SharedConnection } from './shared-connection.js';

/**
 * Connections to one live database that lives in memory while anyone uses it and in `path` of `mfs`
 * in between: the last `close()` serializes it into `path` and closes it; the next `connect()`
 * restores it from there.
 *
 * A failed persist (a full quota, say) makes that `close()` throw and change nothing: the connection
 * stays open and the live database keeps every change. Free space and `close()` again, or `flush()`.
 * Create one store per database and share it (from a module, say): two stores on the same path keep
 * two live databases.
 *
 * @example
 * ```ts
 * const store = new SharedDatabaseStore(mfs, '/app.sqlite');
 * using a = store.connect();
 * using b = store.connect();
 * a.exec('CREATE TABLE t (x)');
 * b.prepare('INSERT INTO t VALUES (1)').run(); // same database
 * // leaving the block closes b, then a: the database is saved to /app.sqlite
 * ```
 */
export class SharedDatabaseStore {
  /** The filesystem the database is persisted into. */
  readonly mfs: MemoryFileSystem;
  /** The file the database is persisted into. */
  readonly path: string;
  #live: Database | undefined;
  #connections = 0;

  /** A store for the database at `path` in `mfs`; nothing is read until the first `connect()`. */
  constructor(mfs: MemoryFileSystem, path: string) {
    checkFileSystem(mfs);
    checkPath(path);
    this.mfs = mfs;
    this.path = path;
  }

  /** Open connections. The live database exists exactly while this is above zero. */
  get connections(): number {
    return this.#connections;
  }

  /**
   * A new connection to the live database. The first one opens it: restored from `path` when that
   * file exists (`InvalidArgumentError` if it is not a SQLite 3 database), empty otherwise.
   */
  connect(): SharedConnection {
    const live = this.#live ?? this.#restore();
    this.#live = live;
    this.#connections++;
    return createConnection(live, {
      path: this.path,
      release: () => this.#release(),
    });
  }

  /**
   * Writes the live database to `path` now, keeping it open; does nothing while no connection is
   * open (`path` then already holds the latest state). Atomic and quota-checked; refused with
   * `InvalidArgumentError` inside a transaction.
   */
  flush(): void {
    if (this.#live !== undefined) this.#persist(this.#live);
  }

  #restore(): Database {
    return this.mfs.isFile(this.path) ? loadDatabase(this.mfs, this.path) : new SqliteDatabase(':memory:');
  }

  #release(): void {
    const live = this.#live!;
    if (this.#connections === 1) {
      this.#persist(live);
      live.close();
      this.#live = undefined;
    }
    this.#connections--;
  }

  #persist(live: Database): void {
    this.mfs.writeFile(this.path, serializeDatabase(live, `the shared database '${this.path}'`));
  }
}
