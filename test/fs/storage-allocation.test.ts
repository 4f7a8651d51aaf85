import { beforeEach, describe, expect, test, vi } from 'vitest';
import { MemoryFileSystem, MFSMemoryError } from '../../src/index.js';
import { errorOf, expectConsistentStats, readBytes } from '../helpers.js';

// Makes the runtime refuse the next allocation, the way V8 throws when it cannot back an ArrayBuffer.
const allocation = vi.hoisted(() => ({ failNext: false }));

vi.mock('../../src/fs/storage/chunk-list.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/fs/storage/chunk-list.js')>();
  const refuse = () => {
    allocation.failNext = false;
    throw new RangeError('Array buffer allocation failed');
  };
  return {
    ...original,
    copyBytes: (source: Uint8Array) => (allocation.failNext ? refuse() : original.copyBytes(source)),
    allocateZeroed: (length: number) => (allocation.failNext ? refuse() : original.allocateZeroed(length)),
  };
});

function expectMemoryError(action: () => void, message: RegExp): void {
  allocation.failNext = true;
  const error = errorOf(action);
  expect(error).toBeInstanceOf(MFSMemoryError);
  expect(error.code).toBe('ENOMEM');
  expect(error.message).toMatch(message);
  expect(error.cause).toBeInstanceOf(RangeError);
}

describe('when the runtime cannot allocate', () => {
  let mfs: MemoryFileSystem;
  beforeEach(() => {
    allocation.failNext = false;
    mfs = new MemoryFileSystem({ maxQuota: 100_000, chunkOverheadOverride: 128 });
    mfs.writeFile('/seq.bin', 'abc');
  });

  test('a sequential append: MFSMemoryError, nothing charged, file unchanged', () => {
    const before = mfs.stats().usedBytes;
    using handle = mfs.open('/seq.bin', 'ab');
    expectMemoryError(() => handle.write(Buffer.from('def')), /while writing 3 bytes.*maxQuota may exceed/);
    expect(mfs.stats().usedBytes).toBe(before);
    handle.close();
    expect(readBytes(mfs, '/seq.bin').toString()).toBe('abc');
    expectConsistentStats(mfs);
  });

  test('a truncate that extends', () => {
    const before = mfs.stats().usedBytes;
    {
      using handle = mfs.open('/seq.bin', 'r+b');
      expectMemoryError(() => handle.truncate(10), /extending file to 10 bytes/);
    }
    expect(mfs.stats().usedBytes).toBe(before);
    expect(mfs.getSize('/seq.bin')).toBe(3);
  });

  test('a random-access write', () => {
    const ra = new MemoryFileSystem({ maxQuota: 100_000, defaultStorage: 'random_access' });
    ra.writeFile('/a.bin', 'abc');
    {
      using handle = ra.open('/a.bin', 'ab');
      expectMemoryError(() => handle.write(Buffer.from('de')), /while writing 2 bytes/);
    }
    expect(ra.stats().usedBytes).toBe(3);
    expect(ra.readFile('/a.bin', 'utf8')).toBe('abc');
  });

  test('a promotion', () => {
    const before = mfs.stats().usedBytes;
    {
      using handle = mfs.open('/seq.bin', 'r+b');
      handle.seek(1);
      expectMemoryError(() => handle.write(Buffer.from('XYZW')), /memoryGuard: 'init'/);
    }
    expect(mfs.stats().usedBytes).toBe(before);
    expect(mfs.readFile('/seq.bin', 'utf8')).toBe('abc');
  });

  test('importTree names the file', () => {
    const ra = new MemoryFileSystem({ maxQuota: 100_000, defaultStorage: 'random_access' });
    expectMemoryError(
      () => ra.importTree({ '/a.bin': 'abc' }),
      /importTree \(file: '\/a\.bin', size: 3 bytes\)/,
    );
    expect(ra.exists('/a.bin')).toBe(false);
    expect(ra.stats().usedBytes).toBe(0);
  });

  test('writeFile creating a file leaves no file behind', () => {
    expectMemoryError(() => mfs.writeFile('/new.bin', 'xyz'), /while writing 3 bytes/);
    expect(mfs.exists('/new.bin')).toBe(false);
    expectConsistentStats(mfs);
  });
});
