import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import {
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileSystem,
  MFSQuotaExceededError,
} from '../../src/index.js';
import { type Database, loadDatabase, saveDatabase } from '../../src/sqlite/index.js';
import { expectConsistentStats } from '../helpers.js';
import {
  addBlobs,
  closeAfterTest,
  itemNames,
  SEED_NAMES,
  scratchDirectory,
  seedInventory,
} from './databases.js';

function seeded(): Database {
  const db = closeAfterTest(new BetterSqlite3(':memory:'));
  seedInventory(db);
  return db;
}

describe('saveDatabase and loadDatabase', () => {
  test('round trip: the loaded database has the saved rows and is independent of the file', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/db');
    const db = seeded();
    saveDatabase(db, mfs, '/db/app.sqlite');
    const size = mfs.getSize('/db/app.sqlite');
    expect(size).toBe(db.serialize().byteLength);

    const loaded = closeAfterTest(loadDatabase(mfs, '/db/app.sqlite'));
    expect(loaded.memory).toBe(true);
    expect(itemNames(loaded)).toEqual(SEED_NAMES);
    loaded.exec("INSERT INTO items (name) VALUES ('drill')");
    expect(
      closeAfterTest(loadDatabase(mfs, '/db/app.sqlite')).prepare('SELECT count(*) FROM items').pluck().get(),
    ).toBe(3);
    expect(itemNames(db)).toEqual(SEED_NAMES);
    expectConsistentStats(mfs);
  });

  test('saving again replaces the file with the database as it is now', () => {
    const mfs = new MemoryFileSystem();
    const db = seeded();
    saveDatabase(db, mfs, '/app.sqlite');
    db.exec("DELETE FROM items WHERE name <> 'bolt'");
    saveDatabase(db, mfs, '/app.sqlite');
    expect(itemNames(closeAfterTest(loadDatabase(mfs, '/app.sqlite')))).toEqual(['bolt']);
  });

  test('a thousand rows survive the round trip', () => {
    const mfs = new MemoryFileSystem();
    const db = closeAfterTest(new BetterSqlite3(':memory:'));
    db.exec('CREATE TABLE numbers (n INTEGER, square INTEGER)');
    const insert = db.prepare('INSERT INTO numbers VALUES (?, ?)');
    db.transaction(() => {
      for (let n = 0; n < 1000; n++) insert.run(n, n * n);
    })();
    saveDatabase(db, mfs, '/numbers.sqlite');
    const loaded = closeAfterTest(loadDatabase(mfs, '/numbers.sqlite'));
    expect(loaded.prepare('SELECT count(*), sum(square) FROM numbers').raw().get()).toEqual([
      1000, 332_833_500,
    ]);
  });

  test('a save over the quota throws MFSQuotaExceededError and leaves the old file as it was', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 64 * 1024 });
    const db = seeded();
    saveDatabase(db, mfs, '/app.sqlite');
    const before = mfs.readFile('/app.sqlite');
    const usedBefore = mfs.stats().usedBytes;
    addBlobs(db, 32, 4096);
    expect(() => saveDatabase(db, mfs, '/app.sqlite')).toThrow(MFSQuotaExceededError);
    expect(mfs.readFile('/app.sqlite').equals(before)).toBe(true);
    expect(mfs.stats().usedBytes).toBe(usedBefore);
    expect(() => saveDatabase(db, mfs, '/other.sqlite')).toThrow(MFSQuotaExceededError);
    expect(mfs.exists('/other.sqlite')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('a readonly load rejects writes', () => {
    const mfs = new MemoryFileSystem();
    saveDatabase(seeded(), mfs, '/app.sqlite');
    const readonly = closeAfterTest(loadDatabase(mfs, '/app.sqlite', { readonly: true }));
    expect(readonly.readonly).toBe(true);
    expect(itemNames(readonly)).toEqual(SEED_NAMES);
    expect(() => readonly.exec("INSERT INTO items (name) VALUES ('x')")).toThrow(/readonly/);
    expect(closeAfterTest(loadDatabase(mfs, '/app.sqlite', { readonly: false })).readonly).toBe(false);
  });

  test('an on-disk WAL database is saved with the rows still in its WAL, and stays in WAL mode', () => {
    const directory = scratchDirectory();
    const disk = closeAfterTest(new BetterSqlite3(join(directory, 'app.db')));
    disk.pragma('journal_mode = WAL');
    disk.pragma('wal_autocheckpoint = 0');
    seedInventory(disk);
    const mfs = new MemoryFileSystem();
    saveDatabase(disk, mfs, '/app.sqlite');
    expect(disk.pragma('journal_mode', { simple: true })).toBe('wal');
    const loaded = closeAfterTest(loadDatabase(mfs, '/app.sqlite'));
    expect(itemNames(loaded)).toEqual(SEED_NAMES);
    expect(loaded.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  test('a database inside a transaction is refused, so no uncommitted row is ever saved', () => {
    const mfs = new MemoryFileSystem();
    const db = seeded();
    db.exec("BEGIN; INSERT INTO items (name) VALUES ('pending')");
    expect(() => saveDatabase(db, mfs, '/app.sqlite')).toThrow(InvalidArgumentError);
    expect(mfs.exists('/app.sqlite')).toBe(false);
    db.exec('COMMIT');
    saveDatabase(db, mfs, '/app.sqlite');
    expect(itemNames(closeAfterTest(loadDatabase(mfs, '/app.sqlite')))).toEqual([...SEED_NAMES, 'pending']);
  });

  test('a closed database is refused', () => {
    const db = new BetterSqlite3(':memory:');
    db.close();
    expect(() => saveDatabase(db, new MemoryFileSystem(), '/app.sqlite')).toThrow(/the database is closed/);
  });

  test('the engine’s path errors come through unchanged', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/dir');
    expect(() => saveDatabase(seeded(), mfs, '/missing/app.sqlite')).toThrow(FileNotFoundError);
    expect(() => saveDatabase(seeded(), mfs, '/dir')).toThrow(IsADirectoryError);
    expect(() => loadDatabase(mfs, '/nothing.sqlite')).toThrow(FileNotFoundError);
    expect(() => loadDatabase(mfs, '/dir')).toThrow(IsADirectoryError);
  });

  test('a file that is not a SQLite database is refused with InvalidArgumentError naming it', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/notes.txt', 'not a database, just some text that is long enough to have a header');
    expect(() => loadDatabase(mfs, '/notes.txt')).toThrow(/'\/notes.txt' is not a SQLite 3 database/);
  });

  test('an empty file loads as an empty database', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/empty.sqlite', '');
    const db = closeAfterTest(loadDatabase(mfs, '/empty.sqlite'));
    expect(db.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
  });

  test('argument types and options are checked', () => {
    const mfs = new MemoryFileSystem();
    const db = seeded();
    expect(() => saveDatabase({} as Database, mfs, '/a')).toThrow(TypeError);
    expect(() => saveDatabase(db, {} as MemoryFileSystem, '/a')).toThrow(TypeError);
    expect(() => saveDatabase(db, mfs, new URL('file:///a') as unknown as string)).toThrow(TypeError);
    saveDatabase(db, mfs, '/a');
    expect(() => loadDatabase({} as MemoryFileSystem, '/a')).toThrow(TypeError);
    expect(() => loadDatabase(mfs, 1 as unknown as string)).toThrow(TypeError);
    expect(() => loadDatabase(mfs, '/a', { readonly: 1 as unknown as boolean })).toThrow(TypeError);
    expect(() => loadDatabase(mfs, '/a', { fileMustExist: true } as unknown as object)).toThrow(
      /Unknown loadDatabase option 'fileMustExist'/,
    );
    expect(() => loadDatabase(mfs, '/a', 'ro' as unknown as object)).toThrow(TypeError);
  });
});
