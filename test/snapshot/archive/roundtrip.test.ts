import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type ArchiveAdapter,
  type ArchiveSourceEntry,
  TarAdapter,
  ZipAdapter,
} from '../../../src/snapshot/archive/index.js';
import { readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { chunked, MemorySink, readAll, stalledAfter, writeToBuffer } from './helpers.js';
import { MiB } from './hostile.js';

const FORMATS: ReadonlyArray<[format: string, adapter: ArchiveAdapter, mtimeResolution: number]> = [
  ['zip', new ZipAdapter(), 1000],
  ['tar', new TarAdapter(), 1000],
  ['tar.gz', new TarAdapter(), 1000],
];

const T0 = Date.UTC(2024, 4, 6, 7, 8, 9, 500);

function sample(): ArchiveSourceEntry[] {
  return [
    { path: 'docs', type: 'directory', mtime: T0 },
    { path: 'docs/readme.txt', type: 'file', data: Buffer.from('hello, archive\n'), mtime: T0 + 2000 },
    { path: 'docs/empty.txt', type: 'file', mtime: T0 + 4000 },
    { path: 'empty-dir', type: 'directory', mtime: T0 + 6000 },
    { path: 'deep/a/b/c/d.bin', type: 'file', data: Uint8Array.of(0, 1, 2, 255), mtime: T0 },
    { path: 'ünïcödé/日本語 ファイル.txt', type: 'file', data: Buffer.from('ユニコード'), mtime: T0 },
    {
      path: `${'long-name-'.repeat(12)}/${'x'.repeat(120)}.txt`,
      type: 'file',
      data: Buffer.from('long'),
      mtime: T0,
    },
  ];
}

describe.each(FORMATS)('%s round trip', (format, adapter, resolution) => {
  it('keeps names, types, bytes and mtimes, empty directories and empty files included', async () => {
    const source = sample();
    const archive = await writeToBuffer(adapter, source, format);
    expect(adapter.detect(archive.subarray(0, 512))).toBe(format);
    const read = await readAll(adapter.read(chunked(archive, 1000), format));
    expect(read.map((e) => e.name.replace(/\/$/, ''))).toEqual(source.map((e) => e.path));
    for (const [i, entry] of read.entries()) {
      const expected = source[i];
      expect(entry.type).toBe(expected.type);
      expect(entry.data).toEqual(Buffer.from(expected.data ?? new Uint8Array(0)));
      if (expected.type === 'file') expect(entry.declaredSize).toBe(expected.data?.length ?? 0);
      // Whole seconds survive (zip: the extended timestamp; tar: the header), the fraction does not.
      expect(entry.mtime).toBe(Math.floor(expected.mtime / resolution) * resolution);
      expect(entry.linkName).toBeUndefined();
    }
  });

  it('streams a 5 MiB file through in many chunks', async () => {
    const data = randomBytes(5 * MiB);
    const archive = await writeToBuffer(
      adapter,
      [{ path: 'big.bin', type: 'file', data, mtime: T0 }],
      format,
    );
    let chunks = 0;
    let largest = 0;
    const parts: Uint8Array[] = [];
    for await (const entry of adapter.read(chunked(archive), format)) {
      for await (const chunk of entry.content()) {
        chunks += 1;
        largest = Math.max(largest, chunk.byteLength);
        parts.push(chunk);
      }
    }
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(chunks).toBeGreaterThan(10);
    expect(largest).toBeLessThanOrEqual(MiB);
  });

  it('writes and reads many entries, from a lazy async source', async () => {
    async function* many(): AsyncGenerator<ArchiveSourceEntry> {
      for (let i = 0; i < 500; i++) {
        yield { path: `d${i % 10}/f${i}.txt`, type: 'file', data: Buffer.from(`file ${i}`), mtime: T0 };
      }
    }
    const archive = await writeToBuffer(adapter, many(), format);
    const read = await readAll(readArchive(archive));
    expect(read).toHaveLength(500);
    expect(read[499]).toMatchObject({ name: 'd9/f499.txt', type: 'file' });
    expect(read[499].data.toString()).toBe('file 499');
  });

  it('writes an archive with no entries that reads back empty', async () => {
    const archive = await writeToBuffer(adapter, [], format);
    expect(await readAll(readArchive(archive))).toEqual([]);
  });

  it('pulls the next member only once the destination has taken in the previous ones', async () => {
    const data = randomBytes(MiB);
    let pulled = 0;
    let written = 0;
    let maxAhead = 0;
    const sink = new MemorySink(1024);
    const keep = sink._write.bind(sink);
    sink._write = (chunk, encoding, callback) => {
      written += chunk.length;
      // Members pulled beyond those whose bytes (incompressible, so about their size) already arrived.
      maxAhead = Math.max(maxAhead, pulled - Math.floor(written / data.length));
      setImmediate(() => keep(chunk, encoding, callback));
    };
    function* entries(): Generator<ArchiveSourceEntry> {
      for (let i = 0; i < 6; i++) {
        pulled += 1;
        yield { path: `f${i}.bin`, type: 'file', data, mtime: T0 };
      }
    }
    await adapter.write(entries(), sink, format);
    expect(pulled).toBe(6);
    // The member being written, plus at most one queued behind it.
    expect(maxAhead).toBeLessThanOrEqual(2);
    const names = (await readAll(readArchive(sink.bytes))).map((e) => e.name);
    expect(names).toEqual(['f0.bin', 'f1.bin', 'f2.bin', 'f3.bin', 'f4.bin', 'f5.bin']);
  });
});

describe('writing refuses bad source entries', () => {
  const adapters: ReadonlyArray<[string, ArchiveAdapter]> = [
    ['zip', new ZipAdapter()],
    ['tar', new TarAdapter()],
    ['tar.gz', new TarAdapter()],
  ];

  it.each(adapters)(
    '%s: unsafe, non-canonical and duplicate paths, bad types and data',
    async (format, adapter) => {
      const cases: Array<[ArchiveSourceEntry[], string]> = [
        [[{ path: '../x', type: 'file', mtime: T0 }], '".."'],
        [[{ path: '/abs', type: 'file', mtime: T0 }], 'absolute'],
        [[{ path: './a', type: 'file', mtime: T0 }], 'canonical'],
        [[{ path: 'dir/', type: 'directory', mtime: T0 }], 'canonical'],
        [
          [
            { path: 'a', type: 'file', mtime: T0 },
            { path: 'a', type: 'directory', mtime: T0 },
          ],
          'more than once',
        ],
        [[{ path: 'l', type: 'symlink' as 'file', mtime: T0 }], "only 'file' and 'directory'"],
        [[{ path: 'd', type: 'directory', data: Buffer.from('x'), mtime: T0 }], 'directory but has data'],
      ];
      for (const [entries, message] of cases) {
        const sink = new MemorySink();
        const error = await adapter.write(entries, sink, format).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error, message).toMatchObject({ code: 'EINVAL' });
        expect((error as Error).message).toContain(message);
        expect(sink.destroyed).toBe(true);
      }
    },
  );

  it.each(adapters)('%s: wrong value types throw TypeError', async (format, adapter) => {
    await expect(
      adapter.write(
        [{ path: 'a', type: 'file', data: 'text' as unknown as Uint8Array, mtime: T0 }],
        new MemorySink(),
        format,
      ),
    ).rejects.toThrow(TypeError);
    await expect(
      adapter.write([{ path: 'a', type: 'file', mtime: Number.NaN }], new MemorySink(), format),
    ).rejects.toThrow(TypeError);
  });

  it.each(adapters)(
    '%s: an error from the source of entries is passed on and the destination destroyed',
    async (format, adapter) => {
      const failure = new Error('source of entries failed');
      async function* failing(): AsyncGenerator<ArchiveSourceEntry> {
        yield { path: 'a.txt', type: 'file', data: Buffer.from('a'), mtime: T0 };
        throw failure;
      }
      const sink = new MemorySink();
      await expect(adapter.write(failing(), sink, format)).rejects.toBe(failure);
      expect(sink.destroyed).toBe(true);
    },
  );

  it.each(adapters)('%s: a failing destination rejects the write', async (format, adapter) => {
    const broken = new MemorySink();
    broken._write = (_chunk, _encoding, callback) => callback(new Error('disk on fire'));
    const entries = [{ path: 'a.txt', type: 'file' as const, data: randomBytes(100_000), mtime: T0 }];
    await expect(adapter.write(entries, broken, format)).rejects.toThrow('disk on fire');
  });

  it.each(adapters)(
    '%s: a destination failing while members are still coming rejects the write',
    async (format, adapter) => {
      const broken = new MemorySink();
      broken._write = (_chunk, _encoding, callback) => callback(new Error('disk on fire'));
      async function* slow(): AsyncGenerator<ArchiveSourceEntry> {
        for (let i = 0; i < 5; i++) {
          await new Promise((resolve) => setImmediate(resolve));
          yield { path: `d${i}`, type: 'directory', mtime: T0 };
        }
      }
      await expect(adapter.write(slow(), broken, format)).rejects.toThrow('disk on fire');
    },
  );

  it.each(adapters)(
    '%s: a failing destination is reported even while the members stall',
    async (format, adapter) => {
      const broken = new MemorySink();
      broken._write = (_chunk, _encoding, callback) => callback(new Error('disk on fire'));
      const stalled = stalledAfter<ArchiveSourceEntry>({
        path: 'a.txt',
        type: 'file',
        data: Buffer.from('a'),
        mtime: T0,
      });
      await expect(adapter.write(stalled, broken, format)).rejects.toThrow('disk on fire');
    },
  );

  it('refuses a format the adapter does not handle', async () => {
    await expect(new ZipAdapter().write([], new MemorySink(), 'tar')).rejects.toMatchObject({
      code: 'EINVAL',
    });
    expect(() => new TarAdapter().read(chunked(Buffer.alloc(0)), 'zip')).toThrow(
      /Unsupported archive format "zip"/,
    );
  });
});
