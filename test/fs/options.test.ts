import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CHUNK_OVERHEAD,
  DEFAULT_MAX_QUOTA,
  InvalidArgumentError,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
} from '../../src/index.js';

describe('MemoryFileSystem options', () => {
  test('defaults', () => {
    const stats = new MemoryFileSystem().stats();
    expect(stats.quotaBytes).toBe(DEFAULT_MAX_QUOTA);
    expect(DEFAULT_MAX_QUOTA).toBe(256 * 1024 ** 2);
    expect(stats.overheadPerChunkEstimate).toBe(DEFAULT_CHUNK_OVERHEAD);
    expect(new MemoryFileSystem(undefined).stats().quotaBytes).toBe(DEFAULT_MAX_QUOTA);
  });

  test('chunkOverheadOverride: 0 makes usage equal to the logical size', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 2048, chunkOverheadOverride: 0 });
    mfs.writeFile('/a', Buffer.alloc(1000));
    mfs.remove('/a');
    mfs.writeFile('/a', Buffer.alloc(1000));
    mfs.writeFile('/b', Buffer.alloc(1000));
    expect(mfs.stats().usedBytes).toBe(2000);
  });

  test('maxQuota 0 allows only empty files', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 0 });
    mfs.writeFile('/empty', '');
    expect(() => mfs.writeFile('/x', 'x')).toThrow(/quota exceeded/);
  });

  test.each<[string, MemoryFileSystemOptions, RegExp]>([
    ['a negative quota', { maxQuota: -1 }, /maxQuota.*>= 0/],
    ['a fractional quota', { maxQuota: 1.5 }, /maxQuota/],
    ['NaN quota', { maxQuota: Number.NaN }, /maxQuota/],
    ['maxNodes 0 (the root needs one)', { maxNodes: 0 }, /maxNodes.*>= 1/],
    ['an unknown storage', { defaultStorage: 'disk' as 'auto' }, /Invalid defaultStorage value: "disk"/],
    ['a negative promotion limit', { promotionHardLimit: -5 }, /promotionHardLimit/],
    ['a negative overhead', { chunkOverheadOverride: -1 }, /chunkOverheadOverride/],
    ['a negative lock timeout', { defaultLockTimeout: -1 }, /defaultLockTimeout/],
    ['an infinite interval', { memoryGuardInterval: Number.POSITIVE_INFINITY }, /memoryGuardInterval/],
    [
      'a misspelled option',
      { maxquota: 5 } as MemoryFileSystemOptions,
      /Unknown MemoryFileSystem option 'maxquota'/,
    ],
  ])('%s is InvalidArgumentError', (_label, options, message) => {
    expect(() => new MemoryFileSystem(options)).toThrow(InvalidArgumentError);
    expect(() => new MemoryFileSystem(options)).toThrow(message);
  });

  test.each<[string, unknown]>([
    ['quota as a string', { maxQuota: '5' }],
    ['clock not a function', { clock: 5 }],
    ['availableMemory not a function', { availableMemory: 'x' }],
    ['options not an object', 'big'],
  ])('%s is a TypeError', (_label, options) => {
    expect(() => new MemoryFileSystem(options as MemoryFileSystemOptions)).toThrow(TypeError);
  });

  test('null means "no limit" or "the default" where the API says so', () => {
    const mfs = new MemoryFileSystem({
      maxNodes: null,
      promotionHardLimit: null,
      chunkOverheadOverride: null,
      defaultLockTimeout: null,
    });
    expect(mfs.stats().overheadPerChunkEstimate).toBe(DEFAULT_CHUNK_OVERHEAD);
  });

  test('maxNodes counts the root: 3 allows two more nodes; 1 allows nothing but the root', () => {
    const three = new MemoryFileSystem({ maxNodes: 3 });
    three.writeFile('/a', '');
    three.writeFile('/b', '');
    expect(() => three.writeFile('/c', '')).toThrow(/node limit exceeded: current 3 nodes, limit is 3/);
    const one = new MemoryFileSystem({ maxNodes: 1 });
    expect(() => one.mkdir('/a')).toThrow(/node limit/);
    const two = new MemoryFileSystem({ maxNodes: 2 });
    two.mkdir('/a');
    expect(() => two.mkdir('/b')).toThrow(/node limit/);
  });

  test('the clock is used for every timestamp', () => {
    const mfs = new MemoryFileSystem({ clock: () => 123_456 });
    mfs.writeFile('/f', 'x');
    expect(mfs.stat('/f').createdAt).toBe(123_456);
    expect(mfs.stat('/').createdAt).toBe(123_456);
  });
});
