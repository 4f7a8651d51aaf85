import { describe, expect, test } from 'vitest';
import {
  BlockingIOError,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileSystem,
  MFSNodeLimitExceededError,
  NotADirectoryError,
} from '../../src/index.js';
import { errorOf, expectConsistentStats, writeBytes } from '../helpers.js';

const fresh = () => new MemoryFileSystem({ maxQuota: 1024 * 1024 });

describe('mkdir (D-MemFS test_mkdir_listdir)', () => {
  test('creates directories, nested step by step or with implicit parents', () => {
    const mfs = fresh();
    mfs.mkdir('/a');
    mfs.mkdir('/a/b');
    mfs.mkdir('/x/y/z');
    for (const path of ['/a', '/a/b', '/x', '/x/y', '/x/y/z']) expect(mfs.isDir(path)).toBe(true);
    expectConsistentStats(mfs);
  });

  test('an existing directory: FileExistsError unless existOk', () => {
    const mfs = fresh();
    mfs.mkdir('/a');
    expect(() => mfs.mkdir('/a')).toThrow(FileExistsError);
    expect(() => mfs.mkdir('/a')).toThrow("Directory exists: '/a'");
    expect(() => mfs.mkdir('/a', { existOk: true })).not.toThrow();
    expect(() => mfs.mkdir('')).toThrow("Directory exists: '/'");
    expect(() => mfs.mkdir('/', { existOk: true })).not.toThrow();
  });

  test('a file at the path is FileExistsError even with existOk', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f', 'x');
    expect(() => mfs.mkdir('/f', { existOk: true })).toThrow("File exists at path: '/f'");
  });

  test('a file in the middle of the path is NotADirectoryError, and nothing is created', () => {
    const mfs = fresh();
    writeBytes(mfs, '/a', 'x');
    expect(() => mfs.mkdir('/a/b')).toThrow(NotADirectoryError);
    expect(() => mfs.mkdir('/a/b/c')).toThrow("Not a directory: '/a' (in '/a/b/c')");
    expect(mfs.listdir('/')).toEqual(['a']);
  });

  test('the node cap is checked for the whole path first (D-MemFS left partial parents)', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 3 });
    expect(() => mfs.mkdir('/a/b/c')).toThrow(MFSNodeLimitExceededError);
    expect(mfs.listdir('/')).toEqual([]);
    mfs.mkdir('/a/b');
    expect(() => mfs.mkdir('/c')).toThrow(MFSNodeLimitExceededError);
    expectConsistentStats(mfs);
  });

  test('existOk must be a boolean', () => {
    expect(() => fresh().mkdir('/a', { existOk: 1 as unknown as boolean })).toThrow(TypeError);
  });

  test('new directories get the clock time; parents are not touched', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    mfs.mkdir('/p');
    now = 2000;
    mfs.mkdir('/p/c');
    expect(mfs.stat('/p/c')).toEqual({
      size: 0,
      createdAt: 2000,
      modifiedAt: 2000,
      generation: 0,
      isDir: true,
    });
    expect(mfs.stat('/p').modifiedAt).toBe(1000);
  });
});

describe('listdir', () => {
  test('names in insertion order, a fresh array each time', () => {
    const mfs = fresh();
    mfs.mkdir('/d');
    for (const name of ['c', 'a', 'b']) writeBytes(mfs, `/d/${name}`, name);
    mfs.mkdir('/d/sub');
    const listing = mfs.listdir('/d');
    expect(listing).toEqual(['c', 'a', 'b', 'sub']);
    listing.push('x');
    expect(mfs.listdir('/d')).toEqual(['c', 'a', 'b', 'sub']);
  });

  test('empty directory, root, missing, file', () => {
    const mfs = fresh();
    mfs.mkdir('/empty');
    expect(mfs.listdir('/empty')).toEqual([]);
    expect(mfs.listdir('')).toEqual(['empty']);
    expect(mfs.listdir('/')).toEqual(['empty']);
    expect(() => mfs.listdir('/missing')).toThrow(FileNotFoundError);
    expect(() => mfs.listdir('/missing')).toThrow("No such directory: '/missing'");
    writeBytes(mfs, '/f', 'x');
    expect(() => mfs.listdir('/f')).toThrow(NotADirectoryError);
  });

  test('renaming re-inserts at the end of the destination', () => {
    const mfs = fresh();
    for (const name of ['a', 'b', 'c']) writeBytes(mfs, `/${name}`, name);
    mfs.rename('/a', '/a2');
    expect(mfs.listdir('/')).toEqual(['b', 'c', 'a2']);
  });
});

