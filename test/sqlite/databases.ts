/**
 * Small databases for the SQLite tests: a schema with seed rows, helpers that read them back, and
 * cleanup of the databases and directories a test opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Database } from '../../src/sqlite/index.js';

/** Rows `seedInventory` inserts. */
export const SEED_ITEMS = 3;

/** The names `seedInventory` inserts, in id order. */
export const SEED_NAMES = ['anvil', 'bolt', 'chisel'];

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

/** Closes `db` (if still open) when the running test finishes; returns it. */
export function closeAfterTest<T extends Database>(db: T): T {
  onTestFinished(() => {
    if (db.open) db.close();
  });
  return db;
}

/** A new host directory, removed with its contents when the running test finishes. */
export function scratchDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'dmemfs-sqlite-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}
