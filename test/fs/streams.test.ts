/**
 * `createReadStream` and `createWriteStream`: ranges and chunking, option checks, the lock each
 * stream holds (and gives back on end, error and destroy), lock waits, backpressure, quota refusals
 * and `stream.pipeline` between mfs files and real files.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  createReadStream as createHostReadStream,
  createWriteStream as createHostWriteStream,
} from 'node:fs';
import { mkdtemp, readFile as readHostFile, rm, writeFile as writeHostFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { setImmediate as turn } from 'node:timers/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BlockingIOError,
  DEFAULT_READ_CHUNK,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
  MemoryReadStream,
  MemoryWriteStream,
  MFSQuotaExceededError,
} from '../../src/index.js';
import { expectConsistentStats } from '../helpers.js';
import { isLocked, waitersOn } from './file-locks.js';

function fs(options: MemoryFileSystemOptions = {}): MemoryFileSystem {
  return new MemoryFileSystem({ maxQuota: 16 * 1024 * 1024, ...options });
}

/** The chunks a readable pushes, as `'data'` delivers them (async iteration would merge them). */
async function chunksOf(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await finished(stream);
  return chunks;
}

async function errorOf(stream: Readable | Writable): Promise<Error> {
  const [error] = (await once(stream, 'error')) as [Error];
  return error;
}

