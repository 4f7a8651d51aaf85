/**
 * Small databases for the SQLite tests: a schema with seed rows, and helpers that read them back.
 */
import type { Database } from '../../src/sqlite/index.js';

/** Rows `seedInventory` inserts. */
export const SEED_ITEMS = 3;

/** Creates `items(id, name)` with {@link SEED_ITEMS} rows. */
export function seedInventory(db: Database): void {
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    INSERT INTO items (name) VALUES ('anvil'), ('bolt'), ('chisel');
  `);
}

/** Fills `blobs` with `count` rows of `size` random-looking bytes, making the database big. */
export function addBlobs(db: Database, count: number, size: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (randomblob(?))');
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(size);
  })();
}

/** The names in `items`, in id order. */
export function itemNames(db: Database): string[] {
  return db.prepare('SELECT name FROM items ORDER BY id').pluck().all() as string[];
}

/** The number of rows in `table`. */
export function countRows(db: Database, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}
