import { describe, expect, test } from 'vitest';
import {
  BlockingIOError,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MFSError,
  MFSMemoryError,
  MFSNodeLimitExceededError,
  MFSQuotaExceededError,
  NotADirectoryError,
  UnsupportedOperationError,
} from '../../src/index.js';

describe('error classes', () => {
  test.each([
    [new FileNotFoundError('m', { path: '/p' }), 'FileNotFoundError', 'ENOENT'],
    [new FileExistsError('m', { path: '/p' }), 'FileExistsError', 'EEXIST'],
    [new IsADirectoryError('m', { path: '/p' }), 'IsADirectoryError', 'EISDIR'],
    [new NotADirectoryError('m', { path: '/p' }), 'NotADirectoryError', 'ENOTDIR'],
    [new BlockingIOError('EAGAIN', 'm', { path: '/p' }), 'BlockingIOError', 'EAGAIN'],
    [new BlockingIOError('EBUSY', 'm', { path: '/p' }), 'BlockingIOError', 'EBUSY'],
    [new UnsupportedOperationError('EBADF', 'm', { path: '/p' }), 'UnsupportedOperationError', 'EBADF'],
    [new UnsupportedOperationError('ENOTSUP', 'm', { path: '/p' }), 'UnsupportedOperationError', 'ENOTSUP'],
    [new InvalidArgumentError('m', { path: '/p' }), 'InvalidArgumentError', 'EINVAL'],
    [new MFSMemoryError('m', { path: '/p' }), 'MFSMemoryError', 'ENOMEM'],
  ])('%s has its name, code and path', (error, name, code) => {
    expect(error).toBeInstanceOf(MFSError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.path).toBe('/p');
    expect(error.message).toBe('m');
    expect(String(error)).toBe(`${name}: m`);
  });

  test('path is absent when none applies; cause is kept', () => {
    const cause = new RangeError('allocation failed');
    const error = new MFSMemoryError('m', { cause });
    expect('path' in error).toBe(false);
    expect(error.cause).toBe(cause);
  });

  test('MFSQuotaExceededError carries requested and available, with the D-MemFS message', () => {
    const error = new MFSQuotaExceededError(100, 50);
    expect(error).toBeInstanceOf(MFSError);
    expect(error.code).toBe('ENOSPC');
    expect(error.requested).toBe(100);
    expect(error.available).toBe(50);
    expect(error.message).toBe('MFS quota exceeded: requested 100 bytes, only 50 bytes available.');
  });

  test('MFSNodeLimitExceededError is a quota error with current, limit and the derived fields', () => {
    const error = new MFSNodeLimitExceededError(10, 10);
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(error).toBeInstanceOf(MFSError);
    expect(error.name).toBe('MFSNodeLimitExceededError');
    expect(error.code).toBe('ENOSPC');
    expect(error.current).toBe(10);
    expect(error.limit).toBe(10);
    expect(error.requested).toBe(11);
    expect(error.available).toBe(0);
    expect(error.message.toLowerCase()).toContain('node limit exceeded');
    expect(error.message).toBe('MFS node limit exceeded: current 10 nodes, limit is 10.');
  });
});
