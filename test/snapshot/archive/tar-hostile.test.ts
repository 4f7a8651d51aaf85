import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/fs/errors.js';
import { entryPathOf } from '../../../src/snapshot/archive/entry-name.js';
import { TarAdapter } from '../../../src/snapshot/archive/index.js';
import { readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { chunked, expectEinval, listNames, readAll } from './helpers.js';
import { buildTar, garbage, gzip, tarHeader, tarNamed, UNSAFE_NAMES } from './hostile.js';

const tar = new TarAdapter();
const read = (bytes: Uint8Array, format = 'tar') => tar.read(chunked(bytes, 100), format);

describe.each(['tar', 'tar.gz'])('%s: unsafe names', (format) => {
  const pack = (bytes: Uint8Array) => (format === 'tar.gz' ? gzip(bytes) : bytes);

  it.each(UNSAFE_NAMES.filter(([name]) => name !== ''))(
    'passes %j through unchanged for entryPathOf to refuse (%s)',
    async (name, reason) => {
      const [entry] = await readAll(read(pack(tarNamed(name)), format));
      expect(entry.name).toBe(name);
      expect(() => entryPathOf(entry.name)).toThrow(InvalidArgumentError);
      expect(() => entryPathOf(entry.name)).toThrow(reason);
    },
  );

  it('yields duplicate names as they come', async () => {
    const archive = buildTar([
      { name: 'same.txt', data: Buffer.from('first') },
      { name: 'same.txt', data: Buffer.from('second') },
    ]);
    const entries = await readAll(read(pack(archive), format));
    expect(entries.map((e) => [e.name, e.data.toString()])).toEqual([
      ['same.txt', 'first'],
      ['same.txt', 'second'],
    ]);
  });
});

describe('tar: entry types and dialects', () => {
  it('reports links and devices with their type and link target', async () => {
    const archive = buildTar([
      { name: 'sym', typeflag: '2', linkname: '/etc/passwd' },
      { name: 'hard', typeflag: '1', linkname: 'target.txt' },
      { name: 'tty', typeflag: '3' },
      { name: 'disk', typeflag: '4' },
      { name: 'pipe', typeflag: '6' },
      { name: 'contiguous', typeflag: '7', data: Buffer.from('c') },
      { name: 'weird', typeflag: 'Z', data: Buffer.from('zz') },
      { name: 'dir/', typeflag: '5' },
      { name: 'file.txt', data: Buffer.from('f') },
    ]);
    const entries = await readAll(read(archive));
    expect(entries.map((e) => [e.name, e.type, e.nativeType, e.linkName])).toEqual([
      ['sym', 'symlink', 'symlink', '/etc/passwd'],
      ['hard', 'hardlink', 'link', 'target.txt'],
      ['tty', 'device', 'character-device', undefined],
      ['disk', 'device', 'block-device', undefined],
      ['pipe', 'device', 'fifo', undefined],
      ['contiguous', 'file', 'contiguous-file', undefined],
      ['weird', 'other', 'unknown', undefined],
      ['dir/', 'directory', 'directory', undefined],
      ['file.txt', 'file', 'file', undefined],
    ]);
    expect(entries[6].data.toString()).toBe('zz');
  });

  it('lets a caller skip unsupported entries, data and all, without reading them', async () => {
    const archive = buildTar([
      { name: 'odd', typeflag: 'Z', data: Buffer.alloc(5000, 1) },
      { name: 'sym', typeflag: '2', linkname: 'x' },
      { name: 'real.txt', data: Buffer.from('kept') },
    ]);
    const kept: string[] = [];
    for await (const entry of read(archive)) {
      if (entry.type !== 'file') continue;
      for await (const chunk of entry.content()) kept.push(Buffer.from(chunk).toString());
    }
    expect(kept).toEqual(['kept']);
  });

  it('reads GNU and old v7 headers, and a name made long or non-ASCII by a PAX header', async () => {
    const long = `${'deep/'.repeat(40)}file.txt`;
    const archive = buildTar([
      { name: 'gnu.txt', dialect: 'gnu', data: Buffer.from('g') },
      { name: 'v7.txt', dialect: 'v7', data: Buffer.from('7') },
      { name: 'x', pax: { path: long }, data: Buffer.from('l') },
      { name: 'y', pax: { path: 'ünï.txt', mtime: '1700000000.25' }, data: Buffer.from('u') },
    ]);
    const entries = await readAll(read(archive));
    expect(entries.map((e) => [e.name, e.data.toString()])).toEqual([
      ['gnu.txt', 'g'],
      ['v7.txt', '7'],
      [long, 'l'],
      ['ünï.txt', 'u'],
    ]);
    expect(entries[0].mtime).toBe(Date.UTC(2020, 0, 2, 3, 4, 5));
    expect(entries[3].mtime).toBe(1_700_000_000_250);
  });

  it('reads a directory header that claims a size as having no data, as POSIX says', async () => {
    const archive = buildTar([
      { name: 'd/', typeflag: '5', size: 512 },
      { name: 'next.txt', data: Buffer.from('x') },
    ]);
    const entries = await readAll(read(archive));
    expect(entries.map((e) => [e.name, e.type, e.declaredSize, e.data.length])).toEqual([
      ['d/', 'directory', 512, 0],
      ['next.txt', 'file', 1, 1],
    ]);
  });

  it('detects a v7 tar by its checksum', async () => {
    const archive = buildTar([{ name: 'v7.txt', dialect: 'v7', data: Buffer.from('7') }]);
    expect(tar.detect(archive.subarray(0, 512))).toBe('tar');
    expect(await listNames(readArchive(archive))).toEqual(['v7.txt']);
  });
});

describe.each(['tar', 'tar.gz'])('%s: corrupt and lying archives', (format) => {
  const pack = (bytes: Uint8Array) => (format === 'tar.gz' ? gzip(bytes) : bytes);

  it('refuses a header whose size runs past the end of the data (truncated)', async () => {
    const archive = buildTar(
      [
        { name: 'ok.txt', data: Buffer.from('fine') },
        { name: 'truncated.bin', size: 10_000, data: Buffer.alloc(700, 7) },
      ],
      { end: false },
    );
    // Read: the content fails.
    await expectEinval(
      readAll(read(pack(archive), format)),
      `Corrupt ${format} archive`,
      '"truncated.bin"',
      'Unexpected end of data',
    );
    // Skipped: moving on fails, naming the entry that was being skipped.
    const skipping = (async () => {
      for await (const _entry of read(pack(archive), format)) {
        // content left unread
      }
    })();
    await expectEinval(skipping, '"truncated.bin"', 'Unexpected end of data');
  });

  it('refuses a header with a wrong checksum, saying where', async () => {
    const first = buildTar([{ name: 'bad.txt', badChecksum: true, data: Buffer.from('x') }]);
    await expectEinval(listNames(read(pack(first), format)), 'at the first entry', 'Invalid tar header');
    const later = buildTar([
      { name: 'good.txt', data: Buffer.from('x') },
      { name: 'bad.txt', badChecksum: true },
    ]);
    await expectEinval(listNames(read(pack(later), format)), 'after entry "good.txt"', 'Invalid tar header');
  });

  it('refuses a header whose size is smaller than its data (the rest is not a header)', async () => {
    const archive = Buffer.concat([
      tarHeader({ name: 'liar.txt', size: 10 }),
      Buffer.alloc(1024, 0x41),
      Buffer.alloc(1024),
    ]);
    const entries: string[] = [];
    const consume = (async () => {
      for await (const entry of read(pack(archive), format)) {
        entries.push(entry.name);
        for await (const _ of entry.content()) {
          // drain
        }
      }
    })();
    await expectEinval(consume, 'after entry "liar.txt"', 'Invalid tar header');
    expect(entries).toEqual(['liar.txt']);
  });

  it('refuses garbage read as this format', async () => {
    await expectEinval(listNames(read(garbage(), format)), `Corrupt ${format} archive`);
  });

  it('refuses a trailing partial block', async () => {
    const archive = Buffer.concat([
      buildTar([{ name: 'a.txt', data: Buffer.from('a') }], { end: false }),
      Buffer.alloc(100),
    ]);
    await expectEinval(listNames(read(pack(archive), format)), 'Unexpected end of data');
  });
});

describe('tar.gz: corrupt compression', () => {
  const plain = buildTar([
    { name: 'first.txt', data: Buffer.from('one') },
    { name: 'second.bin', data: Buffer.alloc(200_000, 3) },
  ]);

  it('refuses a gzip stream cut short, naming the entry being read', async () => {
    const compressed = gzip(plain);
    const cut = compressed.subarray(0, compressed.length - 40);
    await expectEinval(
      readAll(read(cut, 'tar.gz')),
      'Corrupt tar.gz archive',
      'invalid gzip data',
      '"second.bin"',
    );
  });

  it('refuses corrupted compressed bytes', async () => {
    const broken = Buffer.from(gzip(plain));
    for (let i = 20; i < 40; i++) broken[i] ^= 0xff;
    await expectEinval(readAll(read(broken, 'tar.gz')), 'Corrupt tar.gz archive');
  });

  it('refuses gzip data that holds no tar', async () => {
    await expectEinval(
      listNames(readArchive(gzip(garbage()))),
      'Corrupt tar.gz archive',
      'Invalid tar header',
    );
  });
});

describe('tar: sources', () => {
  it('accepts an empty tar (only end-of-archive blocks) and an empty source', async () => {
    expect(await listNames(readArchive(Buffer.alloc(1024)))).toEqual([]);
    expect(await listNames(read(new Uint8Array(0)))).toEqual([]);
  });

  it.each(['tar', 'tar.gz'])('%s: passes an error of the source itself through unchanged', async (format) => {
    const failure = new Error('network down');
    const archive = buildTar([{ name: 'a.bin', data: Buffer.alloc(100_000, 1) }]);
    const bytes = format === 'tar.gz' ? gzip(archive) : archive;
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 2048);
      throw failure;
    }
    await expect(readAll(tar.read(failing(), format))).rejects.toBe(failure);
  });
});
