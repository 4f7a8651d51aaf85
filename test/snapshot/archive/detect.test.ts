import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectBytes, peekHead, toAsyncChunks } from '../../../src/snapshot/archive/chunks.js';
import { detectFormat, selectAdapter } from '../../../src/snapshot/archive/detect.js';
import { TarAdapter, ZipAdapter } from '../../../src/snapshot/archive/index.js';
import { DETECT_HEAD_BYTES } from '../../../src/snapshot/archive/magic.js';
import { defaultArchiveAdapters, readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { chunked, expectEinval, listNames, writeToBuffer } from './helpers.js';
import { buildTar, buildZip, garbage, gzip } from './hostile.js';

const adapters = defaultArchiveAdapters();
const head = (bytes: Uint8Array) => bytes.subarray(0, DETECT_HEAD_BYTES);

describe('detectFormat', () => {
  const tarBytes = buildTar([{ name: 'a.txt', data: Buffer.from('a') }]);

  it.each([
    ['a zip', () => buildZip([{ name: 'a.txt' }]), 'zip'],
    ['an empty zip (end record only)', () => buildZip([]), 'zip'],
    ['a gzip stream', () => gzip(tarBytes), 'tar.gz'],
    ['a POSIX ustar', () => tarBytes, 'tar'],
    ['a GNU tar', () => buildTar([{ name: 'g', dialect: 'gnu' }]), 'tar'],
    ['an old v7 tar', () => buildTar([{ name: 'v', dialect: 'v7' }]), 'tar'],
    ['an empty tar (zero blocks)', () => Buffer.alloc(1024), 'tar'],
  ])('recognizes %s', (_what, bytes, format) => {
    const choice = detectFormat(head(bytes()), adapters);
    expect(choice.format).toBe(format);
    expect(choice.adapter.formats).toContain(format);
  });

  it.each([
    ['garbage', garbage()],
    ['a v7-like block with a wrong checksum', buildTar([{ name: 'v', dialect: 'v7', badChecksum: true }])],
    ['an empty source', new Uint8Array(0)],
    ['a short source', Buffer.from('PK')],
    ['a partial zero block', Buffer.alloc(100)],
  ])('refuses %s, listing the formats tried', (_what, bytes) => {
    expect(() => detectFormat(head(bytes), adapters)).toThrow(
      /Unrecognized archive format.*'zip', 'tar', 'tar.gz'/,
    );
    expect(() => detectFormat(head(bytes), adapters)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
  });

  it('tries adapters in the order given', () => {
    const zipFirst = detectFormat(head(buildZip([])), [new TarAdapter(), new ZipAdapter()]);
    expect(zipFirst.format).toBe('zip');
    expect(() => detectFormat(head(buildZip([])), [new TarAdapter()])).toThrow(/'tar', 'tar.gz'\./);
    expect(() => detectFormat(head(buildZip([])), [])).toThrow(/no adapters given/);
  });
});

describe('selectAdapter and forcing a format', () => {
  it('finds the adapter for a format, or lists what is supported', () => {
    expect(selectAdapter('tar.gz', adapters).adapter).toBeInstanceOf(TarAdapter);
    expect(selectAdapter('zip', adapters).adapter).toBeInstanceOf(ZipAdapter);
    expect(() => selectAdapter('7z', adapters)).toThrow(
      /Unsupported archive format "7z"; supported: 'zip', 'tar', 'tar.gz'/,
    );
  });

  it('reads with the forced format instead of detecting it', async () => {
    const tarBytes = buildTar([{ name: 'a.txt', data: Buffer.from('a') }]);
    expect(await listNames(readArchive(tarBytes, { format: 'tar' }))).toEqual(['a.txt']);
    // Forcing the wrong format is honoured, and the archive then fails as corrupt.
    await expectEinval(listNames(readArchive(tarBytes, { format: 'zip' })), 'Corrupt zip archive');
    await expectEinval(
      listNames(readArchive(tarBytes, { format: 'rar' })),
      'Unsupported archive format "rar"',
    );
  });

  it('limits detection to one adapter with { adapter }', async () => {
    const zipBytes = await writeToBuffer(new ZipAdapter(), [{ path: 'z', type: 'file', mtime: 0 }], 'zip');
    expect(await listNames(readArchive(zipBytes, { adapter: new ZipAdapter() }))).toEqual(['z']);
    await expectEinval(listNames(readArchive(zipBytes, { adapter: new TarAdapter() })), "'tar', 'tar.gz'");
    await expectEinval(
      listNames(readArchive(zipBytes, { adapter: new ZipAdapter(), adapters: [] })),
      'either "adapter" or "adapters"',
    );
  });

  it('releases the source when the format is not recognized', async () => {
    const source = { pulled: 0, released: false };
    await expectEinval(listNames(readArchive(chunked(garbage(10_000), 100, source))), 'Unrecognized');
    expect(source.released).toBe(true);
    expect(source.pulled).toBeLessThan(10_000);
  });
});

describe('peekHead', () => {
  it.each([1, 7, 511, 512, 4096])('returns the head and replays every byte (chunks of %i)', async (size) => {
    const bytes = garbage(3000);
    const peeked = await peekHead(chunked(bytes, size), 512);
    expect(Buffer.from(peeked.head)).toEqual(bytes.subarray(0, 512));
    expect(await collectBytes(peeked.chunks, Number.POSITIVE_INFINITY, 'x')).toEqual(bytes);
  });

  it('returns what there is of a short source', async () => {
    const peeked = await peekHead(chunked(Buffer.from('tiny')), 512);
    expect(Buffer.from(peeked.head).toString()).toBe('tiny');
    expect((await collectBytes(peeked.chunks, 100, 'x')).toString()).toBe('tiny');
    expect(await peeked.chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('releases the source on return() even before the first next()', async () => {
    const source = { pulled: 0, released: false };
    const peeked = await peekHead(chunked(garbage(5000), 100, source), 512);
    expect(source.released).toBe(false);
    await peeked.chunks.return?.();
    expect(source.released).toBe(true);
    expect(await peeked.chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('passes on an error of the source and releases it', async () => {
    const failure = new Error('read failed');
    let released = false;
    const source = {
      [Symbol.asyncIterator]() {
        return {
          next: () => Promise.reject(failure),
          return: async () => {
            released = true;
            return { done: true as const, value: undefined };
          },
        };
      },
    };
    await expect(peekHead(source, 512)).rejects.toBe(failure);
    expect(released).toBe(true);
  });
});

describe('toAsyncChunks', () => {
  const drain = (source: Parameters<typeof toAsyncChunks>[0]) =>
    collectBytes(toAsyncChunks(source), Number.POSITIVE_INFINITY, 'x');

  it('accepts a Uint8Array, an async iterable and a Node stream', async () => {
    const bytes = garbage(1000);
    expect(await drain(bytes)).toEqual(bytes);
    expect(await drain(chunked(bytes, 10))).toEqual(bytes);
    expect(await drain(Readable.from([bytes.subarray(0, 500), bytes.subarray(500)]))).toEqual(bytes);
  });

  it('accepts an old-style stream that only emits events', async () => {
    class OldStream extends EventEmitter {
      readable = true;
      pause() {
        return this;
      }
      resume() {
        return this;
      }
    }
    const old = new OldStream();
    setImmediate(() => {
      old.emit('data', Buffer.from('old '));
      old.emit('data', Buffer.from('school'));
      old.emit('end');
    });
    expect((await drain(old as unknown as NodeJS.ReadableStream)).toString()).toBe('old school');
  });

  it('refuses text chunks and values that are no source', async () => {
    const text = Readable.from(['not', 'bytes']);
    await expect(drain(text)).rejects.toThrow(/yielded a string chunk/);
    expect(() => toAsyncChunks('bytes' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => toAsyncChunks(null as unknown as Uint8Array)).toThrow(/got null/);
  });

  it('collectBytes refuses more than its limit', async () => {
    await expectEinval(
      collectBytes(chunked(garbage(1000), 100), 999, 'The thing'),
      'The thing is larger than the 999-byte limit',
    );
  });
});
