import { describe, expect, test } from 'vitest';
import {
  BlockingIOError,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileSystem,
  MFSNodeLimitExceededError,
  MFSQuotaExceededError,
  NotADirectoryError,
} from '../../src/index.js';
import { errorOf, expectConsistentStats, readBytes, writeBytes } from '../helpers.js';

const fresh = () => new MemoryFileSystem({ maxQuota: 1024 * 1024 });

describe('rename (D-MemFS test_rename_move)', () => {
  test('a file: content kept, old path gone', () => {
    const mfs = fresh();
    writeBytes(mfs, '/a.bin', 'content');
    mfs.rename('/a.bin', '/b.bin');
    expect(mfs.exists('/a.bin')).toBe(false);
    expect(readBytes(mfs, '/b.bin').toString()).toBe('content');
  });

  test('a directory with its subtree, across directories', () => {
    const mfs = fresh();
    mfs.mkdir('/src/deep');
    writeBytes(mfs, '/src/deep/f', 'x');
    mfs.mkdir('/other');
    mfs.rename('/src', '/other/dst');
    expect(readBytes(mfs, '/other/dst/deep/f').toString()).toBe('x');
    expect(mfs.exists('/src')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('errors: missing source, existing destination (file or directory, itself, root), missing parent', () => {
    const mfs = fresh();
    expect(() => mfs.rename('/nope', '/x')).toThrow("No such file or directory: '/nope'");
    writeBytes(mfs, '/a', 'a');
    writeBytes(mfs, '/b', 'b');
    mfs.mkdir('/d');
    expect(() => mfs.rename('/a', '/b')).toThrow("Destination already exists: '/b'");
    expect(() => mfs.rename('/a', '/d')).toThrow(FileExistsError);
    expect(() => mfs.rename('/a', '/a')).toThrow(FileExistsError);
    expect(() => mfs.rename('/a', '/')).toThrow(FileExistsError);
    expect(() => mfs.rename('/a', '/no/such/a')).toThrow(FileNotFoundError);
    expect(() => mfs.rename('/a', '/no/such/a')).toThrow(/Destination parent does not exist/);
    expect(() => mfs.rename('/a', '/b/c')).toThrow(NotADirectoryError);
  });

  test('the root cannot be renamed, however it is written (D-MemFS crashed on "//")', () => {
    const mfs = fresh();
    for (const root of ['/', '', '//', '/./']) {
      const error = errorOf(() => mfs.rename(root, '/x'));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toBe('Cannot rename the root directory.');
    }
  });

  test('an open file, or any open file below a directory, is EBUSY', () => {
    const mfs = fresh();
    mfs.mkdir('/d/sub');
    writeBytes(mfs, '/d/sub/f', 'x');
    const handle = mfs.open('/d/sub/f', 'rb');
    expect(errorOf(() => mfs.rename('/d/sub/f', '/g'))).toMatchObject({ code: 'EBUSY' });
    expect(errorOf(() => mfs.rename('/d', '/e'))).toMatchObject({ code: 'EBUSY', path: '/d/sub/f' });
    handle.close();
    mfs.rename('/d', '/e');
  });

  test('into its own subtree is InvalidArgumentError and changes nothing (REF-BUG: D-MemFS orphaned it)', () => {
    const mfs = fresh();
    mfs.mkdir('/a/b');
    writeBytes(mfs, '/a/b/f', Buffer.alloc(100));
    const before = mfs.stats();
    const error = errorOf(() => mfs.rename('/a', '/a/b/c'));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.code).toBe('EINVAL');
    expect(error.message).toMatch(/into itself/);
    expect(mfs.stats()).toEqual(before);
    expect(mfs.isFile('/a/b/f')).toBe(true);
    expectConsistentStats(mfs);
  });

  test('keeps node identity data: generation and timestamps', () => {
    let now = 1;
    const mfs = new MemoryFileSystem({ clock: () => now });
    writeBytes(mfs, '/f', 'x');
    const stat = mfs.stat('/f');
    now = 99;
    mfs.rename('/f', '/g');
    expect(mfs.stat('/g')).toEqual(stat);
  });
});

describe('move', () => {
  test('a file to the root; a directory with its subtree; missing parents are created', () => {
    const mfs = fresh();
    mfs.mkdir('/d');
    writeBytes(mfs, '/d/f', 'x');
    mfs.move('/d/f', '/f');
    expect(readBytes(mfs, '/f').toString()).toBe('x');
    mfs.mkdir('/t/u');
    writeBytes(mfs, '/t/u/g', 'g');
    mfs.move('/t', '/new/deep/path');
    expect(readBytes(mfs, '/new/deep/path/u/g').toString()).toBe('g');
    expect(mfs.isDir('/new/deep')).toBe(true);
    expectConsistentStats(mfs);
  });

  test('errors: root, missing, existing destination, open file', () => {
    const mfs = fresh();
    for (const root of ['/', '//'])
      expect(() => mfs.move(root, '/y')).toThrow('Cannot move the root directory.');
    expect(() => mfs.move('/nope', '/x')).toThrow(FileNotFoundError);
    writeBytes(mfs, '/a', 'a');
    writeBytes(mfs, '/b', 'b');
    expect(() => mfs.move('/a', '/b')).toThrow(FileExistsError);
    const handle = mfs.open('/a', 'rb');
    expect(() => mfs.move('/a', '/c/a')).toThrow(BlockingIOError);
    expect(mfs.exists('/c')).toBe(false);
    handle.close();
  });

  test('into its own subtree is refused before any parent is created (REF-BUG)', () => {
    const mfs = fresh();
    mfs.mkdir('/a');
    expect(() => mfs.move('/a', '/a/x/y')).toThrow(InvalidArgumentError);
    expect(mfs.listdir('/a')).toEqual([]);
    expectConsistentStats(mfs);
  });

  test('a file where the destination needs a directory is NotADirectoryError (REF-BUG: AssertionError)', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f', 'x');
    mfs.mkdir('/d');
    expect(() => mfs.move('/d', '/f/x')).toThrow(NotADirectoryError);
    expect(() => mfs.move('/d', '/f/x/y')).toThrow(NotADirectoryError);
    expect(mfs.isDir('/d')).toBe(true);
  });

  test('parents that would exceed the node cap are not half-created', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 3 });
    writeBytes(mfs, '/f', 'x');
    expect(() => mfs.move('/f', '/a/b/f')).toThrow(MFSNodeLimitExceededError);
    expect(mfs.listdir('/')).toEqual(['f']);
  });
});

