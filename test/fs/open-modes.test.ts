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
  UnsupportedOperationError,
} from '../../src/index.js';
import { errorOf, expectConsistentStats, readBytes, storageKindOf, writeBytes } from '../helpers.js';

const fresh = () => new MemoryFileSystem({ maxQuota: 1024 * 1024 });

describe('open modes (D-MemFS test_open_modes)', () => {
  test('rb reads an existing file; missing is FileNotFoundError', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f.bin', 'hello');
    expect(readBytes(mfs, '/f.bin').toString()).toBe('hello');
    expect(() => mfs.open('/missing.bin', 'rb')).toThrow(FileNotFoundError);
    expect(() => mfs.open('/missing.bin', 'rb')).toThrow("No such file: '/missing.bin'");
  });

  test('wb creates, and overwrites an existing file', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f.bin', 'old content');
    writeBytes(mfs, '/f.bin', 'new');
    expect(readBytes(mfs, '/f.bin').toString()).toBe('new');
  });

  test('ab creates if missing and appends', () => {
    const mfs = fresh();
    {
      using f = mfs.open('/log.bin', 'ab');
      f.write(Buffer.from('hello'));
    }
    {
      using f = mfs.open('/log.bin', 'ab');
      f.write(Buffer.from(' world'));
    }
    expect(readBytes(mfs, '/log.bin').toString()).toBe('hello world');
  });

  test('r+b reads from 0 and writes in place without truncating', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f.bin', 'hello world');
    {
      using f = mfs.open('/f.bin', 'r+b');
      expect(f.read(5).toString()).toBe('hello');
      f.seek(6);
      f.write(Buffer.from('MFS'));
    }
    expect(readBytes(mfs, '/f.bin').toString()).toBe('hello MFSld');
    expect(() => mfs.open('/missing.bin', 'r+b')).toThrow(FileNotFoundError);
  });

  test('xb creates; an existing file is FileExistsError', () => {
    const mfs = fresh();
    {
      using f = mfs.open('/x.bin', 'xb');
      f.write(Buffer.from('x'));
    }
    expect(() => mfs.open('/x.bin', 'xb')).toThrow(FileExistsError);
    expect(() => mfs.open('/x.bin', 'xb')).toThrow("File exists: '/x.bin'");
  });

  test.each(['r+', 'rb+', 'w+b', 'a+b', 'br', 'RB', 'rt', '', 'x'])(
    'mode %j is InvalidArgumentError',
    (mode) => {
      const mfs = fresh();
      expect(() => mfs.open('/f.bin', mode)).toThrow(
        mode === 'r+' ? FileNotFoundError : InvalidArgumentError,
      );
    },
  );

  test('the mode is checked before the path', () => {
    const mfs = fresh();
    expect(() => mfs.open('/../x', 'bad')).toThrow(/Invalid mode 'bad'/);
    expect(() => mfs.open('/f', 42 as unknown as string)).toThrow(TypeError);
  });

  test('Node flag aliases map to the binary modes', () => {
    const mfs = fresh();
    {
      using f = mfs.open('/a.bin', 'w');
      expect(f.mode).toBe('wb');
      f.write(Buffer.from('1'));
    }
    {
      using f = mfs.open('/a.bin', 'a');
      expect(f.mode).toBe('ab');
      f.write(Buffer.from('2'));
    }
    {
      using f = mfs.open('/a.bin', 'r+');
      expect(f.mode).toBe('r+b');
    }
    {
      using f = mfs.open('/a.bin', 'r');
      expect(f.mode).toBe('rb');
      expect(f.read().toString()).toBe('12');
    }
    expect(() => mfs.open('/a.bin', 'wx')).toThrow(FileExistsError);
  });

  test('opening a directory is IsADirectoryError in every mode, root included', () => {
    const mfs = fresh();
    mfs.mkdir('/d');
    for (const mode of ['rb', 'wb', 'ab', 'r+b', 'xb']) {
      expect(() => mfs.open('/d', mode)).toThrow(IsADirectoryError);
      expect(() => mfs.open('', mode)).toThrow(IsADirectoryError);
    }
  });

  test('a write beyond the quota is MFSQuotaExceededError', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 10 });
    using f = mfs.open('/f.bin', 'wb');
    expect(() => f.write(Buffer.alloc(100))).toThrow(MFSQuotaExceededError);
  });

  test('many readers share a file', () => {
    const mfs = fresh();
    writeBytes(mfs, '/shared.bin', 'shared data');
    const readers = Array.from({ length: 5 }, () => mfs.open('/shared.bin', 'rb'));
    for (const reader of readers) expect(reader.read().toString()).toBe('shared data');
    for (const reader of readers) reader.close();
  });

  test('wb with a missing parent is FileNotFoundError naming the parent', () => {
    const mfs = fresh();
    expect(() => mfs.open('/no/such/f.bin', 'wb')).toThrow("Parent directory does not exist: '/no/such'");
    expect(() => mfs.open('/no/such/f.bin', 'wb')).toThrow(FileNotFoundError);
  });

  test('a file in the middle of the path is NotADirectoryError (D-MemFS said FileNotFoundError)', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f', 'x');
    expect(() => mfs.open('/f/x.bin', 'wb')).toThrow(NotADirectoryError);
    expect(() => mfs.open('/f/x.bin', 'rb')).toThrow(NotADirectoryError);
    expect(() => mfs.open('/f/x/y.bin', 'wb')).toThrow(NotADirectoryError);
  });

  test('wb reopen releases the old content’s quota', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f.bin', Buffer.alloc(500));
    const large = mfs.stats().usedBytes;
    writeBytes(mfs, '/f.bin', 'small');
    expect(mfs.stats().usedBytes).toBeLessThan(large);
    expectConsistentStats(mfs);
  });

  test('an empty file reads empty; ten writes read back whole', () => {
    const mfs = fresh();
    writeBytes(mfs, '/empty.bin', '');
    expect(readBytes(mfs, '/empty.bin').byteLength).toBe(0);
    {
      using f = mfs.open('/ten.bin', 'wb');
      for (let i = 0; i < 10; i++) f.write(Buffer.alloc(100, i));
    }
    const data = readBytes(mfs, '/ten.bin');
    expect(data.byteLength).toBe(1000);
    expect(data[950]).toBe(9);
  });

  test('wb reopen without a write empties the file', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f.bin', 'content');
    mfs.open('/f.bin', 'wb').close();
    expect(readBytes(mfs, '/f.bin').byteLength).toBe(0);
  });

  test('while a reader is open, wb fails at once with EAGAIN and the data is intact', () => {
    const mfs = fresh();
    writeBytes(mfs, '/f.bin', 'original');
    using reader = mfs.open('/f.bin', 'rb');
    const error = errorOf(() => mfs.open('/f.bin', 'wb', { lockTimeout: 5_000 }));
    expect(error).toBeInstanceOf(BlockingIOError);
    expect(error.code).toBe('EAGAIN');
    expect(reader.read().toString()).toBe('original');
  });

  test('a writer excludes readers and other writers', () => {
    const mfs = fresh();
    using writer = mfs.open('/f.bin', 'wb');
    expect(() => mfs.open('/f.bin', 'rb')).toThrow(BlockingIOError);
    expect(() => mfs.open('/f.bin', 'ab')).toThrow(BlockingIOError);
    expect(() => mfs.readFile('/f.bin')).toThrow(BlockingIOError);
    writer.close();
    expect(readBytes(mfs, '/f.bin').byteLength).toBe(0);
  });

  test('a new file counts against maxNodes; the refused open creates nothing', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 3 });
    mfs.open('/a', 'wb').close();
    mfs.open('/b', 'wb').close();
    expect(() => mfs.open('/c', 'wb')).toThrow(MFSNodeLimitExceededError);
    expect(mfs.listdir('/')).toEqual(['a', 'b']);
  });

  test('lockTimeout and preallocate are validated', () => {
    const mfs = fresh();
    expect(() => mfs.open('/f', 'wb', { lockTimeout: -1 })).toThrow(InvalidArgumentError);
    expect(() => mfs.open('/f', 'wb', { lockTimeout: '1' as unknown as number })).toThrow(TypeError);
    expect(() => mfs.open('/f', 'wb', { preallocate: -1 })).toThrow(InvalidArgumentError);
    expect(() => mfs.open('/f', 'wb', { preallocate: 1.5 })).toThrow(InvalidArgumentError);
    expect(mfs.exists('/f')).toBe(false);
  });
});

