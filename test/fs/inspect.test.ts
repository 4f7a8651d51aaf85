import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CHUNK_OVERHEAD,
  FileNotFoundError,
  IsADirectoryError,
  MemoryFileSystem,
  NotADirectoryError,
} from '../../src/index.js';
import { expectConsistentStats, writeBytes } from '../helpers.js';

describe('stats (D-MemFS test_stats)', () => {
  test('a fresh filesystem', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1024 * 1024 });
    expect(mfs.stats()).toEqual({
      usedBytes: 0,
      quotaBytes: 1024 * 1024,
      freeBytes: 1024 * 1024,
      fileCount: 0,
      dirCount: 1,
      chunkCount: 0,
      overheadPerChunkEstimate: DEFAULT_CHUNK_OVERHEAD,
    });
    expectConsistentStats(mfs);
  });

  test('tracks writes, mkdir, remove and rmtree; used + free = quota throughout', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1024 * 1024 });
    writeBytes(mfs, '/f', 'data');
    expect(mfs.stats().usedBytes).toBeGreaterThan(0);
    expect(mfs.stats().fileCount).toBe(1);
    expectConsistentStats(mfs);
    mfs.mkdir('/d');
    expect(mfs.stats().dirCount).toBe(2);
    const before = mfs.stats().usedBytes;
    mfs.remove('/f');
    expect(mfs.stats().usedBytes).toBeLessThan(before);
    expect(mfs.stats().fileCount).toBe(0);
    writeBytes(mfs, '/d/g', 'x');
    mfs.rmtree('/d');
    expect(mfs.stats()).toMatchObject({ fileCount: 0, dirCount: 1, usedBytes: 0 });
    expectConsistentStats(mfs);
  });

  test('chunkCount counts sequential chunks only', () => {
    const mfs = new MemoryFileSystem();
    {
      using f = mfs.open('/s', 'wb');
      f.write(Buffer.from('a'));
      f.write(Buffer.from('b'));
    }
    expect(mfs.stats().chunkCount).toBe(2);
    {
      using f = mfs.open('/s', 'r+b');
      f.write(Buffer.from('X'));
    }
    expect(mfs.stats().chunkCount).toBe(0);
    const ra = new MemoryFileSystem({ defaultStorage: 'random_access', chunkOverheadOverride: 64 });
    writeBytes(ra, '/r', 'abc');
    expect(ra.stats()).toMatchObject({ chunkCount: 0, overheadPerChunkEstimate: 64 });
  });
});

describe('stat, getSize and timestamps (D-MemFS test_timestamp)', () => {
  test('a new file has createdAt = modifiedAt = now, within the call window', () => {
    const mfs = new MemoryFileSystem();
    const before = Date.now();
    mfs.open('/x', 'xb').close();
    const after = Date.now();
    const stat = mfs.stat('/x');
    expect(stat.createdAt).toBeGreaterThanOrEqual(before);
    expect(stat.createdAt).toBeLessThanOrEqual(after);
    expect(stat.modifiedAt).toBe(stat.createdAt);
    expect(stat).toMatchObject({ size: 0, generation: 0, isDir: false });
  });

  test('an r+b write raises modifiedAt and keeps createdAt (mocked clock 1000 → 2000)', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    writeBytes(mfs, '/f', 'hello world');
    expect(mfs.stat('/f')).toMatchObject({ size: 11, createdAt: 1000, modifiedAt: 1000 });
    expect(mfs.stat('/f').generation).toBeGreaterThan(0);
    const generation = mfs.stat('/f').generation;
    now = 2000;
    {
      using f = mfs.open('/f', 'r+b');
      f.write(Buffer.from('H'));
    }
    expect(mfs.stat('/f')).toMatchObject({ createdAt: 1000, modifiedAt: 2000, generation: generation + 1 });
  });

  test('rename and move keep both timestamps and the generation', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    writeBytes(mfs, '/f', 'x');
    const stat = mfs.stat('/f');
    now = 5000;
    mfs.rename('/f', '/g');
    mfs.move('/g', '/d/h');
    expect(mfs.stat('/d/h')).toEqual(stat);
  });

  test('a directory reports size 0 and generation 0; the root has a creation time', () => {
    const mfs = new MemoryFileSystem({ clock: () => 42 });
    mfs.mkdir('/d');
    expect(mfs.stat('/d')).toEqual({ size: 0, createdAt: 42, modifiedAt: 42, generation: 0, isDir: true });
    expect(mfs.stat('/')).toMatchObject({ isDir: true, createdAt: 42 });
  });

  test('after promotion the size is unchanged', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'hello');
    {
      using f = mfs.open('/f', 'r+b');
      f.write(Buffer.from('J'));
    }
    expect(mfs.stat('/f').size).toBe(5);
  });

  test('errors: missing, a file in the middle, getSize of a directory', () => {
    const mfs = new MemoryFileSystem();
    expect(() => mfs.stat('/nope')).toThrow(FileNotFoundError);
    expect(() => mfs.stat('/nope')).toThrow("No such file or directory: '/nope'");
    writeBytes(mfs, '/f', 'hello world');
    expect(() => mfs.stat('/f/x')).toThrow(NotADirectoryError);
    expect(mfs.getSize('/f')).toBe(11);
    expect(() => mfs.getSize('/nope')).toThrow(FileNotFoundError);
    mfs.mkdir('/d');
    expect(() => mfs.getSize('/d')).toThrow(IsADirectoryError);
  });
});

describe('setModifiedAt', () => {
  test('sets the modification time of a file or directory and nothing else', () => {
    const mfs = new MemoryFileSystem({ clock: () => 1000 });
    mfs.mkdir('/d');
    mfs.writeFile('/d/f', 'content');
    const before = mfs.stat('/d/f');
    mfs.setModifiedAt('/d/f', 42);
    mfs.setModifiedAt('/d', 43);
    expect(mfs.stat('/d/f')).toEqual({ ...before, modifiedAt: 42 });
    expect(mfs.stat('/d')).toMatchObject({ createdAt: 1000, modifiedAt: 43 });
    expect(mfs.readFile('/d/f', 'utf8')).toBe('content');
  });

  test('works on an open file; a later write sets the time again', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    using f = mfs.open('/f', 'wb');
    mfs.setModifiedAt('/f', 5);
    expect(mfs.stat('/f').modifiedAt).toBe(5);
    now = 2000;
    f.write(Buffer.from('x'));
    expect(mfs.stat('/f').modifiedAt).toBe(2000);
  });

  test('errors: missing path, a file in the middle, bad values and types', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'x');
    expect(() => mfs.setModifiedAt('/nope', 1)).toThrow(FileNotFoundError);
    expect(() => mfs.setModifiedAt('/f/x', 1)).toThrow(NotADirectoryError);
    expect(() => mfs.setModifiedAt('/f', Number.NaN)).toThrow(/finite/);
    expect(() => mfs.setModifiedAt('/f', '1' as unknown as number)).toThrow(TypeError);
  });
});
