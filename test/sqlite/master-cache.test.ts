import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  DEFAULT_MAX_QUOTA,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  MFSQuotaExceededError,
} from '../../src/index.js';
import { type Database, type SqliteMaster, SqliteMasterCache } from '../../src/sqlite/index.js';
import {
  addBlobs,
  closeAfterTest,
  countRows,
  itemNames,
  SEED_ITEMS,
  SEED_NAMES,
  scratchDirectory,
  seedInventory,
} from './databases.js';

describe('SqliteMasterCache.master', () => {
  test('builds once per key and returns the same master afterwards', () => {
    const cache = new SqliteMasterCache();
    const build = vi.fn(seedInventory);
    const first = cache.master('inventory', build);
    const second = cache.master('inventory', build);
    expect(second).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(first.key).toBe('inventory');
    expect(cache.has('inventory')).toBe(true);
    expect(cache.get('inventory')).toBe(first);
    expect(cache.keys()).toEqual(['inventory']);
  });

  test('the build gets an empty, writable in-memory database', () => {
    const cache = new SqliteMasterCache();
    cache.master('probe', (db) => {
      expect(db.memory).toBe(true);
      expect(db.readonly).toBe(false);
      expect(db.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
    });
  });

  test('different keys build different masters', () => {
    const cache = new SqliteMasterCache();
    const inventory = cache.master('inventory', seedInventory);
    const empty = cache.master('empty', (db) => db.exec('CREATE TABLE other (x)'));
    expect(itemNames(closeAfterTest(inventory.clone()))).toEqual(SEED_NAMES);
    expect(() => closeAfterTest(empty.clone()).prepare('SELECT * FROM items').all()).toThrow(/no such table/);
    expect(cache.keys()).toEqual(['inventory', 'empty']);
  });

  test('a build that throws caches nothing, and the next call builds again', () => {
    const cache = new SqliteMasterCache();
    let attempts = 0;
    const flaky = (db: Database) => {
      attempts++;
      seedInventory(db);
      if (attempts === 1) throw new Error('seed service unavailable');
    };
    expect(() => cache.master('flaky', flaky)).toThrow('seed service unavailable');
    expect(cache.has('flaky')).toBe(false);
    const master = cache.master('flaky', flaky);
    expect(attempts).toBe(2);
    expect(itemNames(closeAfterTest(master.clone()))).toEqual(SEED_NAMES);
  });

  test('the build database is closed whether the build succeeds or throws', () => {
    const cache = new SqliteMasterCache();
    let seen: Database | undefined;
    cache.master('ok', (db) => {
      seen = db;
    });
    expect(seen?.open).toBe(false);
    expect(() =>
      cache.master('failing', (db) => {
        seen = db;
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(seen?.open).toBe(false);
  });

  test('an asynchronous build is refused: the database would be serialized before it finished', async () => {
    const cache = new SqliteMasterCache();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const asyncBuild = async (db: Database) => {
        await Promise.resolve();
        seedInventory(db); // runs after the database was closed, so it rejects
      };
      expect(() => cache.master('async', asyncBuild as unknown as (db: Database) => void)).toThrow(
        /returned a promise; it must be synchronous/,
      );
      expect(cache.has('async')).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  test('a build that leaves a transaction open or closes the database is refused', () => {
    const cache = new SqliteMasterCache();
    expect(() => cache.master('open-tx', (db) => db.exec('BEGIN; CREATE TABLE t (x)'))).toThrow(
      /inside an open transaction/,
    );
    expect(() => cache.master('closed', (db) => db.close())).toThrow(/the database is closed/);
    expect(cache.keys()).toEqual([]);
  });

  test('a build cannot ask for the master it is building', () => {
    const cache = new SqliteMasterCache();
    const build = (db: Database) => {
      cache.master('self', build);
      seedInventory(db);
    };
    expect(() => cache.master('self', build)).toThrow(InvalidArgumentError);
    expect(() =>
      cache.master('adopting-self', () => {
        cache.adopt('adopting-self', new Uint8Array(0));
      }),
    ).toThrow(/is being built/);
    expect(cache.keys()).toEqual([]);
    // Another key inside a build is fine.
    const outer = cache.master('outer', (db) => {
      cache.master('inner', seedInventory);
      seedInventory(db);
    });
    expect(cache.keys()).toEqual(['inner', 'outer']);
    expect(outer.bytes).toBeGreaterThan(0);
  });

  test('bad arguments', () => {
    const cache = new SqliteMasterCache();
    expect(() => cache.master(1 as unknown as string, seedInventory)).toThrow(TypeError);
    expect(() => cache.master('', seedInventory)).toThrow(InvalidArgumentError);
    expect(() => cache.master('k', 'CREATE TABLE t (x)' as unknown as () => void)).toThrow(TypeError);
  });
});

describe('quota', () => {
  test('masters are charged exactly their size; the default quota is 256 MiB', () => {
    const cache = new SqliteMasterCache();
    const master = cache.master('inventory', seedInventory);
    const exact = new SqliteMasterCache({ maxQuota: master.bytes });
    expect(exact.master('inventory', seedInventory).bytes).toBe(master.bytes);
    expect(() => exact.master('another', seedInventory)).toThrow(MFSQuotaExceededError);
    expect(() =>
      new SqliteMasterCache({ maxQuota: master.bytes - 1 }).master('inventory', seedInventory),
    ).toThrow(MFSQuotaExceededError);
    // A valid header followed by whole pages, one page more than the default quota.
    const huge = Buffer.alloc(DEFAULT_MAX_QUOTA + 4096);
    huge.set(master.toBytes().subarray(0, 100));
    const error = captureError(() => new SqliteMasterCache().adopt('huge', huge)) as MFSQuotaExceededError;
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(error.available).toBe(DEFAULT_MAX_QUOTA);
  });

  test('a master too big for the cache throws MFSQuotaExceededError naming the key, and caches nothing', () => {
    const cache = new SqliteMasterCache({ maxQuota: 256 * 1024 });
    const small = cache.master('small', seedInventory);
    const error = captureError(() => cache.master('big', (db) => addBlobs(db, 64, 8 * 1024)));
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    const quotaError = error as MFSQuotaExceededError;
    expect(quotaError.code).toBe('ENOSPC');
    expect(quotaError.message).toContain("SQLite master 'big'");
    expect(quotaError.requested).toBeGreaterThan(512 * 1024);
    expect(quotaError.available).toBe(256 * 1024 - small.bytes);
    expect(quotaError.cause).toBeInstanceOf(MFSQuotaExceededError);
    expect(cache.keys()).toEqual(['small']);
    // The next call with a smaller build succeeds: nothing of the refused master was kept.
    expect(cache.master('big', seedInventory).bytes).toBe(small.bytes);
  });

  test('delete frees the quota, and the deleted master can no longer clone', () => {
    const master = new SqliteMasterCache().master('inventory', seedInventory);
    const cache = new SqliteMasterCache({ maxQuota: master.bytes });
    const first = cache.master('a', seedInventory);
    const survivor = closeAfterTest(first.clone());
    expect(() => cache.master('b', seedInventory)).toThrow(MFSQuotaExceededError);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(cache.has('a')).toBe(false);
    expect(cache.master('b', seedInventory).bytes).toBe(master.bytes);
    expect(() => first.clone()).toThrow(FileNotFoundError);
    expect(() => first.toBytes()).toThrow(/SQLite master 'a' was deleted from its cache/);
    expect(itemNames(survivor)).toEqual(SEED_NAMES);
  });

  test('options are checked', () => {
    expect(() => new SqliteMasterCache({ maxQuota: -1 })).toThrow(InvalidArgumentError);
    expect(() => new SqliteMasterCache({ maxQuota: '1' as unknown as number })).toThrow(TypeError);
    expect(() => new SqliteMasterCache({ maxQuta: 1 } as unknown as { maxQuota: number })).toThrow(
      /Unknown SqliteMasterCache option 'maxQuta'/,
    );
    expect(() => new SqliteMasterCache(5 as unknown as object)).toThrow(TypeError);
  });
});

describe('clones', () => {
  let cache: SqliteMasterCache;
  let master: SqliteMaster;
  beforeEach(() => {
    cache = new SqliteMasterCache();
    master = cache.master('inventory', seedInventory);
  });

  test('a write to one clone is seen by neither the master nor any other clone', () => {
    const a = closeAfterTest(master.clone());
    const b = closeAfterTest(master.clone());
    a.prepare('INSERT INTO items (name) VALUES (?)').run('drill');
    b.prepare('DELETE FROM items WHERE name = ?').run('anvil');
    expect(itemNames(a)).toEqual([...SEED_NAMES, 'drill']);
    expect(itemNames(b)).toEqual(['bolt', 'chisel']);
    expect(itemNames(closeAfterTest(master.clone()))).toEqual(SEED_NAMES);
    expect(master.bytes).toBe(cache.master('inventory', seedInventory).bytes);
  });

  test('schema changes in a clone stay in that clone', () => {
    const a = closeAfterTest(master.clone());
    a.exec('DROP TABLE items; CREATE TABLE replaced (y)');
    expect(itemNames(closeAfterTest(master.clone()))).toEqual(SEED_NAMES);
  });

  test('closing a clone leaves the master and the other clones usable', () => {
    const a = master.clone();
    const b = closeAfterTest(master.clone());
    a.close();
    expect(itemNames(b)).toEqual(SEED_NAMES);
    expect(itemNames(closeAfterTest(master.clone()))).toEqual(SEED_NAMES);
  });

  test('many clones open at once are all independent', () => {
    const clones = Array.from({ length: 50 }, () => closeAfterTest(master.clone()));
    clones.forEach((db, index) => {
      db.prepare('INSERT INTO items (name) VALUES (?)').run(`clone-${index}`);
    });
    clones.forEach((db, index) => {
      expect(countRows(db, 'items')).toBe(SEED_ITEMS + 1);
      expect(itemNames(db).at(-1)).toBe(`clone-${index}`);
    });
  });

  test('a readonly clone reads the master and rejects writes', () => {
    const readonly = closeAfterTest(master.clone({ readonly: true }));
    expect(readonly.readonly).toBe(true);
    expect(itemNames(readonly)).toEqual(SEED_NAMES);
    const error = captureError(() => readonly.exec("INSERT INTO items (name) VALUES ('x')"));
    expect(error).toMatchObject({ code: 'SQLITE_READONLY' });
    expect(closeAfterTest(master.clone({ readonly: false })).readonly).toBe(false);
  });

  test('clone options are checked', () => {
    expect(() => master.clone({ readonly: 'yes' as unknown as boolean })).toThrow(TypeError);
    expect(() => master.clone({ readOnly: true } as unknown as { readonly: boolean })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('the second test of a pair sees none of the first one’s writes', () => {
  const master = new SqliteMasterCache().master('pair', seedInventory);
  let db: Database;
  beforeEach(() => {
    db = master.clone();
  });
  afterEach(() => db.close());

  test('first: writes to its clone', () => {
    db.exec("DELETE FROM items; INSERT INTO items (name) VALUES ('only')");
    expect(itemNames(db)).toEqual(['only']);
  });

  test('second: starts from the master again', () => {
    expect(itemNames(db)).toEqual(SEED_NAMES);
  });
});

describe('WAL masters', () => {
  test('a build that switches to WAL still gives working, independent clones', () => {
    const cache = new SqliteMasterCache();
    const master = cache.master('wal', (db) => {
      db.pragma('journal_mode = WAL');
      seedInventory(db);
    });
    const a = closeAfterTest(master.clone());
    const b = closeAfterTest(master.clone({ readonly: true }));
    a.exec("INSERT INTO items (name) VALUES ('drill')");
    expect(itemNames(a)).toEqual([...SEED_NAMES, 'drill']);
    expect(itemNames(b)).toEqual(SEED_NAMES);
  });

  test('bytes of an on-disk WAL database, rows still in its WAL file, adopt and clone', () => {
    const directory = scratchDirectory();
    const disk = new BetterSqlite3(join(directory, 'app.db'));
    disk.pragma('journal_mode = WAL');
    disk.pragma('wal_autocheckpoint = 0');
    seedInventory(disk);
    const bytes = disk.serialize();
    disk.close();
    expect(bytes[18]).toBe(2);

    const master = new SqliteMasterCache().adopt('from-disk', bytes);
    const a = closeAfterTest(master.clone());
    a.exec("DELETE FROM items WHERE name = 'bolt'");
    expect(itemNames(a)).toEqual(['anvil', 'chisel']);
    expect(itemNames(closeAfterTest(master.clone()))).toEqual(SEED_NAMES);
    expect(bytes[18]).toBe(2); // the caller's bytes were not changed
  });
});

describe('toBytes and adopt', () => {
  test('toBytes is a copy that owns its whole ArrayBuffer and survives structuredClone', () => {
    const master = new SqliteMasterCache().master('inventory', seedInventory);
    const bytes = master.toBytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.byteLength).toBe(master.bytes);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(master.bytes);
    bytes.fill(0); // a copy: the master is untouched
    expect(itemNames(closeAfterTest(master.clone()))).toEqual(SEED_NAMES);

    const carried = structuredClone(master.toBytes());
    const adopted = new SqliteMasterCache().adopt('inventory', carried);
    expect(adopted.bytes).toBe(master.bytes);
    expect(itemNames(closeAfterTest(adopted.clone()))).toEqual(SEED_NAMES);
  });

  test('adopted masters are independent of the bytes they came from', () => {
    const bytes = new SqliteMasterCache().master('inventory', seedInventory).toBytes();
    const master = new SqliteMasterCache().adopt('inventory', bytes);
    bytes.fill(0);
    expect(itemNames(closeAfterTest(master.clone()))).toEqual(SEED_NAMES);
  });

  test('adopting the same bytes again returns the master; different bytes under that key are refused', () => {
    const source = new SqliteMasterCache().master('inventory', seedInventory);
    const cache = new SqliteMasterCache();
    const master = cache.adopt('inventory', source.toBytes());
    expect(cache.adopt('inventory', source.toBytes())).toBe(master);
    expect(cache.master('inventory', () => {})).toBe(master);
    const other = new SqliteMasterCache().master('other', (db) => db.exec('CREATE TABLE t (x)')).toBytes();
    expect(() => cache.adopt('inventory', other)).toThrow(FileExistsError);
    expect(itemNames(closeAfterTest(cache.get('inventory')!.clone()))).toEqual(SEED_NAMES);
  });

  test('adopt refuses bytes that are not a SQLite database, and is quota-checked', () => {
    const cache = new SqliteMasterCache({ maxQuota: 4096 });
    const notSqlite = Buffer.alloc(8192, 'x');
    const error = captureError(() => cache.adopt('junk', notSqlite));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain("master 'junk'");
    expect(() => cache.adopt('junk', 'SQLite format 3' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => cache.adopt('junk', [1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => cache.adopt('junk', null as unknown as Uint8Array)).toThrow(TypeError);
    const big = new SqliteMasterCache().master('big', (db) => addBlobs(db, 4, 4096)).toBytes();
    expect(() => cache.adopt('big', big)).toThrow(/SQLite master 'big' needs/);
    expect(cache.keys()).toEqual([]);
  });

  test('an empty image adopts as an empty database', () => {
    const master = new SqliteMasterCache().adopt('empty', new Uint8Array(0));
    expect(master.bytes).toBe(0);
    const db = closeAfterTest(master.clone());
    expect(db.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
    expect(master.toBytes()).toEqual(new Uint8Array(0));
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
