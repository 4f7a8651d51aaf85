/**
 * `SqliteMaster`: one database image kept in a master cache, from which tests open clones.
 *
 * @module
 */

import { FileNotFoundError, type MemoryFileSystem } from '../fs/index.js';
import { readonlyOption } from './arguments.js';
import type { Database } from './driver.js';
import { openImage } from './image.js';
import { readBuffer } from './read-buffer.js';

/** Options of {@link SqliteMaster.clone}. */
export interface CloneOptions {
  /** Open the clone read-only: every write throws `SQLITE_READONLY`. Default `false`. */
  readonly?: boolean;
}

/**
 * A built database, stored as bytes in its cache's quota-bounded `MemoryFileSystem`. Get one from
 * `SqliteMasterCache#master` or `SqliteMasterCache#adopt`.
 *
 * Clones are new in-memory databases: each starts from the master's bytes and shares nothing with
 * the master or with any other clone.
 */
export class SqliteMaster {
  /** The key the master was built or adopted under. */
  readonly key: string;
  /** Size of the database image in bytes. */
  readonly bytes: number;
  readonly #mfs: MemoryFileSystem;
  readonly #path: string;

  /**
   * Masters are made by `SqliteMasterCache`; this constructor is not part of the public API.
   *
   * @internal
   */
  constructor(key: string, mfs: MemoryFileSystem, path: string) {
    this.key = key;
    this.#mfs = mfs;
    this.#path = path;
    this.bytes = mfs.getSize(path);
  }

  /**
   * A new better-sqlite3 `Database` holding a copy of the master. Writes to it change neither the
   * master nor any other clone; with `{ readonly: true }` writes throw `SQLITE_READONLY`. Close it
   * when done.
   */
  clone(options?: CloneOptions): Database {
    const readonly = readonlyOption(options, 'clone');
    // The image is read out of the cache's filesystem for every clone rather than kept in a second
    // Buffer, so the quota stays an honest bound of what the cache holds. better-sqlite3 copies the
    // bytes into SQLite's own memory before returning, so the read buffer is free again afterwards.
    this.#checkPresent();
    const image = readBuffer(this.bytes);
    this.#readInto(image);
    return openImage(image, readonly);
  }

  /**
   * A copy of the master's bytes in a `Uint8Array` that owns its whole `ArrayBuffer`, so it can go
   * through `structuredClone`, `postMessage` or Vitest's `provide` and be adopted elsewhere with
   * `SqliteMasterCache#adopt`.
   */
  toBytes(): Uint8Array {
    this.#checkPresent();
    const bytes = new Uint8Array(this.bytes);
    this.#readInto(bytes);
    return bytes;
  }

  #readInto(target: Uint8Array): void {
    using handle = this.#mfs.open(this.#path, 'rb');
    handle.readInto(target);
  }

  #checkPresent(): void {
    if (!this.#mfs.isFile(this.#path)) {
      throw new FileNotFoundError(`SQLite master '${this.key}' was deleted from its cache.`);
    }
  }
}