describe('exists, isDir, isFile', () => {
  test('for files, directories, missing paths, the root and traversal', () => {
    const mfs = fresh();
    mfs.mkdir('/d');
    writeBytes(mfs, '/d/f', 'x');
    expect([mfs.exists('/d'), mfs.isDir('/d'), mfs.isFile('/d')]).toEqual([true, true, false]);
    expect([mfs.exists('/d/f'), mfs.isDir('/d/f'), mfs.isFile('/d/f')]).toEqual([true, false, true]);
    expect([mfs.exists('/nope'), mfs.isDir('/nope'), mfs.isFile('/nope')]).toEqual([false, false, false]);
    expect([mfs.exists(''), mfs.isDir(''), mfs.isFile('')]).toEqual([true, true, false]);
    expect(mfs.exists('/d/f/x')).toBe(false);
    expect(mfs.exists('/../etc/passwd')).toBe(false);
    expect(mfs.isDir('/../etc')).toBe(false);
    expect(mfs.isFile('/a\0b')).toBe(false);
    expect(() => mfs.exists(42 as unknown as string)).toThrow(TypeError);
  });

  test('trailing slashes and relative paths name the same entry', () => {
    const mfs = fresh();
    mfs.mkdir('/a');
    writeBytes(mfs, '/a/f', 'x');
    expect(mfs.isFile('a/f/')).toBe(true);
    expect(mfs.readFile('a//f/', 'utf8')).toBe('x');
  });
});

describe('remove (D-MemFS test_remove_rmtree)', () => {
  test('removes a file and frees its quota', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f', Buffer.alloc(100));
    const used = mfs.stats().usedBytes;
    mfs.remove('/f');
    expect(mfs.exists('/f')).toBe(false);
    expect(mfs.stats().usedBytes).toBe(used - 100 - mfs.stats().overheadPerChunkEstimate);
    expect(mfs.stats().usedBytes).toBe(0);
  });

  test('missing, directory, root, open', () => {
    const mfs = fresh();
    expect(() => mfs.remove('/nope')).toThrow("No such file: '/nope'");
    mfs.mkdir('/d');
    expect(() => mfs.remove('/d')).toThrow(IsADirectoryError);
    expect(() => mfs.remove('/')).toThrow(IsADirectoryError);
    writeBytes(mfs, '/f', 'x');
    const reader = mfs.open('/f', 'rb');
    const error = errorOf(() => mfs.remove('/f'));
    expect(error).toBeInstanceOf(BlockingIOError);
    expect(error.code).toBe('EBUSY');
    expect(error.message).toBe("File is open: '/f'");
    reader.close();
    mfs.remove('/f');
  });
});

describe('rmtree', () => {
  test('removes a directory with everything under it and frees the quota', () => {
    const mfs = fresh();
    mfs.mkdir('/t/sub/deeper');
    writeBytes(mfs, '/t/a', Buffer.alloc(50));
    writeBytes(mfs, '/t/sub/deeper/b', Buffer.alloc(70));
    mfs.rmtree('/t');
    expect(mfs.exists('/t')).toBe(false);
    expect(mfs.stats()).toMatchObject({ usedBytes: 0, fileCount: 0, dirCount: 1 });
    expectConsistentStats(mfs);
  });

  test('missing, file, root (also written as "" or "//")', () => {
    const mfs = fresh();
    expect(() => mfs.rmtree('/nope')).toThrow("No such directory: '/nope'");
    writeBytes(mfs, '/f', 'x');
    expect(() => mfs.rmtree('/f')).toThrow(NotADirectoryError);
    for (const root of ['/', '', '//', '///']) {
      expect(() => mfs.rmtree(root)).toThrow(InvalidArgumentError);
      expect(() => mfs.rmtree(root)).toThrow('Cannot remove the root directory.');
    }
  });

  test('an open file anywhere below refuses the whole removal, naming it', () => {
    const mfs = fresh();
    mfs.mkdir('/t/deep');
    writeBytes(mfs, '/t/a', 'a');
    writeBytes(mfs, '/t/deep/b', 'b');
    const handle = mfs.open('/t/deep/b', 'rb');
    expect(() => mfs.rmtree('/t')).toThrow("File is open: '/t/deep/b'");
    expect(mfs.isFile('/t/a')).toBe(true);
    handle.close();
    mfs.rmtree('/t');
  });

  test('the node count drops so the cap frees up', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 4 });
    mfs.mkdir('/a/b');
    writeBytes(mfs, '/a/b/f', 'x');
    expect(() => mfs.mkdir('/c')).toThrow(MFSNodeLimitExceededError);
    mfs.rmtree('/a');
    mfs.mkdir('/c/d/e');
    expectConsistentStats(mfs);
  });
});