describe('preallocate', () => {
  test('grows the file with zeros, charged like a write; the cursor stays at 0', () => {
    const mfs = new MemoryFileSystem({ chunkOverheadOverride: 128, clock: () => 5 });
    using f = mfs.open('/p', 'wb', { preallocate: 100 });
    expect(mfs.stats().usedBytes).toBe(228);
    expect(mfs.getSize('/p')).toBe(100);
    expect(mfs.stat('/p').generation).toBe(1);
    expect(f.tell()).toBe(0);
  });

  test('the first write into the preallocated region promotes (auto) and nets out to the size', () => {
    const mfs = new MemoryFileSystem({ chunkOverheadOverride: 128 });
    using f = mfs.open('/p', 'wb', { preallocate: 100 });
    f.write(Buffer.from('abc'));
    expect(mfs.stats().usedBytes).toBe(100);
    expect(storageKindOf(mfs, '/p')).toBe('random_access');
    expect(mfs.getSize('/p')).toBe(100);
  });

  test("with 'sequential' storage that write is ENOTSUP; with 'random_access' it overwrites", () => {
    const seq = new MemoryFileSystem({ defaultStorage: 'sequential' });
    using s = seq.open('/p', 'wb', { preallocate: 10 });
    expect(() => s.write(Buffer.from('abc'))).toThrow(UnsupportedOperationError);
    const ra = new MemoryFileSystem({ defaultStorage: 'random_access' });
    {
      using r = ra.open('/p', 'wb', { preallocate: 10 });
      r.write(Buffer.from('abc'));
    }
    expect(ra.readFile('/p')).toEqual(Buffer.from('abc\0\0\0\0\0\0\0'));
    expect(ra.stats().usedBytes).toBe(10);
  });

  test('preallocate does not change modifiedAt, and is ignored when not larger than the file', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    writeBytes(mfs, '/p', 'hello');
    now = 2000;
    mfs.open('/p', 'ab', { preallocate: 10 }).close();
    expect(mfs.stat('/p')).toMatchObject({ size: 10, modifiedAt: 1000, generation: 2 });
    mfs.open('/p', 'ab', { preallocate: 4 }).close();
    expect(mfs.stat('/p')).toMatchObject({ size: 10, generation: 2 });
  });

  test('rb cannot preallocate (D-MemFS grew files under a read lock)', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/p', 'x');
    expect(() => mfs.open('/p', 'rb', { preallocate: 10 })).toThrow(/writable mode/);
    expect(mfs.getSize('/p')).toBe(1);
  });

  test('a failed preallocation leaves nothing: no new file, no lock, no quota', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 500 });
    expect(() => mfs.open('/p', 'wb', { preallocate: 1000 })).toThrow(MFSQuotaExceededError);
    expect(mfs.exists('/p')).toBe(false);
    expect(mfs.stats().usedBytes).toBe(0);
    expectConsistentStats(mfs);
  });

  test('a failed preallocation on wb of an existing file keeps its content and lock-free state', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 500, chunkOverheadOverride: 0 });
    writeBytes(mfs, '/p', 'keep me');
    const generation = mfs.stat('/p').generation;
    expect(() => mfs.open('/p', 'wb', { preallocate: 501 })).toThrow(MFSQuotaExceededError);
    expect(mfs.readFile('/p', 'utf8')).toBe('keep me');
    expect(mfs.stat('/p').generation).toBe(generation);
    expect(mfs.stats().usedBytes).toBe(7);
    mfs.remove('/p');
  });

  test('wb truncation frees quota that the preallocation can use', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 500, chunkOverheadOverride: 0 });
    writeBytes(mfs, '/p', Buffer.alloc(400));
    mfs.open('/p', 'wb', { preallocate: 450 }).close();
    expect(mfs.stats().usedBytes).toBe(450);
  });
});

