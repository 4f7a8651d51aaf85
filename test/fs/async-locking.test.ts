/**
 * Lock waiting in the async view: timeouts, FIFO fairness, cancellation, sync/async contention, the
 * whole-file methods that wait, and the absence of any global lock across an `await`.
 *
 * Interleavings are driven with `setImmediate` turns rather than sleeps wherever the behaviour
 * allows it; the few real timers only let a timeout expire.
 */
import { setTimeout as sleep, setImmediate as turn } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import {
  type AsyncMemoryFileHandle,
  BlockingIOError,
  FileExistsError,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
  MFSQuotaExceededError,
} from '../../src/index.js';
import { expectConsistentStats } from '../helpers.js';
import { waitersOn } from './file-locks.js';

type Outcome = 'pending' | 'fulfilled' | 'rejected';

/** Where a promise stands after everything already scheduled has run. */
async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  let state: Outcome = 'pending';
  promise.then(
    () => {
      state = 'fulfilled';
    },
    () => {
      state = 'rejected';
    },
  );
  await turn();
  await turn();
  return state;
}

function setup(options: MemoryFileSystemOptions = {}) {
  const mfs = new MemoryFileSystem({ maxQuota: 1024 * 1024, ...options });
  return { mfs, afs: mfs.promises };
}

describe('lockTimeout', () => {
  test('0 tries once: EAGAIN at once, and the file is untouched', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: 60_000 });
    mfs.writeFile('/f', 'keep');
    using holder = mfs.open('/f', 'rb');
    const attempt = afs.open('/f', 'wb', { lockTimeout: 0 });
    await expect(attempt).rejects.toBeInstanceOf(BlockingIOError);
    await expect(attempt).rejects.toMatchObject({ code: 'EAGAIN', path: '/f' });
    expect(waitersOn(mfs, '/f')).toBe(0);
    holder.close();
    expect(mfs.readFile('/f', 'utf8')).toBe('keep');
  });

  test('> 0 waits that long, then EAGAIN; the waiter leaves the queue', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'keep');
    const holder = mfs.open('/f', 'rb');
    const attempt = afs.open('/f', 'wb', { lockTimeout: 100 });
    expect(await outcome(attempt)).toBe('pending');
    expect(waitersOn(mfs, '/f')).toBe(1);
    await expect(attempt).rejects.toThrow(/within 100 ms/);
    expect(waitersOn(mfs, '/f')).toBe(0);
    holder.close();
    // Nobody is left in the queue, so the sync API gets the lock at once.
    mfs.open('/f', 'r+b').close();
    expect(mfs.readFile('/f', 'utf8')).toBe('keep');
  });

  test('null waits forever, whatever the default', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: 1 });
    mfs.writeFile('/f', 'x');
    const holder = mfs.open('/f', 'wb');
    const attempt = afs.open('/f', 'rb', { lockTimeout: null });
    await sleep(20);
    expect(await outcome(attempt)).toBe('pending');
    holder.write(Buffer.from('written while waiting'));
    holder.close();
    await using reader = await attempt;
    expect((await reader.read()).toString()).toBe('written while waiting');
  });

  test('the default is defaultLockTimeout', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: 10 });
    mfs.writeFile('/f', 'x');
    using _holder = mfs.open('/f', 'wb');
    await expect(afs.open('/f', 'rb')).rejects.toThrow(/within 10 ms/);
  });

  test('defaultLockTimeout null waits forever', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'x');
    const holder = mfs.open('/f', 'wb');
    const attempt = afs.open('/f', 'ab');
    await sleep(20);
    expect(await outcome(attempt)).toBe('pending');
    holder.close();
    await (await attempt).close();
  });

  test('an uncontended open succeeds whatever the timeout', async () => {
    const { afs } = setup();
    await (await afs.open('/new', 'wb', { lockTimeout: 0 })).close();
    await (await afs.open('/new', 'rb', { lockTimeout: 0 })).close();
  });
});

