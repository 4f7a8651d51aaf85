import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../../src/index.js';
import { checkImage, openableImage, openImage, serializeDatabase } from '../../src/sqlite/image.js';
import { SQLITE_HEADER } from '../../src/sqlite/index.js';
import { itemNames, scratchDirectory, seedInventory } from './databases.js';

function seededImage(): Buffer {
  const db = new BetterSqlite3(':memory:');
  seedInventory(db);
  const image = db.serialize();
  db.close();
  return image;
}

/** A file-backed database in WAL mode whose rows are still in the WAL file (not checkpointed). */
function walDatabase(): BetterSqlite3.Database {
  const db = new BetterSqlite3(join(scratchDirectory(), 'wal.db'));
  expect(db.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
  db.pragma('wal_autocheckpoint = 0');
  seedInventory(db);
  return db;
}

describe('checkImage', () => {
  test('accepts a serialized database and the empty image', () => {
    expect(() => checkImage(seededImage(), 'it')).not.toThrow();
    expect(() => checkImage(new Uint8Array(0), 'it')).not.toThrow();
  });

  test('the header constant is the 16 bytes every SQLite 3 file starts with', () => {
    expect(Buffer.from(SQLITE_HEADER).toString('latin1')).toBe('SQLite format 3\0');
    expect(Buffer.from(seededImage().subarray(0, 16)).equals(SQLITE_HEADER)).toBe(true);
  });

  test('refuses bytes without the header, naming what they were', () => {
    const error = captureError(() => checkImage(Buffer.alloc(4096, 1), "'/x.db'"));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ code: 'EINVAL' });
    expect((error as Error).message).toContain("'/x.db' is not a SQLite 3 database");
    expect(() => checkImage(SQLITE_HEADER, 'it')).toThrow(InvalidArgumentError);
  });

  test('refuses a truncated image and an illegal page size', () => {
    const image = seededImage();
    expect(() => checkImage(image.subarray(0, image.length - 1), 'it')).toThrow(/multiple of its page size/);
    const badPageSize = Buffer.from(image);
    badPageSize.writeUInt16BE(1000, 16);
    expect(() => checkImage(badPageSize, 'it')).toThrow(InvalidArgumentError);
  });

  test('accepts the 64 KiB page size, which the header stores as 1', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('page_size = 65536');
    seedInventory(db);
    const image = db.serialize();
    expect(image.readUInt16BE(16)).toBe(1);
    expect(() => checkImage(image, 'it')).not.toThrow();
    expect(itemNames(openImage(image, true))).toEqual(['anvil', 'bolt', 'chisel']);
  });
});

describe('WAL images', () => {
  test('serializeDatabase includes rows still in the WAL and marks the image as rollback-journal', () => {
    const db = walDatabase();
    const raw = db.serialize();
    expect([raw[18], raw[19]]).toEqual([2, 2]);
    expect(() => new BetterSqlite3(raw).prepare('SELECT 1 FROM items').get()).toThrow();

    const image = serializeDatabase(db, 'it');
    expect([image[18], image[19]]).toEqual([1, 1]);
    const copy = openImage(image, false);
    expect(itemNames(copy)).toEqual(['anvil', 'bolt', 'chisel']);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    // The caller's database keeps its journal mode.
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  test('openableImage copies a WAL image before changing it, and shares any other', () => {
    const db = walDatabase();
    const raw = new Uint8Array(db.serialize());
    db.close();
    const openable = openableImage(raw);
    expect([raw[18], raw[19]]).toEqual([2, 2]);
    expect([openable[18], openable[19]]).toEqual([1, 1]);
    expect(itemNames(new BetterSqlite3(openable))).toEqual(['anvil', 'bolt', 'chisel']);

    const plain = seededImage();
    expect(openableImage(plain)).toBe(plain);
    const view = new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
    const shared = openableImage(view);
    expect(Buffer.isBuffer(shared)).toBe(true);
    expect(shared.buffer).toBe(plain.buffer);
  });
});

describe('serializeDatabase', () => {
  test('refuses a database inside a transaction, whose image would hold uncommitted rows', () => {
    const db = new BetterSqlite3(':memory:');
    seedInventory(db);
    db.exec("BEGIN; INSERT INTO items (name) VALUES ('uncommitted')");
    expect(() => serializeDatabase(db, 'the database')).toThrow(
      /Cannot serialize the database inside an open transaction/,
    );
    db.exec('ROLLBACK');
    expect(itemNames(openImage(serializeDatabase(db, 'it'), true))).toEqual(['anvil', 'bolt', 'chisel']);
  });

  test('refuses a closed database', () => {
    const db = new BetterSqlite3(':memory:');
    db.close();
    expect(() => serializeDatabase(db, 'the database')).toThrow(InvalidArgumentError);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