describe('defaultStorage (D-MemFS test_default_storage)', () => {
  test("'auto' is the default: new files are sequential and promote on a random write", () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'hello world');
    expect(storageKindOf(mfs, '/f')).toBe('sequential');
    {
      using f = mfs.open('/f', 'r+b');
      f.seek(0);
      f.write(Buffer.from('H'));
    }
    expect(storageKindOf(mfs, '/f')).toBe('random_access');
    expect(mfs.readFile('/f', 'utf8')).toBe('Hello world');
  });

  test("'sequential' never promotes; appends work", () => {
    const mfs = new MemoryFileSystem({ defaultStorage: 'sequential' });
    writeBytes(mfs, '/f', 'hello');
    expect(storageKindOf(mfs, '/f')).toBe('sequential');
    {
      using f = mfs.open('/f', 'r+b');
      expect(() => f.write(Buffer.from('H'))).toThrow(UnsupportedOperationError);
    }
    {
      using f = mfs.open('/f', 'ab');
      f.write(Buffer.from(' world'));
    }
    expect(mfs.readFile('/f', 'utf8')).toBe('hello world');
  });

  test("'random_access' files take writes anywhere", () => {
    const mfs = new MemoryFileSystem({ defaultStorage: 'random_access' });
    writeBytes(mfs, '/f', 'hello world');
    expect(storageKindOf(mfs, '/f')).toBe('random_access');
    {
      using f = mfs.open('/f', 'r+b');
      f.write(Buffer.from('HELLO'));
    }
    expect(mfs.readFile('/f', 'utf8')).toBe('HELLO world');
  });

  test('promotion is one-way: wb reopen keeps random access', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'hello');
    {
      using f = mfs.open('/f', 'r+b');
      f.write(Buffer.from('J'));
    }
    writeBytes(mfs, '/f', 'again');
    expect(storageKindOf(mfs, '/f')).toBe('random_access');
  });
});