describe('fairness', () => {
  test('a queued writer is served before readers that arrive after it', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'v0');
    const order: string[] = [];
    const firstReader = await afs.open('/f', 'rb');
    const writer = afs.open('/f', 'wb').then((handle) => {
      order.push('writer');
      return handle;
    });
    const lateReader = afs.open('/f', 'rb').then((handle) => {
      order.push('late reader');
      return handle;
    });
    // The late reader could share the lock with the first one, but that would starve the writer.
    expect(await outcome(lateReader)).toBe('pending');
    expect(() => mfs.open('/f', 'rb')).toThrow(/already waiting/);
    await firstReader.close();
    const w = await writer;
    expect(await outcome(lateReader)).toBe('pending');
    await w.write(Buffer.from('v1'));
    await w.close();
    const r = await lateReader;
    expect((await r.read()).toString()).toBe('v1');
    await r.close();
    expect(order).toEqual(['writer', 'late reader']);
  });

  test('readers queued together are let in together; a writer behind them waits for both', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'x');
    const order: string[] = [];
    const track = (name: string, pending: Promise<AsyncMemoryFileHandle>) =>
      pending.then((handle) => {
        order.push(name);
        return handle;
      });
    const holder = mfs.open('/f', 'wb');
    const r1 = track('r1', afs.open('/f', 'rb'));
    const r2 = track('r2', afs.open('/f', 'rb'));
    const w = track('w', afs.open('/f', 'r+b'));
    holder.close();
    const [h1, h2] = await Promise.all([r1, r2]);
    expect(await outcome(w)).toBe('pending');
    await h1.close();
    expect(await outcome(w)).toBe('pending');
    await h2.close();
    await (await w).close();
    expect(order).toEqual(['r1', 'r2', 'w']);
  });

  test('a writer that times out lets the readers queued behind it in', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'x');
    using _reader = mfs.open('/f', 'rb');
    const writer = afs.open('/f', 'wb', { lockTimeout: 100 });
    const reader = afs.open('/f', 'rb', { lockTimeout: null });
    expect(await outcome(reader)).toBe('pending');
    await expect(writer).rejects.toMatchObject({ code: 'EAGAIN' });
    await (await reader).close();
    expect(waitersOn(mfs, '/f')).toBe(0);
  });

  test('many writers on one file are served in arrival order', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/log', '');
    const holder = mfs.open('/log', 'ab');
    const writers = Array.from({ length: 50 }, async (_, i) => {
      await using f = await afs.open('/log', 'ab');
      await f.write(Buffer.from(`${i},`));
    });
    holder.close();
    await Promise.all(writers);
    expect(mfs.readFile('/log', 'utf8')).toBe(Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
  });
});

describe('AbortSignal', () => {
  test('aborting cancels the wait with the signal reason and leaves the queue', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'keep');
    const holder = mfs.open('/f', 'rb');
    const controller = new AbortController();
    const attempt = afs.open('/f', 'wb', { signal: controller.signal });
    expect(await outcome(attempt)).toBe('pending');
    controller.abort();
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
    expect(waitersOn(mfs, '/f')).toBe(0);
    holder.close();
    expect(mfs.readFile('/f', 'utf8')).toBe('keep');
  });

  test('a custom reason is what the open rejects with', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'x');
    using _holder = mfs.open('/f', 'wb');
    const controller = new AbortController();
    const attempt = afs.open('/f', 'rb', { signal: controller.signal });
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(attempt).rejects.toBe(reason);
  });

  test('an already aborted signal opens nothing, not even a new file', async () => {
    const { afs } = setup();
    await expect(afs.open('/new', 'wb', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await afs.exists('/new')).toBe(false);
  });

  test('a signal aborted after the lock was granted changes nothing', async () => {
    const { afs } = setup();
    const controller = new AbortController();
    const handle = await afs.open('/f', 'wb', { signal: controller.signal });
    controller.abort();
    expect(await handle.write(Buffer.from('still open'))).toBe(10);
    await handle.close();
  });

  test('AbortSignal.timeout works as a deadline', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'x');
    using _holder = mfs.open('/f', 'wb');
    await expect(afs.open('/f', 'rb', { signal: AbortSignal.timeout(10) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(waitersOn(mfs, '/f')).toBe(0);
  });
});

describe('sync and async on the same file', () => {
  test('the sync API throws at once when an async handle holds the file', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'x');
    const writer = await afs.open('/f', 'r+b');
    expect(() => mfs.open('/f', 'rb')).toThrow(BlockingIOError);
    expect(() => mfs.readFile('/f')).toThrow(/open for writing/);
    expect(() => mfs.writeFile('/f', 'y')).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    await writer.close();
    const reader = await afs.open('/f', 'rb');
    expect(mfs.readFile('/f', 'utf8')).toBe('x');
    expect(() => mfs.open('/f', 'wb')).toThrow(/open for reading \(1 handle\)/);
    await reader.close();
  });

  test('an async open waits for a sync handle and gets the file after it', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'before');
    const sync = mfs.open('/f', 'wb');
    const attempt = afs.open('/f', 'rb');
    expect(await outcome(attempt)).toBe('pending');
    sync.write(Buffer.from('after'));
    sync.close();
    await using reader = await attempt;
    expect((await reader.read()).toString()).toBe('after');
  });

  test('a sync open does not jump the async queue', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'x');
    const reader = mfs.open('/f', 'rb');
    const writer = afs.open('/f', 'wb');
    expect(() => mfs.open('/f', 'rb')).toThrow(BlockingIOError);
    reader.close();
    await (await writer).close();
    mfs.open('/f', 'rb').close();
  });
});

