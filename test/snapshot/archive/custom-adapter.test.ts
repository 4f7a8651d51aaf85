/**
 * A custom format (see `lines-adapter.ts`) plugged in through the ArchiveAdapter interface, next to
 * the built-in ones, at the format layer.
 */

import { describe, expect, it } from 'vitest';
import { detectFormat, selectAdapter } from '../../../src/snapshot/archive/detect.js';
import { entryPathOf } from '../../../src/snapshot/archive/entry-name.js';
import { defaultArchiveAdapters, readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { chunked, MemorySink, readAll } from './helpers.js';
import { buildTar } from './hostile.js';
import { LinesAdapter, MAGIC } from './lines-adapter.js';

describe('a custom adapter', () => {
  const lines = new LinesAdapter();
  const all = [lines, ...defaultArchiveAdapters()];
  const archive = Buffer.from(
    `${MAGIC}d\tdocs\nf\tdocs/a.txt\t${Buffer.from('hello').toString('base64')}\nf\t../escape\t\n`,
  );

  it('is found by detectFormat and selectAdapter next to the built-in ones', () => {
    expect(detectFormat(archive.subarray(0, 512), all)).toEqual({ format: 'lines', adapter: lines });
    expect(selectAdapter('lines', all).adapter).toBe(lines);
    // The built-in formats are still found behind it.
    expect(detectFormat(buildTar([{ name: 'x' }]).subarray(0, 512), all).format).toBe('tar');
    expect(() => detectFormat(archive.subarray(0, 512), defaultArchiveAdapters())).toThrow(/Unrecognized/);
  });

  it('reads through readArchive, and its names are judged by the same rules', async () => {
    const entries = await readAll(readArchive(chunked(archive, 5), { adapters: all }));
    expect(entries.map((e) => [e.name, e.type, e.data.toString()])).toEqual([
      ['docs', 'directory', ''],
      ['docs/a.txt', 'file', 'hello'],
      ['../escape', 'file', ''],
    ]);
    expect(() => entryPathOf(entries[2].name)).toThrow(/".." segment/);
  });

  it('writes an archive that reads back', async () => {
    const sink = new MemorySink();
    await selectAdapter('lines', all).adapter.write(
      [
        { path: 'x', type: 'directory', mtime: 0 },
        { path: 'x/y.bin', type: 'file', data: Uint8Array.of(1, 2, 3), mtime: 0 },
      ],
      sink,
      'lines',
    );
    const entries = await readAll(readArchive(sink.bytes, { adapters: all }));
    expect(entries.map((e) => [e.name, [...e.data]])).toEqual([
      ['x', []],
      ['x/y.bin', [1, 2, 3]],
    ]);
  });
});
