import { inspect } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import {
  BlockingIOError,
  InvalidArgumentError,
  MemoryFileSystem,
  MFSQuotaExceededError,
  UnsupportedOperationError,
} from '../../src/index.js';
import { loadDatabase, SharedDatabaseStore, saveDatabase } from '../../src/sqlite/index.js';
import { addBlobs, countRows, itemNames, SEED_NAMES, seedInventory } from './databases.js';

/** The rows saved at `path`, read through an independent database. */
function savedNames(mfs: MemoryFileSystem, path: string): string[] {
  const db = loadDatabase(mfs, path, { readonly: true });
  try {
    return itemNames(db);
  } finally {
    db.close();
  }
}

describe('SharedDatabaseStore transitions', () => {
  test('first connect with no file: a fresh empty database, nothing written yet', () => {
    const mfs = new MemoryFileSystem();
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    expect(store.connections).toBe(0);
    const db = store.connect();
    expect(store.connections).toBe(1);
    expect(db.open).toBe(true);
    expect(db.memory).toBe(true);
    expect(db.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
    expect(mfs.exists('/app.sqlite')).toBe(false);
    db.close();
  });

  test('nested connects share one live database', () => {
    const store = new SharedDatabaseStore(new MemoryFileSystem(), '/app.sqlite');
    const a = store.connect();
    const b = store.connect();
    const c = store.connect();
    expect(store.connections).toBe(3);
    a.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    b.prepare('INSERT INTO items (name) VALUES (?)').run('from b');
    expect(itemNames(c)).toEqual(['from b']);
    // A transaction begun through one connection is the live database's transaction.
    a.exec('BEGIN');
    expect(c.inTransaction).toBe(true);
    a.exec('ROLLBACK');
    c.close();
    b.close();
    a.close();
  });

  test('closing a connection that is not the last writes nothing', () => {
    const mfs = new MemoryFileSystem();
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const a = store.connect();
    const b = store.connect();
    seedInventory(a);
    b.close();
    expect(store.connections).toBe(1);
    expect(mfs.exists('/app.sqlite')).toBe(false);
    expect(itemNames(a)).toEqual(SEED_NAMES);
    a.close();
  });

  test('the last close serializes the database into the path and closes the live database', () => {
    const mfs = new MemoryFileSystem();
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const a = store.connect();
    const b = store.connect();
    seedInventory(a);
    a.close();
    const live = b.prepare('SELECT 1').database;
    b.close();
    expect(store.connections).toBe(0);
    expect(live.open).toBe(false);
    expect(savedNames(mfs, '/app.sqlite')).toEqual(SEED_NAMES);
  });

  test('connect after the last close restores the database from the path', () => {
    const mfs = new MemoryFileSystem();
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const first = store.connect();
    seedInventory(first);
    first.close();
    const second = store.connect();
    expect(itemNames(second)).toEqual(SEED_NAMES);
    second.exec("INSERT INTO items (name) VALUES ('drill')");
    second.close();
    expect(savedNames(mfs, '/app.sqlite')).toEqual([...SEED_NAMES, 'drill']);
  });

  test('the first connect restores a database saved by anyone, and another store sees what this one saved', () => {
    const mfs = new MemoryFileSystem();
    const original = new BetterSqlite3(':memory:');
    seedInventory(original);
    saveDatabase(original, mfs, '/app.sqlite');
    original.close();

    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const db = store.connect();
    expect(itemNames(db)).toEqual(SEED_NAMES);
    db.exec("DELETE FROM items WHERE name = 'anvil'");
    db.close();
    const reader = new SharedDatabaseStore(mfs, '/app.sqlite').connect();
    expect(itemNames(reader)).toEqual(['bolt', 'chisel']);
    reader.close();
  });

  test('a failed persist throws, keeps the connection open and the live database with every change', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 96 * 1024 });
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const db = store.connect();
    seedInventory(db);
    db.close();
    const saved = mfs.readFile('/app.sqlite');

    const again = store.connect();
    addBlobs(again, 32, 4096);
    expect(() => again.close()).toThrow(MFSQuotaExceededError);
    expect(store.connections).toBe(1);
    expect(again.open).toBe(true);
    expect(countRows(again, 'blobs')).toBe(32);
    expect(itemNames(again)).toEqual(SEED_NAMES);
    expect(mfs.readFile('/app.sqlite').equals(saved)).toBe(true);
    // Still usable for writes too.
    again.exec("INSERT INTO items (name) VALUES ('after failure')");
    expect(itemNames(again)).toEqual([...SEED_NAMES, 'after failure']);
    again.exec('DROP TABLE blobs; VACUUM');
    again.close();
    expect(store.connections).toBe(0);
    expect(savedNames(mfs, '/app.sqlite')).toEqual([...SEED_NAMES, 'after failure']);
  });

  test('reconnect after a failed persist shares the unsaved database; close after failure retries', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 64 * 1024 });
    mfs.mkdir('/big');
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const failed = store.connect();
    seedInventory(failed);
    mfs.writeFile('/big/ballast.bin', Buffer.alloc(60 * 1024));
    expect(() => failed.close()).toThrow(MFSQuotaExceededError);

    const reconnected = store.connect();
    expect(store.connections).toBe(2);
    expect(itemNames(reconnected)).toEqual(SEED_NAMES);
    reconnected.close(); // not the last: nothing to persist, so nothing to fail
    expect(store.connections).toBe(1);

    expect(() => failed.close()).toThrow(MFSQuotaExceededError); // still no space
    expect(failed.open).toBe(true);
    mfs.rmtree('/big');
    failed.close(); // the retry succeeds
    expect(failed.open).toBe(false);
    expect(store.connections).toBe(0);
    expect(savedNames(mfs, '/app.sqlite')).toEqual(SEED_NAMES);
  });

  test('flush persists without closing; after a failed close it saves the data', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 64 * 1024 });
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    store.flush(); // idle: nothing to do
    expect(mfs.exists('/app.sqlite')).toBe(false);

    const db = store.connect();
    seedInventory(db);
    store.flush();
    expect(savedNames(mfs, '/app.sqlite')).toEqual(SEED_NAMES);
    expect(db.open).toBe(true);

    addBlobs(db, 32, 4096);
    expect(() => store.flush()).toThrow(MFSQuotaExceededError);
    expect(savedNames(mfs, '/app.sqlite')).toEqual(SEED_NAMES);
    expect(() => db.close()).toThrow(MFSQuotaExceededError);
    db.exec('DELETE FROM blobs');
    db.exec('VACUUM');
    store.flush();
    const saved = loadDatabase(mfs, '/app.sqlite');
    expect(countRows(saved, 'blobs')).toBe(0);
    saved.close();
    db.close();
  });

  test('the last close inside an open transaction is refused and changes nothing', () => {
    const mfs = new MemoryFileSystem();
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const db = store.connect();
    seedInventory(db);
    db.exec("BEGIN; INSERT INTO items (name) VALUES ('pending')");
    expect(() => db.close()).toThrow(InvalidArgumentError);
    expect(db.open).toBe(true);
    expect(mfs.exists('/app.sqlite')).toBe(false);
    db.exec('COMMIT');
    db.close();
    expect(savedNames(mfs, '/app.sqlite')).toEqual([...SEED_NAMES, 'pending']);
  });

  test('a locked target file makes the last close throw BlockingIOError and change nothing', () => {
    const mfs = new MemoryFileSystem();
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    const db = store.connect();
    seedInventory(db);
    {
      using writer = mfs.open('/app.sqlite', 'wb');
      expect(writer.closed).toBe(false);
      expect(() => db.close()).toThrow(BlockingIOError);
      expect(db.open).toBe(true);
    }
    db.close();
    expect(savedNames(mfs, '/app.sqlite')).toEqual(SEED_NAMES);
  });

  test('a file at the path that is not a database makes connect throw and stay idle', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/app.sqlite', 'this is plain text and certainly not a SQLite database at all, no');
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    expect(() => store.connect()).toThrow(InvalidArgumentError);
    expect(store.connections).toBe(0);
    mfs.remove('/app.sqlite');
    const db = store.connect();
    expect(store.connections).toBe(1);
    db.close();
  });
});

