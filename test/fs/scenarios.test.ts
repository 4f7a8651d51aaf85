import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BlockingIOError, MemoryFileSystem, MFSQuotaExceededError } from '../../src/index.js';
import { errorOf, expectConsistentStats, readBytes, writeBytes } from '../helpers.js';

const MiB = 1024 * 1024;

describe('archive-like use (D-MemFS test_usecase_archive_like)', () => {
  const archive = {
    '/archive/readme.txt': Buffer.from('read me'),
    '/archive/data.bin': Buffer.from([1, 2, 3, 4]),
    '/archive/sub/config.ini': Buffer.from('version=1'),
  };

  test('import reads back; listing; export equals the import; re-import replaces; remove one', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 16 * MiB });
    mfs.importTree(archive);
    expect(readBytes(mfs, '/archive/sub/config.ini').toString()).toBe('version=1');
    expect(mfs.listdir('/archive').sort()).toEqual(['data.bin', 'readme.txt', 'sub']);
    expect(Object.fromEntries(mfs.exportTree('/archive'))).toEqual(archive);
    mfs.importTree({ '/archive/sub/config.ini': 'version=2' });
    expect(mfs.readFile('/archive/sub/config.ini', 'utf8')).toBe('version=2');
    mfs.remove('/archive/readme.txt');
    expect(mfs.isFile('/archive/data.bin')).toBe(true);
    expectConsistentStats(mfs);
  });
});

describe('ETL staging (D-MemFS test_usecase_etl_staging)', () => {
  test('raw → processed → read back; rmtree of staging frees the quota; appends accumulate', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 16 * MiB });
    mfs.mkdir('/staging/raw');
    mfs.mkdir('/staging/processed');
    writeBytes(mfs, '/staging/raw/input.csv', 'a,b,c\n1,2,3\n');
    const raw = mfs.readFile('/staging/raw/input.csv', 'utf8');
    writeBytes(mfs, '/staging/processed/output.csv', raw.toUpperCase());
    expect(mfs.readFile('/staging/processed/output.csv', 'utf8')).toBe('A,B,C\n1,2,3\n');
    for (let i = 0; i < 5; i++) mfs.writeFile('/staging/log.txt', `line ${i}\n`, { mode: 'ab' });
    expect(mfs.readFile('/staging/log.txt', 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
    mfs.rmtree('/staging');
    expect(mfs.stats().usedBytes).toBe(0);
  });

  test('ten writers on their own files, interleaved, never corrupt each other', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 16 * MiB });
    const handles = Array.from({ length: 10 }, (_, i) => mfs.open(`/worker-${i}.bin`, 'wb'));
    for (let round = 0; round < 100; round++) {
      for (const [i, handle] of handles.entries()) handle.write(Buffer.from([i, round & 0xff]));
    }
    for (const handle of handles) handle.close();
    for (let i = 0; i < 10; i++) {
      const data = readBytes(mfs, `/worker-${i}.bin`);
      expect(data.byteLength).toBe(200);
      for (let round = 0; round < 100; round++)
        expect([data[2 * round], data[2 * round + 1]]).toEqual([i, round]);
    }
  });
});

describe('restricted environments (D-MemFS test_usecase_restricted_env)', () => {
  test('a write far beyond the quota reports requested and available', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1024 });
    using f = mfs.open('/big', 'wb');
    const error = errorOf(() => f.write(Buffer.alloc(10_000))) as MFSQuotaExceededError;
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(error.requested).toBeGreaterThan(0);
    expect(error.available).toBeGreaterThanOrEqual(0);
  });

  test('with overhead 0 the space of a removed file is reusable to the byte', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 2048, chunkOverheadOverride: 0 });
    writeBytes(mfs, '/a', Buffer.alloc(1000));
    mfs.remove('/a');
    writeBytes(mfs, '/a', Buffer.alloc(1000));
    writeBytes(mfs, '/b', Buffer.alloc(1048));
    expect(mfs.stats().freeBytes).toBe(0);
  });

  test('a refused append keeps what was there', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 500, chunkOverheadOverride: 0 });
    writeBytes(mfs, '/f', 'x'.repeat(100));
    {
      using f = mfs.open('/f', 'ab');
      expect(() => f.write(Buffer.alloc(1000))).toThrow(MFSQuotaExceededError);
    }
    expect(mfs.readFile('/f', 'utf8')).toBe('x'.repeat(100));
  });
});

describe('a serialized database as an opaque blob (D-MemFS test_usecase_sqlite_snapshot)', () => {
  test('stored and restored byte for byte; a blob larger than the quota is refused', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 4096 });
    const small = randomBytes(1500);
    mfs.writeFile('/db.sqlite', small);
    expect(mfs.readFile('/db.sqlite').equals(small)).toBe(true);
    expect(() => mfs.writeFile('/big.sqlite', randomBytes(5000))).toThrow(MFSQuotaExceededError);
    expect(mfs.exists('/big.sqlite')).toBe(false);
  });
});

describe('contention in the sync API (D-MemFS test_concurrency, single-threaded)', () => {
  test('many readers see the full content; a held writer makes others fail at once', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 16 * MiB });
    const content = randomBytes(1200);
    writeBytes(mfs, '/shared', content);
    const readers = Array.from({ length: 10 }, () => mfs.open('/shared', 'rb'));
    for (const reader of readers) expect(reader.read().equals(content)).toBe(true);
    for (const reader of readers) reader.close();
    using _writer = mfs.open('/shared', 'r+b');
    expect(() => mfs.open('/shared', 'wb', { lockTimeout: 0 })).toThrow(BlockingIOError);
    expect(() => mfs.open('/shared', 'wb', { lockTimeout: null })).toThrow(BlockingIOError);
  });

  test('stat works while a file is being rewritten', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 16 * MiB });
    writeBytes(mfs, '/f', 'x');
    for (let i = 0; i < 50; i++) {
      using writer = mfs.open('/f', 'wb');
      writer.write(Buffer.alloc(i + 1));
      expect(mfs.stat('/f')).toMatchObject({ size: i + 1 });
    }
  });
});
