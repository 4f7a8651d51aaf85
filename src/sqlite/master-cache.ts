/**
 * `SqliteMasterCache`: builds each master database once per key and keeps its bytes under a quota.
 *
 * @module
 */

import {
  DEFAULT_MAX_QUOTA,
  FileExistsError,
  InvalidArgumentError,
  MemoryFileSystem,
  MFSQuotaExceededError,
} from '../fs/index.js';
import { checkBytes, checkKey, optionsObject } from './arguments.js';
import { type Database, SqliteDatabase } from './driver.js';
import { checkImage, openableImage, serializeDatabase } from './image.js';
import { SqliteMaster } from './master.js';

/** Options of `new SqliteMasterCache(options)`. */
export interface SqliteMasterCacheOptions {
  /** Hard byte quota for the bytes of every master together. Default 256 MiB. */
  maxQuota?: number;
}

/** Builds a master: runs schema and seed statements on an empty in-memory database. Synchronous. */
export type MasterBuilder = (db: Database) => void;

interface Entry {
  readonly master: SqliteMaster;
  readonly path: string;
}

/**
 * Master databases, each built once per key and cloned per test.
 *
 * The masters' bytes live in the cache's own `MemoryFileSystem`, bounded by `maxQuota`. A master
 * that does not fit is refused with `MFSQuotaExceededError` and nothing is cached.
 *
 * @example
 * ```ts
 * const cache = new SqliteMasterCache({ maxQuota: 64 * 1024 * 1024 });
 * const master = cache.master('app', (db) => db.exec(schema));
 * const db = master.clone(); // a fresh, independent copy for one test
 * ```
 */
export class SqliteMasterCache {
  readonly #mfs: MemoryFileSystem;
  readonly #entries = new Map<string, Entry>();
  readonly #building = new Set<string>();
  #nextFile = 0;

  /** Creates an empty cache. See {@link SqliteMasterCacheOptions}. */
  constructor(options?: SqliteMasterCacheOptions) {
    const { maxQuota } = optionsObject(options, ['maxQuota'], 'SqliteMasterCache');
    // Random-access storage charges a file exactly its size, so `maxQuota` bounds the image bytes.
    this.#mfs = new MemoryFileSystem({
      maxQuota: (maxQuota as number | undefined) ?? DEFAULT_MAX_QUOTA,
      defaultStorage: 'random_access',
    });
  }

  /**
   * The master for `key`, built on first use: `build` runs once on an empty in-memory database, whose
   * image is then stored in the cache. Later calls return the same master and ignore `build`.
   *
   * A `build` that throws caches nothing, and the next call for `key` builds again. `build` must be
   * synchronous (better-sqlite3 is), must not close the database, and must not leave a transaction
   * open. A master too big for the quota throws `MFSQuotaExceededError` naming `key`.
   */
  master(key: string, build: MasterBuilder): SqliteMaster {
    checkKey(key);
    if (typeof build !== 'function') throw new TypeError('build must be a function (db) => void.');
    const cached = this.#entries.get(key);
    if (cached !== undefined) return cached.master;
    return this.#store(key, this.#build(key, build));
  }

  /**
   * Stores bytes made by `SqliteMaster#toBytes()` (or any SQLite 3 database image) as the master for
   * `key`, typically in another worker than the one that built it. Bytes that are not a SQLite 3
   * database throw `InvalidArgumentError`.
   *
   * Adopting the same bytes again under the same key returns the master already there; different
   * bytes under a key in use throw `FileExistsError`.
   */
  adopt(key: string, bytes: Uint8Array): SqliteMaster {
    checkKey(key);
    checkBytes(bytes);
    checkImage(bytes, `The bytes adopted as master '${key}'`);
    const image = openableImage(bytes);
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      if (this.#mfs.readFile(cached.path).equals(image)) return cached.master;
      throw new FileExistsError(`SQLite master '${key}' already exists with different bytes.`);
    }
    this.#refuseWhileBuilding(key);
    return this.#store(key, image);
  }

  /** The master for `key`, or `undefined` when there is none. */
  get(key: string): SqliteMaster | undefined {
    return this.#entries.get(key)?.master;
  }

  /** Whether there is a master for `key`. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /**
   * Removes the master for `key` and frees its quota; returns whether there was one. Clones already
   * open are unaffected; the removed master can no longer clone.
   */
  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#mfs.remove(entry.path);
    this.#entries.delete(key);
    return true;
  }

  /** The keys of every master, in the order they were stored. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  #build(key: string, build: MasterBuilder): Buffer {
    this.#refuseWhileBuilding(key);
    const db = new SqliteDatabase(':memory:');
    this.#building.add(key);
    try {
      const result: unknown = build(db);
      if (isPromiseLike(result)) {
        // The work it started would run on a closed database; keep its rejection from going unhandled.
        result.then(undefined, () => {});
        throw new TypeError(
          `The build of SQLite master '${key}' returned a promise; it must be synchronous.`,
        );
      }
      return serializeDatabase(db, `SQLite master '${key}'`);
    } finally {
      if (db.open) db.close();
      this.#building.delete(key);
    }
  }

  #refuseWhileBuilding(key: string): void {
    if (this.#building.has(key)) {
      throw new InvalidArgumentError(`SQLite master '${key}' is being built; its build cannot ask for it.`);
    }
  }

  #store(key: string, image: Buffer): SqliteMaster {
    const path = `/${this.#nextFile++}.sqlite`;
    try {
      this.#mfs.writeFile(path, image, { mode: 'xb' });
    } catch (error) {
      if (!(error instanceof MFSQuotaExceededError)) throw error;
      const { quotaBytes } = this.#mfs.stats();
      throw new MFSQuotaExceededError(
        error.requested,
        error.available,
        { cause: error },
        `SQLite master '${key}' needs ${error.requested} bytes, but its cache has ${error.available} of ` +
          `${quotaBytes} bytes free (maxQuota).`,
      );
    }
    const entry = { master: new SqliteMaster(key, this.#mfs, path), path };
    this.#entries.set(key, entry);
    return entry.master;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