describe('copy', () => {
  test('an independent copy with fresh timestamps and generation 1', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    writeBytes(mfs, '/src', 'original');
    now = 2000;
    mfs.copy('/src', '/dst');
    writeBytes(mfs, '/src', 'changed');
    expect(readBytes(mfs, '/dst').toString()).toBe('original');
    expect(mfs.stat('/dst')).toMatchObject({ createdAt: 2000, modifiedAt: 2000, generation: 1 });
    writeBytes(mfs, '/empty', '');
    mfs.copy('/empty', '/empty2');
    expect(mfs.stat('/empty2').generation).toBe(0);
  });

  test('errors: missing source, directory source, existing destination, missing or file parent', () => {
    const mfs = fresh();
    expect(() => mfs.copy('/nope', '/x')).toThrow("No such file: '/nope'");
    mfs.mkdir('/d');
    expect(() => mfs.copy('/d', '/x')).toThrow(IsADirectoryError);
    writeBytes(mfs, '/a', 'a');
    writeBytes(mfs, '/b', 'b');
    expect(() => mfs.copy('/a', '/b')).toThrow("Destination already exists: '/b'");
    expect(() => mfs.copy('/a', '/no/x')).toThrow("Parent directory does not exist: '/no'");
    expect(() => mfs.copy('/a', '/b/x')).toThrow(NotADirectoryError);
  });

  test('allowed while the source has readers; a writer holding it is EAGAIN (D-MemFS hung)', () => {
    const mfs = fresh();
    writeBytes(mfs, '/a', 'a');
    {
      using reader = mfs.open('/a', 'rb');
      mfs.copy('/a', '/b');
      expect(reader.read().toString()).toBe('a');
    }
    using _writer = mfs.open('/a', 'ab');
    expect(errorOf(() => mfs.copy('/a', '/c'))).toMatchObject({ code: 'EAGAIN' });
    expect(mfs.exists('/c')).toBe(false);
  });

  test('a quota failure leaves no destination (REF-BUG: D-MemFS left an empty file)', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 400, chunkOverheadOverride: 128 });
    writeBytes(mfs, '/s', Buffer.alloc(150));
    const error = errorOf(() => mfs.copy('/s', '/d')) as MFSQuotaExceededError;
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect([error.requested, error.available]).toEqual([278, 122]);
    expect(mfs.exists('/d')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('the node cap is checked before anything is charged', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 2 });
    writeBytes(mfs, '/s', 'x');
    const used = mfs.stats().usedBytes;
    expect(() => mfs.copy('/s', '/d')).toThrow(MFSNodeLimitExceededError);
    expect(mfs.stats().usedBytes).toBe(used);
  });
});

