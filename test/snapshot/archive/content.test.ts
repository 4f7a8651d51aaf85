/**
 * The iteration contract shared by all formats: content once and only while current, early stops
 * in the content and in the entry loop, and release of the source.
 */

import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { UnsupportedOperationError } from '../../../src/fs/errors.js';
import {
  type ArchiveAdapter,
  type ArchiveEntry,
  type ArchiveSourceEntry,
  TarAdapter,
  ZipAdapter,
} from '../../../src/snapshot/archive/index.js';
import { readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { chunked, readAll, stalledAfter, writeToBuffer } from './helpers.js';
import { MiB } from './hostile.js';

const FORMATS: ReadonlyArray<[string, ArchiveAdapter]> = [
  ['zip', new ZipAdapter()],
  ['tar', new TarAdapter()],
  ['tar.gz', new TarAdapter()],
];

const big = randomBytes(3 * MiB);
const members: ArchiveSourceEntry[] = [
  { path: 'one.bin', type: 'file', data: big, mtime: 0 },
  { path: 'two.txt', type: 'file', data: Buffer.from('second'), mtime: 0 },
  { path: 'three.bin', type: 'file', data: big, mtime: 0 },
  { path: 'four.txt', type: 'file', data: Buffer.from('fourth'), mtime: 0 },
];

describe.each(FORMATS)('%s: content contract', (format, adapter) => {
  let archive: Buffer;
  beforeAll(async () => {
    archive = await writeToBuffer(adapter, members, format);
  });

  it('stops a content iteration early and goes on with the next entry', async () => {
    const seen: Array<[string, number]> = [];
    for await (const entry of adapter.read(chunked(archive), format)) {
      let bytes = 0;
      for await (const chunk of entry.content()) {
        bytes += chunk.byteLength;
        if (bytes >= 100_000) break;
      }
      seen.push([entry.name, bytes]);
    }
    expect(seen.map(([name]) => name)).toEqual(['one.bin', 'two.txt', 'three.bin', 'four.txt']);
    expect(seen[0][1]).toBeLessThan(big.length);
    expect(seen[1][1]).toBe(6);
    expect(seen[3][1]).toBe(6);
  });

  it('skips entries whose content is never asked for', async () => {
    const read: Record<string, string> = {};
    for await (const entry of adapter.read(chunked(archive), format)) {
      if (!entry.name.endsWith('.txt')) continue;
      const parts: Uint8Array[] = [];
      for await (const chunk of entry.content()) parts.push(chunk);
      read[entry.name] = Buffer.concat(parts).toString();
    }
    expect(read).toEqual({ 'two.txt': 'second', 'four.txt': 'fourth' });
  });

  it('allows content() once', async () => {
    for await (const entry of adapter.read(chunked(archive), format)) {
      entry.content();
      expect(() => entry.content()).toThrow(UnsupportedOperationError);
      expect(() => entry.content()).toThrow(/already read/);
      break;
    }
  });

  it('refuses content once the reader has moved on', async () => {
    const kept: ArchiveEntry[] = [];
    let firstContent: AsyncIterator<Uint8Array> | undefined;
    for await (const entry of adapter.read(chunked(archive), format)) {
      if (kept.length === 0) {
        firstContent = entry.content()[Symbol.asyncIterator]();
        await firstContent.next();
      }
      kept.push(entry);
    }
    expect(() => kept[1].content()).toThrow(/moved on to the next entry/);
    await expect(firstContent?.next()).rejects.toMatchObject({ code: 'EBADF' });
  });

  it('releases the source when the entry loop is left early', async () => {
    const source = { pulled: 0, released: false };
    for await (const entry of adapter.read(chunked(archive, 32 * 1024, source), format)) {
      for await (const _chunk of entry.content()) break;
      break;
    }
    // A read already pending on the source completes first; the release follows it.
    await vi.waitFor(() => expect(source.released).toBe(true));
  });

  it('releases the source when the consumer throws inside the loop', async () => {
    const source = { pulled: 0, released: false };
    const failure = new Error('consumer gave up');
    const consume = async () => {
      for await (const entry of adapter.read(chunked(archive, 32 * 1024, source), format)) {
        for await (const _chunk of entry.content()) throw failure;
      }
    };
    await expect(consume()).rejects.toBe(failure);
    // A read already pending on the source completes first; the release follows it.
    await vi.waitFor(() => expect(source.released).toBe(true));
  });

  it('destroys a stream source left early', async () => {
    const stream = Readable.from(chunked(archive, 16 * 1024), { objectMode: false });
    for await (const _entry of readArchive(stream)) break;
    // A read already pending on the source completes first; the release follows it.
    await vi.waitFor(() => expect(stream.destroyed).toBe(true));
  });

  it('reads from a Node stream, a Uint8Array and a one-byte-at-a-time source alike', async () => {
    const small = await writeToBuffer(adapter, members.slice(1, 2), format);
    const expected = [{ name: 'two.txt', text: 'second' }];
    const simplify = async (entries: AsyncIterable<ArchiveEntry>) =>
      (await readAll(entries)).map((e) => ({ name: e.name, text: e.data.toString() }));
    expect(await simplify(readArchive(Readable.from([small])))).toEqual(expected);
    expect(await simplify(readArchive(new Uint8Array(small)))).toEqual(expected);
    expect(await simplify(readArchive(chunked(small, 1)))).toEqual(expected);
  });
});

describe.each(['tar', 'tar.gz'])('%s: a stalled source', (format) => {
  it('does not hold up a consumer that leaves the loop', async () => {
    const adapter = new TarAdapter();
    const archive = await writeToBuffer(adapter, members, format);
    // Hands out the first part of the archive, then never answers again (a dead connection).
    const stalled = stalledAfter(archive.subarray(0, archive.length >> 1));
    let names = 0;
    for await (const entry of adapter.read(stalled, format)) {
      names += 1;
      expect(entry.name).toBe('one.bin');
      break;
    }
    // Reaching this line is the point: leaving did not wait for the stalled read.
    expect(names).toBe(1);
  });
});