describe('connections', () => {
  test('close is idempotent and only closes that connection', () => {
    const store = new SharedDatabaseStore(new MemoryFileSystem(), '/app.sqlite');
    const a = store.connect();
    const b = store.connect();
    expect(a.close()).toBe(a);
    a.close();
    expect(store.connections).toBe(1);
    expect(b.open).toBe(true);
    b.close();
    expect(store.connections).toBe(0);
  });

  test('using a closed connection throws UnsupportedOperationError (EBADF)', () => {
    const store = new SharedDatabaseStore(new MemoryFileSystem(), '/app.sqlite');
    const a = store.connect();
    const b = store.connect();
    const prepare = a.prepare;
    a.close();
    expect(() => a.prepare('SELECT 1')).toThrow(UnsupportedOperationError);
    expect(() => a.exec('SELECT 1')).toThrow(/connection to the shared database '\/app.sqlite' is closed/);
    expect(() => a.inTransaction).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => prepare('SELECT 1')).toThrow(UnsupportedOperationError);
    expect(() => {
      (a as unknown as { custom: number }).custom = 1;
    }).toThrow(UnsupportedOperationError);
    expect(() => delete (a as unknown as { name?: string }).name).toThrow(UnsupportedOperationError);
    expect(() => Object.defineProperty(a, 'x', { value: 1 })).toThrow(UnsupportedOperationError);
    expect(b.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    b.close();
  });

  test('a closed connection can still be awaited and inspected', async () => {
    const store = new SharedDatabaseStore(new MemoryFileSystem(), '/app.sqlite');
    const db = store.connect();
    db.close();
    expect(await Promise.resolve(db)).toBe(db);
    expect(inspect(db)).toBe('Database { open: false }');
    expect(Object.keys(db)).toEqual(['open']);
    expect('prepare' in db).toBe(true);
  });

  test('a connection works like a better-sqlite3 Database', () => {
    const store = new SharedDatabaseStore(new MemoryFileSystem(), '/app.sqlite');
    const db = store.connect();
    expect(inspect(db)).toContain("name: ':memory:'");
    expect(inspect(db)).toContain('open: true');
    expect(db).toBeInstanceOf(BetterSqlite3);
    expect(db.exec('CREATE TABLE t (x)')).toBe(db); // chained calls stay on the connection
    const insertMany = db.transaction((values: number[]) => {
      for (const value of values) db.prepare('INSERT INTO t VALUES (?)').run(value);
    });
    insertMany([1, 2, 3]);
    db.function('twice', (x: number) => x * 2);
    expect(db.prepare('SELECT sum(twice(x)) FROM t').pluck().get()).toBe(12);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.name).toBe(':memory:');
    const other = store.connect();
    (db as unknown as { note: string }).note = 'kept on the live database';
    expect((other as unknown as { note: string }).note).toBe('kept on the live database');
    expect(Object.keys(other)).toContain('note');
    expect(delete (other as unknown as { note?: string }).note).toBe(true);
    expect('note' in db).toBe(false);
    Object.defineProperty(db, 'label', { value: 'defined', configurable: true });
    expect((other as unknown as { label: string }).label).toBe('defined');
    other.close();
    expect(db.exec).toBe(db.exec);
    db.close();
  });

  test('a connection can be saved like any database, and `using` closes it', () => {
    const mfs = new MemoryFileSystem();
    const store = new SharedDatabaseStore(mfs, '/app.sqlite');
    {
      using db = store.connect();
      seedInventory(db);
      saveDatabase(db, mfs, '/copy.sqlite');
      expect(store.connections).toBe(1);
    }
    expect(store.connections).toBe(0);
    expect(savedNames(mfs, '/copy.sqlite')).toEqual(SEED_NAMES);
    expect(savedNames(mfs, '/app.sqlite')).toEqual(SEED_NAMES);
  });

  test('constructor arguments are checked', () => {
    const mfs = new MemoryFileSystem();
    expect(() => new SharedDatabaseStore({} as MemoryFileSystem, '/a')).toThrow(TypeError);
    expect(() => new SharedDatabaseStore(mfs, 42 as unknown as string)).toThrow(TypeError);
    const store = new SharedDatabaseStore(mfs, '/a.sqlite');
    expect(store.mfs).toBe(mfs);
    expect(store.path).toBe('/a.sqlite');
  });
});
