/**
 * A custom format plugged in through the ArchiveAdapter interface: a line-based archive where each
 * line is `f<TAB>name<TAB>base64` (file) or `d<TAB>name` (directory), after a `LINES 1` magic line.
 */

import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/fs/errors.js';
import {
  type ArchiveAdapter,
  type ArchiveEntry,
  type ArchiveSourceEntry,
  defaultArchiveAdapters,
  detectFormat,
  entryPathOf,
  readArchive,
  selectAdapter,
} from '../../../src/snapshot/archive/index.js';
import { chunked, MemorySink, readAll } from './helpers.js';
import { buildTar } from './hostile.js';

const MAGIC = 'LINES 1\n';

class LinesAdapter implements ArchiveAdapter {
  readonly formats = ['lines'];
  readonly headSize = MAGIC.length;

  detect(head: Uint8Array): string | undefined {
    return Buffer.from(head).toString('latin1').startsWith(MAGIC) ? 'lines' : undefined;
  }

  async *read(source: AsyncIterable<Uint8Array>): AsyncGenerator<ArchiveEntry> {
    let pending = '';
    let sawMagic = false;
    const toEntry = (line: string): ArchiveEntry => {
      const [kind, name, payload = ''] = line.split('\t');
      if (kind !== 'f' && kind !== 'd')
        throw new InvalidArgumentError(`Corrupt lines archive: bad line ${JSON.stringify(line)}`);
      const data = Buffer.from(payload, 'base64');
      return {
        name,
        type: kind === 'f' ? 'file' : 'directory',
        nativeType: kind,
        declaredSize: data.length,
        mtime: undefined,
        linkName: undefined,
        async *content() {
          yield data;
        },
      };
    };
    for await (const chunk of source) {
      pending += Buffer.from(chunk).toString('latin1');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!sawMagic) {
          sawMagic = true;
          continue;
        }
        yield toEntry(line);
      }
    }
    if (pending !== '') yield toEntry(pending);
  }

  async write(
    entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
    destination: NodeJS.WritableStream,
  ): Promise<void> {
    const put = async (text: string) => {
      if (!destination.write(text)) await once(destination as unknown as NodeJS.EventEmitter, 'drain');
    };
    await put(MAGIC);
    for await (const entry of entries) {
      const payload = entry.type === 'file' ? `\t${Buffer.from(entry.data ?? []).toString('base64')}` : '';
      await put(`${entry.type === 'file' ? 'f' : 'd'}\t${entry.path}${payload}\n`);
    }
    destination.end();
    await once(destination as unknown as NodeJS.EventEmitter, 'finish');
  }
}

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