describe('copyTree', () => {
  function seeded() {
    const mfs = fresh();
    mfs.mkdir('/src/sub/deep');
    mfs.mkdir('/src/empty');
    writeBytes(mfs, '/src/a', 'A');
    writeBytes(mfs, '/src/sub/b', 'B');
    writeBytes(mfs, '/src/sub/deep/c', 'C');
    return mfs;
  }

  test('copies the whole tree, empty directories and order included; the copy is independent', () => {
    const mfs = seeded();
    mfs.copyTree('/src', '/dst');
    expect([...mfs.walk('/dst')]).toEqual([
      ['/dst', ['sub', 'empty'], ['a']],
      ['/dst/sub', ['deep'], ['b']],
      ['/dst/sub/deep', [], ['c']],
      ['/dst/empty', [], []],
    ]);
    writeBytes(mfs, '/src/a', 'changed');
    expect(readBytes(mfs, '/dst/a').toString()).toBe('A');
    expect(mfs.stat('/dst/sub/b').generation).toBe(0);
    expectConsistentStats(mfs);
  });

  test('errors: missing source, file source, existing destination, missing parent', () => {
    const mfs = seeded();
    expect(() => mfs.copyTree('/nope', '/x')).toThrow("No such file or directory: '/nope'");
    expect(() => mfs.copyTree('/src/a', '/x')).toThrow(NotADirectoryError);
    mfs.mkdir('/exists');
    expect(() => mfs.copyTree('/src', '/exists')).toThrow(FileExistsError);
    expect(() => mfs.copyTree('/src', '/no/x')).toThrow(/Destination parent does not exist/);
  });

  test('into its own subtree is safe (the copy is built before it is attached); root copies work', () => {
    const mfs = seeded();
    mfs.copyTree('/src', '/src/sub/copy');
    expect(readBytes(mfs, '/src/sub/copy/sub/deep/c').toString()).toBe('C');
    expect(mfs.exists('/src/sub/copy/sub/copy')).toBe(false);
    mfs.copyTree('/', '/bk');
    expect(readBytes(mfs, '/bk/src/a').toString()).toBe('A');
    expectConsistentStats(mfs);
  });

  test.each([100, 200])(
    'quota 2×(payload + 128) − 1 with one %i-byte file refuses the copy and changes nothing',
    (payload) => {
      const mfs = new MemoryFileSystem({ maxQuota: 2 * (payload + 128) - 1, chunkOverheadOverride: 128 });
      mfs.mkdir('/s');
      writeBytes(mfs, '/s/f', Buffer.alloc(payload, 7));
      const used = mfs.stats().usedBytes;
      expect(() => mfs.copyTree('/s', '/d')).toThrow(MFSQuotaExceededError);
      expect(mfs.stats().usedBytes).toBe(used);
      expect(mfs.exists('/d')).toBe(false);
      expect(readBytes(mfs, '/s/f')).toEqual(Buffer.alloc(payload, 7));
    },
  );

  test('charges exactly what the copies use, so removing them returns to the start (REF-BUG: drift)', () => {
    const mfs = new MemoryFileSystem({ chunkOverheadOverride: 128 });
    mfs.mkdir('/s');
    {
      using f = mfs.open('/s/f', 'wb');
      for (let i = 0; i < 10; i++) f.write(Buffer.alloc(10, i));
    }
    expect(mfs.stats().usedBytes).toBe(1380);
    mfs.copyTree('/s', '/t');
    expect(mfs.stats().usedBytes).toBe(1380 + 228);
    mfs.rmtree('/t');
    expect(mfs.stats().usedBytes).toBe(1380);
    // A promoted source (usage = size) copies into a sequential file (size + one chunk).
    {
      using f = mfs.open('/s/f', 'r+b');
      f.write(Buffer.from('Z'));
    }
    expect(mfs.stats().usedBytes).toBe(100);
    mfs.copyTree('/s', '/t');
    expect(mfs.stats().usedBytes).toBe(100 + 228);
    mfs.rmtree('/t');
    expect(mfs.stats().usedBytes).toBe(100);
    expectConsistentStats(mfs);
  });

  test('a node cap failure leaves no nodes and no destination', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 6 });
    mfs.mkdir('/s');
    writeBytes(mfs, '/s/a', 'a');
    writeBytes(mfs, '/s/b', 'b');
    const before = mfs.stats();
    expect(() => mfs.copyTree('/s', '/d')).toThrow(MFSNodeLimitExceededError);
    expect(mfs.stats()).toEqual(before);
    expect(mfs.exists('/d')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('a source file open for writing is EAGAIN; readers are fine', () => {
    const mfs = seeded();
    {
      using _reader = mfs.open('/src/a', 'rb');
      mfs.copyTree('/src', '/c1');
    }
    using _writer = mfs.open('/src/sub/b', 'ab');
    expect(errorOf(() => mfs.copyTree('/src', '/c2'))).toMatchObject({ code: 'EAGAIN', path: '/src/sub/b' });
    expect(mfs.exists('/c2')).toBe(false);
  });

  test('copies follow the destination policy: random-access filesystems charge sizes only', () => {
    const mfs = new MemoryFileSystem({ defaultStorage: 'random_access' });
    mfs.mkdir('/s');
    writeBytes(mfs, '/s/f', Buffer.alloc(100));
    mfs.copyTree('/s', '/t');
    expect(mfs.stats().usedBytes).toBe(200);
  });
});