describe('createReadStream', () => {
  test('reads the whole file in highWaterMark-sized chunks', async () => {
    const mfs = fs();
    const data = randomBytes(3 * DEFAULT_READ_CHUNK + 1000);
    mfs.writeFile('/big.bin', data);
    const stream = mfs.createReadStream('/big.bin');
    expect(stream).toBeInstanceOf(MemoryReadStream);
    expect(stream.path).toBe('/big.bin');
    const chunks = await chunksOf(stream);
    expect(chunks.map((chunk) => chunk.length)).toEqual([65536, 65536, 65536, 1000]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(stream.bytesRead).toBe(data.length);
  });

  test('start and end select an inclusive range, as fs.createReadStream does', async () => {
    const mfs = fs();
    mfs.writeFile('/abc', 'abcdefghij');
    const read = async (options: { start?: number; end?: number; highWaterMark?: number }) =>
      Buffer.concat(await chunksOf(mfs.createReadStream('/abc', options))).toString();
    expect(await read({ start: 2, end: 5 })).toBe('cdef');
    expect(await read({ start: 0, end: 0 })).toBe('a');
    expect(await read({ start: 7 })).toBe('hij');
    expect(await read({ end: 2 })).toBe('abc');
    expect(await read({ start: 8, end: 100 })).toBe('ij');
    expect(await read({ start: 50 })).toBe('');
    expect(await read({ end: Number.POSITIVE_INFINITY })).toBe('abcdefghij');
    const small = await chunksOf(mfs.createReadStream('/abc', { start: 1, end: 8, highWaterMark: 3 }));
    expect(small.map(String)).toEqual(['bcd', 'efg', 'hi']);
  });

  test('an empty file ends at once', async () => {
    const mfs = fs();
    mfs.writeFile('/empty', '');
    expect(await chunksOf(mfs.createReadStream('/empty'))).toEqual([]);
    mfs.remove('/empty');
  });

  test('bad options and paths throw at once', () => {
    const mfs = fs();
    mfs.writeFile('/f', 'x');
    const bad: [unknown, unknown, new (...args: never[]) => Error][] = [
      ['/f', { start: -1 }, InvalidArgumentError],
      ['/f', { start: 1.5 }, InvalidArgumentError],
      ['/f', { start: '1' }, TypeError],
      ['/f', { end: Number.NaN }, InvalidArgumentError],
      ['/f', { start: 5, end: 4 }, InvalidArgumentError],
      ['/f', { start: Number.POSITIVE_INFINITY }, InvalidArgumentError],
      ['/f', { highWaterMark: 0 }, InvalidArgumentError],
      ['/f', { highWaterMark: '1' }, TypeError],
      ['/f', { lockTimeout: -1 }, InvalidArgumentError],
      ['/f', { signal: {} }, TypeError],
      ['/f', 'options', TypeError],
      [42, undefined, TypeError],
      ['/../f', undefined, InvalidArgumentError],
    ];
    for (const [path, options, kind] of bad) {
      expect(() => mfs.createReadStream(path as string, options as never), JSON.stringify(options)).toThrow(
        kind,
      );
    }
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('a missing file or a directory is an error event', async () => {
    const mfs = fs();
    mfs.mkdir('/dir');
    expect(await errorOf(mfs.createReadStream('/missing'))).toBeInstanceOf(FileNotFoundError);
    expect(await errorOf(mfs.createReadStream('/dir'))).toBeInstanceOf(IsADirectoryError);
  });

  test('holds a read lock while reading: readers share it, writers are refused', async () => {
    const mfs = fs();
    mfs.writeFile('/f', Buffer.alloc(100, 7));
    const stream = mfs.createReadStream('/f', { highWaterMark: 10 });
    await once(stream, 'ready');
    expect(mfs.readFile('/f').length).toBe(100);
    expect(() => mfs.open('/f', 'r+b')).toThrow(BlockingIOError);
    expect(() => mfs.remove('/f')).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    const chunks = await chunksOf(stream);
    expect(chunks.length).toBe(10);
    expect(isLocked(mfs, '/f')).toBe(false);
    mfs.remove('/f');
  });

  test('gives the lock back once the last byte is read, before the consumer is done', async () => {
    const mfs = fs();
    mfs.writeFile('/f', 'small');
    const stream = mfs.createReadStream('/f');
    await once(stream, 'readable');
    expect(stream.readableLength).toBe(5);
    expect(isLocked(mfs, '/f')).toBe(false);
    mfs.writeFile('/f', 'changed');
    expect(stream.read().toString()).toBe('small');
  });

  test('destroying it mid-way releases the lock', async () => {
    const mfs = fs();
    mfs.writeFile('/f', Buffer.alloc(1000));
    const stream = mfs.createReadStream('/f', { highWaterMark: 10 });
    await once(stream, 'readable');
    expect(stream.read(10)).toHaveLength(10);
    expect(isLocked(mfs, '/f')).toBe(true);
    stream.destroy();
    await once(stream, 'close');
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('a consumer error (destroy with an error) releases the lock too', async () => {
    const mfs = fs();
    mfs.writeFile('/f', Buffer.alloc(1000));
    const stream = mfs.createReadStream('/f', { highWaterMark: 10 });
    const sink = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('sink failed'));
      },
    });
    await expect(pipeline(stream, sink)).rejects.toThrow('sink failed');
    expect(stream.destroyed).toBe(true);
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('waits for a writer, then reads what it wrote', async () => {
    const mfs = fs();
    mfs.writeFile('/f', 'old');
    const writer = mfs.open('/f', 'wb');
    const stream = mfs.createReadStream('/f');
    let ready = false;
    stream.on('ready', () => {
      ready = true;
    });
    await turn();
    await turn();
    expect(ready).toBe(false);
    expect(waitersOn(mfs, '/f')).toBe(1);
    writer.write(Buffer.from('new'));
    writer.close();
    expect(Buffer.concat(await chunksOf(stream)).toString()).toBe('new');
    expect(ready).toBe(true);
  });

  test('a lock wait that times out is an EAGAIN error event', async () => {
    const mfs = fs({ defaultLockTimeout: 10 });
    mfs.writeFile('/f', 'x');
    using _writer = mfs.open('/f', 'r+b');
    const once0 = await errorOf(mfs.createReadStream('/f', { lockTimeout: 0 }));
    expect(once0).toMatchObject({ code: 'EAGAIN', path: '/f' });
    expect(await errorOf(mfs.createReadStream('/f'))).toMatchObject({
      code: 'EAGAIN',
      message: expect.stringMatching(/within 10 ms/),
    });
    expect(waitersOn(mfs, '/f')).toBe(0);
  });

  test('destroying it while it waits cancels the wait', async () => {
    const mfs = fs({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'x');
    const writer = mfs.open('/f', 'wb');
    const stream = mfs.createReadStream('/f');
    const errors: Error[] = [];
    stream.on('error', (error) => errors.push(error));
    await turn();
    expect(waitersOn(mfs, '/f')).toBe(1);
    stream.destroy();
    await once(stream, 'close');
    expect(errors).toEqual([]);
    expect(waitersOn(mfs, '/f')).toBe(0);
    writer.close();
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('destroying it before it starts opens nothing', async () => {
    const mfs = fs();
    mfs.writeFile('/f', 'x');
    const stream = mfs.createReadStream('/f');
    const closed = new Promise((resolve) => stream.on('close', resolve));
    const failed = errorOf(stream);
    stream.destroy(new Error('changed my mind'));
    expect((await failed).message).toBe('changed my mind');
    await closed;
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('destroyed just as its lock is granted, it still gives the lock back', async () => {
    const mfs = fs();
    mfs.writeFile('/f', 'x');
    const writer = mfs.open('/f', 'wb');
    const stream = mfs.createReadStream('/f');
    let ready = false;
    stream.on('ready', () => {
      ready = true;
    });
    await turn();
    writer.close(); // grants the stream's read lock...
    stream.destroy(); // ...before the stream has seen it
    await new Promise((resolve) => stream.on('close', resolve));
    expect(ready).toBe(false);
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('an AbortSignal destroys it, also during a lock wait', async () => {
    const mfs = fs({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'x');
    const writer = mfs.open('/f', 'wb');
    const controller = new AbortController();
    const stream = mfs.createReadStream('/f', { signal: controller.signal });
    await turn();
    expect(waitersOn(mfs, '/f')).toBe(1);
    controller.abort();
    expect(await errorOf(stream)).toMatchObject({ name: 'AbortError' });
    expect(waitersOn(mfs, '/f')).toBe(0);
    writer.close();
    expect(await errorOf(mfs.createReadStream('/f', { signal: AbortSignal.abort() }))).toMatchObject({
      name: 'AbortError',
    });
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('streams cannot be constructed directly', () => {
    expect(() => new MemoryReadStream(Symbol('x'), {} as never, '/f', undefined)).toThrow(TypeError);
    expect(() => new MemoryWriteStream(Symbol('x'), {} as never, '/f', undefined)).toThrow(TypeError);
  });
});

describe('createWriteStream', () => {
  test('writes chunks into a new file and holds the write lock until it finishes', async () => {
    const mfs = fs();
    const stream = mfs.createWriteStream('/out.bin');
    expect(stream).toBeInstanceOf(MemoryWriteStream);
    await once(stream, 'ready');
    stream.write('hello ');
    stream.write(Buffer.from('world'));
    expect(() => mfs.open('/out.bin', 'rb')).toThrow(BlockingIOError);
    stream.end(new Uint8Array([33]));
    await finished(stream);
    expect(stream.bytesWritten).toBe(12);
    expect(mfs.readFile('/out.bin', 'utf8')).toBe('hello world!');
    expect(isLocked(mfs, '/out.bin')).toBe(false);
  });

  test("modes: 'wb' truncates at open, 'ab' appends, 'xb' needs a new file", async () => {
    const mfs = fs();
    mfs.writeFile('/f', 'original');
    const truncating = mfs.createWriteStream('/f', { mode: 'wb' });
    await once(truncating, 'ready');
    expect(mfs.getSize('/f')).toBe(0);
    truncating.end('one');
    await finished(truncating);
    const appending = mfs.createWriteStream('/f', { mode: 'a' });
    appending.end('+two');
    await finished(appending);
    expect(mfs.readFile('/f', 'utf8')).toBe('one+two');
    const exclusive = mfs.createWriteStream('/f', { mode: 'xb' });
    expect(await errorOf(exclusive)).toBeInstanceOf(FileExistsError);
    expect(mfs.readFile('/f', 'utf8')).toBe('one+two');
    const fresh = mfs.createWriteStream('/g', { mode: 'wx' });
    fresh.end('new');
    await finished(fresh);
    expect(mfs.readFile('/g', 'utf8')).toBe('new');
  });

  test('destroyed before it starts, it creates nothing', async () => {
    const mfs = fs();
    const stream = mfs.createWriteStream('/never');
    stream.write('data');
    stream.destroy();
    await new Promise((resolve) => stream.on('close', resolve));
    expect(mfs.exists('/never')).toBe(false);
  });

  test('an empty stream still creates (or truncates) the file', async () => {
    const mfs = fs();
    const stream = mfs.createWriteStream('/empty');
    stream.end();
    await finished(stream);
    expect(mfs.getSize('/empty')).toBe(0);
  });

  test('bad options and paths throw at once', () => {
    const mfs = fs();
    const bad: [unknown, unknown, new (...args: never[]) => Error][] = [
      ['/f', { mode: 'rb' }, InvalidArgumentError],
      ['/f', { mode: 'r+b' }, InvalidArgumentError],
      ['/f', { mode: 'nope' }, InvalidArgumentError],
      ['/f', { mode: 1 }, TypeError],
      ['/f', { highWaterMark: -5 }, InvalidArgumentError],
      ['/f', { lockTimeout: '10' }, TypeError],
      ['/f', { signal: 'stop' }, TypeError],
      ['/f', 7, TypeError],
      [null, undefined, TypeError],
      ['/a/../../f', undefined, InvalidArgumentError],
    ];
    for (const [path, options, kind] of bad) {
      expect(() => mfs.createWriteStream(path as string, options as never), JSON.stringify(options)).toThrow(
        kind,
      );
    }
    expect(mfs.listdir('/')).toEqual([]);
  });

  test('a missing parent is an error event', async () => {
    const mfs = fs();
    expect(await errorOf(mfs.createWriteStream('/no/such/dir/f'))).toBeInstanceOf(FileNotFoundError);
  });

  test('backpressure: write() says stop at highWaterMark, and drain follows', async () => {
    const mfs = fs();
    mfs.writeFile('/f', '');
    const holder = mfs.open('/f', 'rb');
    const stream = mfs.createWriteStream('/f', { highWaterMark: 10 });
    // The stream is waiting for its lock, so everything is buffered.
    expect(stream.write(Buffer.alloc(6, 1))).toBe(true);
    expect(stream.write(Buffer.alloc(6, 2))).toBe(false);
    expect(stream.writableLength).toBe(12);
    const drained = once(stream, 'drain');
    holder.close();
    await drained;
    expect(stream.writableLength).toBe(0);
    stream.end();
    await finished(stream);
    expect(mfs.readFile('/f')).toEqual(Buffer.concat([Buffer.alloc(6, 1), Buffer.alloc(6, 2)]));
  });

  test('chunks buffered while waiting are stored as one chunk', async () => {
    const mfs = fs({ chunkOverheadOverride: 100 });
    mfs.writeFile('/f', '');
    const holder = mfs.open('/f', 'rb');
    const stream = mfs.createWriteStream('/f', { mode: 'ab' });
    for (let i = 0; i < 10; i++) stream.write(`${i}`);
    holder.close();
    stream.end();
    await finished(stream);
    expect(mfs.readFile('/f', 'utf8')).toBe('0123456789');
    expect(mfs.stats()).toMatchObject({ chunkCount: 1, usedBytes: 110 });
    expect(stream.bytesWritten).toBe(10);
  });

  test('many small writes in a row are batched into a few stored chunks', async () => {
    const mfs = fs({ chunkOverheadOverride: 256 });
    const stream = mfs.createWriteStream('/lines.txt');
    await once(stream, 'ready');
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`);
    for (const line of lines) stream.write(line);
    stream.end();
    await finished(stream);
    expect(mfs.readFile('/lines.txt', 'utf8')).toBe(lines.join(''));
    // At most the first write goes through alone; the rest queue behind it and are stored together.
    const { chunkCount, usedBytes } = mfs.stats();
    expect(chunkCount).toBeLessThanOrEqual(2);
    expect(usedBytes).toBe(lines.join('').length + chunkCount * 256);
  });

  test('coalescing stops at 1 MiB per stored chunk', async () => {
    const mfs = fs();
    const stream = mfs.createWriteStream('/f');
    stream.cork();
    const parts = [600, 600, 100, 100, 2000].map((kib, i) => Buffer.alloc(kib * 1024, i));
    for (const part of parts) stream.write(part);
    stream.uncork();
    stream.end();
    await finished(stream);
    expect(mfs.readFile('/f').equals(Buffer.concat(parts))).toBe(true);
    // [600], [600 + 100 + 100], [2000]
    expect(mfs.stats().chunkCount).toBe(3);
  });

  test('a quota refusal destroys the stream; the refused chunk is not written, earlier ones stay', async () => {
    const mfs = fs({ maxQuota: 1000, chunkOverheadOverride: 0 });
    const stream = mfs.createWriteStream('/f');
    await once(stream, 'ready');
    stream.write(Buffer.alloc(400, 1));
    stream.write(Buffer.alloc(400, 2));
    stream.write(Buffer.alloc(400, 3));
    const error = await errorOf(stream);
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(error).toMatchObject({ requested: 400, available: 200 });
    expect(stream.destroyed).toBe(true);
    expect(stream.bytesWritten).toBe(800);
    expect(mfs.readFile('/f')).toEqual(Buffer.concat([Buffer.alloc(400, 1), Buffer.alloc(400, 2)]));
    mfs.remove('/f');
    expectConsistentStats(mfs);
  });

  test('a refusal inside a buffered batch keeps exactly the chunks before it', async () => {
    const mfs = fs({ maxQuota: 1000, chunkOverheadOverride: 0 });
    mfs.writeFile('/f', '');
    const holder = mfs.open('/f', 'rb');
    const stream = mfs.createWriteStream('/f');
    for (let i = 1; i <= 4; i++) stream.write(Buffer.alloc(300, i));
    holder.close();
    const error = await errorOf(stream);
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(mfs.readFile('/f')).toEqual(Buffer.concat([1, 2, 3].map((i) => Buffer.alloc(300, i))));
    expect(stream.bytesWritten).toBe(900);
    expect(isLocked(mfs, '/f')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('destroying it mid-way keeps what was written and releases the lock', async () => {
    const mfs = fs();
    const stream = mfs.createWriteStream('/f');
    await once(stream, 'ready');
    stream.write('kept');
    await turn();
    stream.destroy();
    await once(stream, 'close');
    expect(isLocked(mfs, '/f')).toBe(false);
    expect(mfs.readFile('/f', 'utf8')).toBe('kept');
  });

  test('a wait that times out is an EAGAIN error event and leaves the file as it was', async () => {
    const mfs = fs();
    mfs.writeFile('/f', 'precious');
    using _reader = mfs.open('/f', 'rb');
    const stream = mfs.createWriteStream('/f', { lockTimeout: 5 });
    stream.write('lost');
    expect(await errorOf(stream)).toMatchObject({ code: 'EAGAIN' });
    _reader.close();
    expect(mfs.readFile('/f', 'utf8')).toBe('precious');
    expect(isLocked(mfs, '/f')).toBe(false);
  });

  test('destroying it while it waits cancels the wait and leaves the file as it was', async () => {
    const mfs = fs({ defaultLockTimeout: null });
    mfs.writeFile('/f', 'precious');
    const reader = mfs.open('/f', 'rb');
    const controller = new AbortController();
    const stream = mfs.createWriteStream('/f', { signal: controller.signal });
    stream.write('never');
    await turn();
    expect(waitersOn(mfs, '/f')).toBe(1);
    controller.abort();
    expect(await errorOf(stream)).toMatchObject({ name: 'AbortError' });
    expect(waitersOn(mfs, '/f')).toBe(0);
    reader.close();
    expect(mfs.readFile('/f', 'utf8')).toBe('precious');
    expect(isLocked(mfs, '/f')).toBe(false);
  });
});

describe('stream.pipeline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dmemfs-streams-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('from one mfs file to another', async () => {
    const mfs = fs();
    const data = randomBytes(1024 * 1024 + 17);
    mfs.writeFile('/a.bin', data);
    await pipeline(mfs.createReadStream('/a.bin'), mfs.createWriteStream('/b.bin'));
    expect(mfs.readFile('/b.bin').equals(data)).toBe(true);
    expect(isLocked(mfs, '/a.bin') || isLocked(mfs, '/b.bin')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('onto the same file of another filesystem through gzip and back', async () => {
    const mfs = fs();
    const text = 'line of text\n'.repeat(10_000);
    mfs.writeFile('/plain.txt', text);
    await pipeline(mfs.createReadStream('/plain.txt'), createGzip(), mfs.createWriteStream('/plain.txt.gz'));
    expect(mfs.getSize('/plain.txt.gz')).toBeLessThan(text.length / 10);
    await pipeline(
      mfs.createReadStream('/plain.txt.gz'),
      createGunzip(),
      mfs.createWriteStream('/round.txt'),
    );
    expect(mfs.readFile('/round.txt', 'utf8')).toBe(text);
  });

  test('from a real file into the mfs, and back out', async () => {
    const mfs = fs();
    const data = randomBytes(300_000);
    const source = join(dir, 'source.bin');
    await writeHostFile(source, data);
    await pipeline(createHostReadStream(source), mfs.createWriteStream('/in.bin'));
    expect(mfs.readFile('/in.bin').equals(data)).toBe(true);
    const target = join(dir, 'target.bin');
    await pipeline(
      mfs.createReadStream('/in.bin', { start: 1000, end: 1999 }),
      createHostWriteStream(target),
    );
    expect((await readHostFile(target)).equals(data.subarray(1000, 2000))).toBe(true);
  });

  test('into a filesystem that fills up: the pipeline fails with ENOSPC and nothing stays locked', async () => {
    const mfs = fs({ maxQuota: 100_000, chunkOverheadOverride: 0 });
    const source = new PassThrough();
    const done = pipeline(source, mfs.createWriteStream('/full.bin'));
    for (let i = 0; i < 20; i++) source.write(Buffer.alloc(10_000, i));
    source.end();
    await expect(done).rejects.toBeInstanceOf(MFSQuotaExceededError);
    const stored = mfs.readFile('/full.bin');
    expect(stored.length % 10_000).toBe(0);
    expect(stored.length).toBeLessThanOrEqual(100_000);
    for (let offset = 0; offset < stored.length; offset += 10_000) {
      expect(stored[offset]).toBe(offset / 10_000);
    }
    expect(isLocked(mfs, '/full.bin')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('a failing destination destroys the mfs source and frees its lock', async () => {
    const mfs = fs();
    mfs.writeFile('/src', Buffer.alloc(500_000));
    const source = mfs.createReadStream('/src', { highWaterMark: 1000 });
    let written = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        callback(written > 5000 ? new Error('disk gone') : null);
      },
    });
    await expect(pipeline(source, sink)).rejects.toThrow('disk gone');
    expect(isLocked(mfs, '/src')).toBe(false);
    mfs.remove('/src');
  });

  test('Readable.from into a write stream', async () => {
    const mfs = fs();
    await pipeline(Readable.from(['a', 'b', 'c'].map((s) => Buffer.from(s))), mfs.createWriteStream('/abc'));
    expect(mfs.readFile('/abc', 'utf8')).toBe('abc');
  });
});
