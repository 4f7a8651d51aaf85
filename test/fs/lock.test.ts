import { describe, expect, test } from 'vitest';
import { FileLock } from '../../src/fs/lock.js';
import { BlockingIOError } from '../../src/index.js';

const wait = (path = '/f', timeoutMs: number | null = null, signal?: AbortSignal) => ({
  path,
  timeoutMs,
  signal,
});

/** Records the order in which waiters are granted. */
function track(order: string[], name: string, promise: Promise<void>): Promise<void> {
  return promise.then(
    () => void order.push(name),
    (error: unknown) => {
      order.push(`${name}:${(error as { code?: string }).code ?? (error as Error).name}`);
    },
  );
}

describe('FileLock: trying once', () => {
  test('readers share; a writer is exclusive', () => {
    const lock = new FileLock();
    expect(lock.tryAcquire('read')).toBe(true);
    expect(lock.tryAcquire('read')).toBe(true);
    expect(lock.tryAcquire('read')).toBe(true);
    expect(lock.readers).toBe(3);
    expect(lock.isLocked).toBe(true);
    expect(lock.tryAcquire('write')).toBe(false);
    lock.release('read');
    lock.release('read');
    lock.release('read');
    expect(lock.isLocked).toBe(false);
    expect(lock.tryAcquire('write')).toBe(true);
    expect(lock.hasWriter).toBe(true);
    expect(lock.tryAcquire('read')).toBe(false);
    expect(lock.tryAcquire('write')).toBe(false);
    lock.release('write');
    expect(lock.tryAcquire('read')).toBe(true);
  });

  test('releasing what is not held is an internal error', () => {
    const lock = new FileLock();
    expect(() => lock.release('read')).toThrow(/read lock released but not held/);
    expect(() => lock.release('write')).toThrow(/write lock released but not held/);
  });

  test('contention errors say what holds the file', () => {
    const lock = new FileLock();
    lock.tryAcquire('read');
    const error = lock.contentionError('write', '/f');
    expect(error).toBeInstanceOf(BlockingIOError);
    expect(error.code).toBe('EAGAIN');
    expect(error.path).toBe('/f');
    expect(error.message).toMatch(/open for reading \(1 handle\)/);
    lock.release('read');
    lock.tryAcquire('write');
    expect(lock.contentionError('read', '/f').message).toMatch(/open for writing/);
  });
});

describe('FileLock: waiting', () => {
  test('an uncontended acquire resolves at once whatever the timeout', async () => {
    const lock = new FileLock();
    await lock.acquire('write', wait('/f', 0));
    expect(lock.hasWriter).toBe(true);
  });

  test('timeout 0 tries once', async () => {
    const lock = new FileLock();
    lock.tryAcquire('write');
    await expect(lock.acquire('read', wait('/f', 0))).rejects.toMatchObject({ code: 'EAGAIN', path: '/f' });
    expect(lock.waiting).toBe(0);
  });

  test('a bounded wait times out with EAGAIN and leaves the queue', async () => {
    const lock = new FileLock();
    lock.tryAcquire('read');
    await expect(lock.acquire('write', wait('/f', 20))).rejects.toThrow(/within 20 ms/);
    expect(lock.waiting).toBe(0);
    lock.release('read');
    expect(lock.tryAcquire('write')).toBe(true);
  });

  test('a null timeout waits until the holder releases', async () => {
    const lock = new FileLock();
    lock.tryAcquire('write');
    const granted = lock.acquire('read', wait());
    setTimeout(() => lock.release('write'), 10);
    await granted;
    expect(lock.readers).toBe(1);
  });

  test('FIFO: a queued writer is served before readers that came after it', async () => {
    const lock = new FileLock();
    const order: string[] = [];
    lock.tryAcquire('read');
    const writer = track(order, 'writer', lock.acquire('write', wait()));
    // A newcomer reader must not jump the queue, not even with the sync try.
    expect(lock.tryAcquire('read')).toBe(false);
    const reader = track(order, 'reader', lock.acquire('read', wait()));
    lock.release('read');
    await writer;
    expect(order).toEqual(['writer']);
    expect(lock.readers).toBe(0);
    lock.release('write');
    await reader;
    expect(order).toEqual(['writer', 'reader']);
  });

  test('consecutive queued readers are granted together; a writer behind them waits', async () => {
    const lock = new FileLock();
    const order: string[] = [];
    lock.tryAcquire('write');
    const r1 = track(order, 'r1', lock.acquire('read', wait()));
    const r2 = track(order, 'r2', lock.acquire('read', wait()));
    const w = track(order, 'w', lock.acquire('write', wait()));
    const r3 = track(order, 'r3', lock.acquire('read', wait()));
    lock.release('write');
    await Promise.all([r1, r2]);
    expect(lock.readers).toBe(2);
    expect(order).toEqual(['r1', 'r2']);
    lock.release('read');
    lock.release('read');
    await w;
    lock.release('write');
    await r3;
    expect(order).toEqual(['r1', 'r2', 'w', 'r3']);
  });

  test('a writer that times out lets the readers queued behind it in', async () => {
    const lock = new FileLock();
    const order: string[] = [];
    lock.tryAcquire('read');
    const w = track(order, 'w', lock.acquire('write', wait('/f', 15)));
    const r = track(order, 'r', lock.acquire('read', wait()));
    await Promise.all([w, r]);
    expect(order).toEqual(['w:EAGAIN', 'r']);
    expect(lock.readers).toBe(2);
    expect(lock.waiting).toBe(0);
  });

  test('an AbortSignal cancels a wait with its reason and leaves the queue', async () => {
    const lock = new FileLock();
    lock.tryAcquire('write');
    const controller = new AbortController();
    const pending = lock.acquire('write', wait('/f', null, controller.signal));
    expect(lock.waiting).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(lock.waiting).toBe(0);
    lock.release('write');
    expect(lock.isLocked).toBe(false);
  });

  test('an already-aborted signal rejects without queueing', async () => {
    const lock = new FileLock();
    lock.tryAcquire('write');
    const reason = new Error('stop');
    await expect(lock.acquire('read', wait('/f', null, AbortSignal.abort(reason)))).rejects.toBe(reason);
    expect(lock.waiting).toBe(0);
  });

  test('aborting after the grant changes nothing', async () => {
    const lock = new FileLock();
    lock.tryAcquire('write');
    const controller = new AbortController();
    const pending = lock.acquire('read', wait('/f', null, controller.signal));
    lock.release('write');
    controller.abort();
    await pending;
    expect(lock.readers).toBe(1);
  });

  test('writers are never starved by a stream of readers', async () => {
    const lock = new FileLock();
    lock.tryAcquire('read');
    let writerGranted = false;
    const writer = lock.acquire('write', wait()).then(() => {
      writerGranted = true;
    });
    // Readers keep arriving; none may be granted ahead of the writer.
    const readers = Array.from({ length: 50 }, () => lock.acquire('read', wait()));
    lock.release('read');
    await writer;
    expect(writerGranted).toBe(true);
    expect(lock.readers).toBe(0);
    lock.release('write');
    await Promise.all(readers);
    expect(lock.readers).toBe(50);
  });
});