describe('no global lock across an await', () => {
  test('a long wait on one file never delays work on others', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/a', 'a');
    const holder = mfs.open('/a', 'wb');
    const waiting = afs.open('/a', 'rb');
    await afs.writeFile('/b', 'b');
    await afs.mkdir('/dir');
    {
      await using f = await afs.open('/b', 'ab');
      await f.write(Buffer.from('+'));
    }
    expect(await afs.readFile('/b', 'utf8')).toBe('b+');
    await afs.copy('/b', '/dir/c');
    await afs.rename('/dir/c', '/dir/d');
    expect(await afs.exportAsBuffer('/dir/d')).toEqual(Buffer.from('b+'));
    expect((await afs.stats()).fileCount).toBe(3);
    expect(await afs.glob('/**')).toEqual(['/a', '/b', '/dir', '/dir/d']);
    expect(await outcome(waiting)).toBe('pending');
    holder.close();
    await (await waiting).close();
  });

  test('structural operations fail fast with EBUSY instead of waiting', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.importTree({ '/d/f': 'x' });
    await using _open = await afs.open('/d/f', 'rb');
    await expect(afs.remove('/d/f')).rejects.toMatchObject({ code: 'EBUSY' });
    await expect(afs.rmtree('/d')).rejects.toMatchObject({ code: 'EBUSY' });
    await expect(afs.rename('/d', '/e')).rejects.toMatchObject({ code: 'EBUSY' });
    await expect(afs.move('/d/f', '/g')).rejects.toMatchObject({ code: 'EBUSY' });
    await expect(afs.importTree({ '/d/f': 'y' })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(mfs.readFile('/d/f', 'utf8')).toBe('x');
  });
});

describe('failed opens change nothing', () => {
  test('a wb open that times out does not truncate', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'precious');
    using _reader = mfs.open('/f', 'rb');
    await expect(afs.open('/f', 'wb', { lockTimeout: 5 })).rejects.toBeInstanceOf(BlockingIOError);
    expect(mfs.readFile('/f', 'utf8')).toBe('precious');
  });

  test('a preallocation refused after the wait leaves the file as it was and the lock free', async () => {
    const { mfs, afs } = setup({ maxQuota: 1000, chunkOverheadOverride: 0 });
    mfs.writeFile('/f', 'precious');
    const holder = mfs.open('/f', 'rb');
    const attempt = afs.open('/f', 'r+b', { preallocate: 5000 });
    expect(await outcome(attempt)).toBe('pending');
    holder.close();
    await expect(attempt).rejects.toBeInstanceOf(MFSQuotaExceededError);
    expect(mfs.readFile('/f', 'utf8')).toBe('precious');
    mfs.open('/f', 'r+b').close();
    expectConsistentStats(mfs);
  });

  test('a new file whose open fails is removed again', async () => {
    const { mfs, afs } = setup({ maxQuota: 1000 });
    await expect(afs.open('/new', 'wb', { preallocate: 5000 })).rejects.toBeInstanceOf(MFSQuotaExceededError);
    expect(mfs.exists('/new')).toBe(false);
    expectConsistentStats(mfs);
  });
});

describe('whole-file methods wait for their lock', () => {
  test('readFile waits for a writer and sees what it wrote', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'old');
    const writer = mfs.open('/f', 'wb');
    const read = afs.readFile('/f', 'utf8');
    expect(await outcome(read)).toBe('pending');
    writer.write(Buffer.from('new'));
    writer.close();
    expect(await read).toBe('new');
    mfs.remove('/f'); // the read lock was given back
  });

  test('readFile queues behind a waiting writer (FIFO)', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'v0');
    const reader = mfs.open('/f', 'rb');
    const writer = afs.open('/f', 'wb');
    const read = afs.readFile('/f', 'utf8');
    reader.close();
    const w = await writer;
    await w.write(Buffer.from('v1'));
    expect(await outcome(read)).toBe('pending');
    await w.close();
    expect(await read).toBe('v1');
  });

  test('writeFile waits for readers, then writes atomically', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'old');
    const reader = mfs.open('/f', 'rb');
    const write = afs.writeFile('/f', 'new');
    expect(await outcome(write)).toBe('pending');
    expect(reader.read().toString()).toBe('old');
    reader.close();
    await write;
    expect(mfs.readFile('/f', 'utf8')).toBe('new');
    mfs.remove('/f');
  });

  test('writeFile refused after its wait leaves the file as it was and the lock free', async () => {
    const { mfs, afs } = setup({ maxQuota: 100, chunkOverheadOverride: 0 });
    mfs.writeFile('/f', 'old');
    const reader = mfs.open('/f', 'rb');
    const write = afs.writeFile('/f', Buffer.alloc(500));
    reader.close();
    await expect(write).rejects.toBeInstanceOf(MFSQuotaExceededError);
    expect(mfs.readFile('/f', 'utf8')).toBe('old');
    mfs.remove('/f');
    expectConsistentStats(mfs);
  });

  test('writeFile times out like open', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: 5 });
    mfs.writeFile('/f', 'old');
    using _reader = mfs.open('/f', 'rb');
    await expect(afs.writeFile('/f', 'new', { mode: 'ab' })).rejects.toThrow(/within 5 ms/);
    expect(mfs.readFile('/f', 'utf8')).toBe('old');
  });

  test('exportAsBuffer and copy wait for a writer; readers do not hold them up', async () => {
    const { mfs, afs } = setup();
    mfs.writeFile('/f', 'v0');
    using _reader = mfs.open('/f', 'rb');
    expect((await afs.exportAsBuffer('/f')).toString()).toBe('v0');
    _reader.close();
    const writer = mfs.open('/f', 'wb');
    const exported = afs.exportAsBuffer('/f');
    const copied = afs.copy('/f', '/g');
    expect(await outcome(exported)).toBe('pending');
    expect(await outcome(copied)).toBe('pending');
    writer.write(Buffer.from('v1'));
    writer.close();
    expect((await exported).toString()).toBe('v1');
    await copied;
    expect(mfs.readFile('/g', 'utf8')).toBe('v1');
    mfs.remove('/f');
  });

  test('copy reports a taken destination at once rather than waiting for the source', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'x');
    mfs.writeFile('/g', 'y');
    using _writer = mfs.open('/f', 'r+b');
    await expect(afs.copy('/f', '/g')).rejects.toBeInstanceOf(FileExistsError);
  });

  test('copyTree waits for every file a writer holds, then copies all at once', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: null });
    mfs.importTree({ '/s/a': 'a0', '/s/d/b': 'b0', '/s/c': 'c0' });
    const a = mfs.open('/s/a', 'wb');
    const b = mfs.open('/s/d/b', 'wb');
    using _reader = mfs.open('/s/c', 'rb');
    const copied = afs.copyTree('/s', '/t');
    a.write(Buffer.from('a1'));
    a.close();
    expect(await outcome(copied)).toBe('pending');
    // The copy holds no lock while it waits, so the first file is free to be written again.
    mfs.writeFile('/s/a', 'a2');
    b.write(Buffer.from('b1'));
    b.close();
    await copied;
    expect(
      Object.fromEntries([...mfs.exportTree('/t')].map(([path, bytes]) => [path, bytes.toString()])),
    ).toEqual({ '/t/a': 'a2', '/t/d/b': 'b1', '/t/c': 'c0' });
    expectConsistentStats(mfs);
  });

  test('copyTree gives up after defaultLockTimeout in all', async () => {
    const { mfs, afs } = setup({ defaultLockTimeout: 150 });
    mfs.importTree({ '/s/a': 'a', '/s/b': 'b' });
    const a = mfs.open('/s/a', 'wb');
    using _b = mfs.open('/s/b', 'wb');
    const copied = afs.copyTree('/s', '/t');
    expect(await outcome(copied)).toBe('pending');
    a.close();
    await expect(copied).rejects.toMatchObject({ code: 'EAGAIN', path: '/s/b' });
    expect(mfs.exists('/t')).toBe(false);
    mfs.remove('/s/a'); // the copy holds nothing after giving up
  });

  test('iterExportTree and exportTree wait per file', async () => {
    const { mfs, afs } = setup();
    mfs.importTree({ '/x/1': 'one', '/x/2': 'two' });
    const writer = mfs.open('/x/2', 'ab');
    const seen: string[] = [];
    const iterate = (async () => {
      for await (const [path, bytes] of afs.iterExportTree('/x')) seen.push(`${path}=${bytes}`);
    })();
    const whole = afs.exportTree('/x');
    expect(await outcome(iterate)).toBe('pending');
    expect(seen).toEqual(['/x/1=one']);
    writer.write(Buffer.from('+'));
    writer.close();
    await iterate;
    expect(seen).toEqual(['/x/1=one', '/x/2=two+']);
    expect((await whole).get('/x/2')!.toString()).toBe('two+');
  });

  test('a writer waiting on its own file gets EAGAIN after the timeout, not a deadlock', async () => {
    const { afs } = setup({ defaultLockTimeout: 10 });
    await using f = await afs.open('/self', 'wb');
    await f.write(Buffer.from('mine'));
    await expect(afs.readFile('/self')).rejects.toMatchObject({ code: 'EAGAIN' });
    await expect(afs.exportAsBuffer('/self')).rejects.toMatchObject({ code: 'EAGAIN' });
    await expect(afs.open('/self', 'rb')).rejects.toMatchObject({ code: 'EAGAIN' });
  });
});
