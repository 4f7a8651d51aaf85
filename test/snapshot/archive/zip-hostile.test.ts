import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/fs/errors.js';
import { entryPathOf } from '../../../src/snapshot/archive/entry-name.js';
import { ZipAdapter } from '../../../src/snapshot/archive/index.js';
import { readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { chunked, expectEinval, listNames, readAll } from './helpers.js';
import { buildZip, garbage, UNSAFE_NAMES, zipNamed } from './hostile.js';

const zip = new ZipAdapter();
const read = (bytes: Uint8Array) => zip.read(chunked(bytes, 100), 'zip');

describe('zip: unsafe names', () => {
  it.each(UNSAFE_NAMES)(
    'passes %j through unchanged for entryPathOf to refuse (%s)',
    async (name, reason) => {
      const [entry] = await readAll(read(zipNamed(name)));
      // yauzl would refuse some of these with its own error; the adapter leaves judgement to us.
      expect(entry.name).toBe(name);
      expect(() => entryPathOf(entry.name)).toThrow(InvalidArgumentError);
      expect(() => entryPathOf(entry.name)).toThrow(reason);
    },
  );

  it('decodes names as CP437 unless flagged UTF-8', async () => {
    const cp437 = Uint8Array.of(0x80, 0x81, 0x2e, 0x74, 0x78, 0x74); // "Çü.txt" in CP437
    const names = await listNames(read(buildZip([{ name: cp437 }, { name: 'ünïcödé.txt' }])));
    expect(names).toEqual(['Çü.txt', 'ünïcödé.txt']);
  });

  it('yields duplicate names as they come, for the caller to resolve', async () => {
    const archive = buildZip([
      { name: 'same.txt', data: Buffer.from('first') },
      { name: 'same.txt', data: Buffer.from('second') },
    ]);
    const entries = await readAll(read(archive));
    expect(entries.map((e) => [e.name, e.data.toString()])).toEqual([
      ['same.txt', 'first'],
      ['same.txt', 'second'],
    ]);
  });
});

describe('zip: entry types', () => {
  it('reports links, devices, sockets and directories from the unix mode', async () => {
    const archive = buildZip([
      { name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
      { name: 'fifo', mode: 0o010644 },
      { name: 'tty', mode: 0o020620 },
      { name: 'disk', mode: 0o060660 },
      { name: 'socket', mode: 0o140755 },
      { name: 'dir-by-mode', mode: 0o040755 },
      { name: 'dir-by-slash/' },
      { name: 'dir-by-backslash\\' },
      { name: 'plain', data: Buffer.from('x'), mode: 0o100644 },
      { name: 'no-mode', data: Buffer.from('y') },
      { name: 'odd-mode', mode: 0o070000 },
    ]);
    const entries = await readAll(read(archive));
    expect(entries.map((e) => [e.name, e.type, e.nativeType])).toEqual([
      ['link', 'symlink', 'symlink'],
      ['fifo', 'device', 'fifo'],
      ['tty', 'device', 'character-device'],
      ['disk', 'device', 'block-device'],
      ['socket', 'other', 'socket'],
      ['dir-by-mode', 'directory', 'directory'],
      ['dir-by-slash/', 'directory', 'directory'],
      ['dir-by-backslash\\', 'directory', 'directory'],
      ['plain', 'file', 'file'],
      ['no-mode', 'file', 'file'],
      ['odd-mode', 'other', 'unix mode 0o70000'],
    ]);
    // A zip symlink keeps its target as content; a caller that refuses links need not read it.
    expect(entries[0].data.toString()).toBe('/etc/passwd');
    expect(entries[0].linkName).toBeUndefined();
  });

  it('lets a caller skip unsupported entries without reading them', async () => {
    const archive = buildZip([
      { name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
      { name: 'real.txt', data: Buffer.from('kept') },
    ]);
    const kept: string[] = [];
    for await (const entry of read(archive)) {
      if (entry.type !== 'file') continue;
      for await (const chunk of entry.content()) kept.push(Buffer.from(chunk).toString());
    }
    expect(kept).toEqual(['kept']);
  });

  it('reads the DOS time when there is no extended timestamp', async () => {
    const [entry] = await readAll(read(zipNamed('t.txt')));
    expect(entry.mtime).toBe(new Date(2020, 0, 2, 3, 4, 6).getTime());
  });
});

describe('zip: lying and corrupt members', () => {
  const data = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(200));

  it('refuses a deflate member that inflates past its declared size, stopping there', async () => {
    const archive = buildZip([{ name: 'liar.txt', data, method: 8, size: 100 }]);
    let received = 0;
    const consume = (async () => {
      for await (const entry of read(archive)) {
        for await (const chunk of entry.content()) received += chunk.length;
      }
    })();
    await expectEinval(consume, '"liar.txt"', 'larger than its declared size of 100 bytes');
    expect(received).toBeLessThanOrEqual(100);
  });

  it('refuses a deflate member that inflates to less than its declared size', async () => {
    const archive = buildZip([{ name: 'short.txt', data, method: 8, size: data.length + 1 }]);
    await expectEinval(readAll(read(archive)), '"short.txt"', `has ${data.length} bytes`, 'declared size');
  });

  it('refuses a stored member whose sizes disagree', async () => {
    const archive = buildZip([{ name: 'stored.txt', data, size: data.length * 2 }]);
    await expectEinval(readAll(read(archive)), '"stored.txt"', 'stored uncompressed');
  });

  it('refuses a CRC-32 mismatch', async () => {
    for (const method of [0, 8]) {
      const archive = buildZip([{ name: 'crc.txt', data, method, crc32: 0x12345678 }]);
      await expectEinval(readAll(read(archive)), '"crc.txt"', 'CRC-32 mismatch', '0x12345678');
    }
  });

  // Members up to 256 KiB are inflated in one call, larger ones through a zlib stream: both refuse.
  const bigData = Buffer.from('pack my box with five dozen liquor jugs; '.repeat(10_000));

  it.each([
    ['small', 1000],
    ['large', 400 * 1024],
  ])('refuses invalid deflate data (%s member)', async (_kind, size) => {
    const archive = buildZip([{ name: 'junk.bin', method: 8, compressed: garbage(200), size, crc32: 0 }]);
    await expectEinval(readAll(read(archive)), '"junk.bin"', 'invalid deflate data');
  });

  it.each([
    ['small', data],
    ['large', bigData],
  ])('refuses cut-short deflate data (%s member)', async (_kind, content) => {
    const full = deflateRawSync(content);
    const archive = buildZip([
      { name: 'cut.txt', method: 8, compressed: full.subarray(0, full.length >> 1), size: content.length },
    ]);
    await expectEinval(readAll(read(archive)), '"cut.txt"', 'invalid deflate data');
  });

  it('inflates a large member through the stream, checking its size and CRC', async () => {
    const [entry] = await readAll(read(buildZip([{ name: 'big.txt', data: bigData, method: 8 }])));
    expect(entry.data.equals(bigData)).toBe(true);
    const liar = buildZip([{ name: 'big.txt', data: bigData, method: 8, crc32: 1 }]);
    await expectEinval(readAll(read(liar)), '"big.txt"', 'CRC-32 mismatch');
  });

  it('refuses encrypted members and unknown compression methods when their content is read', async () => {
    const archive = buildZip([
      { name: 'secret.txt', data, flags: 0x1 },
      { name: 'bzip2.txt', data, method: 12 },
    ]);
    const entries: string[] = [];
    const errors: unknown[] = [];
    for await (const entry of read(archive)) {
      entries.push(entry.name);
      await readAll(
        (async function* () {
          yield entry;
        })(),
      ).catch((error: unknown) => errors.push(error));
    }
    expect(entries).toEqual(['secret.txt', 'bzip2.txt']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(InvalidArgumentError);
    expect((errors[0] as Error).message).toMatch(/"secret\.txt".*encrypted/);
    expect((errors[1] as Error).message).toMatch(/"bzip2\.txt".*compression method 12/);
  });
});

describe('zip: corrupt archives', () => {
  const healthy = buildZip([
    { name: 'a.txt', data: Buffer.from('alpha'.repeat(100)), method: 8 },
    { name: 'b.txt', data: Buffer.from('beta') },
  ]);

  it('refuses an archive cut in the middle', async () => {
    const cut = healthy.subarray(0, healthy.length >> 1);
    await expectEinval(listNames(read(cut)), 'Corrupt zip archive', 'End of central directory');
  });

  it('refuses an archive cut inside its central directory', async () => {
    const cut = healthy.subarray(0, healthy.length - 30);
    await expectEinval(listNames(read(cut)), 'Corrupt zip archive');
  });

  it('refuses garbage read as zip, and an empty source', async () => {
    await expectEinval(listNames(read(garbage())), 'Corrupt zip archive');
    await expectEinval(listNames(read(new Uint8Array(0))), 'Corrupt zip archive');
  });

  it('refuses a central directory record with a bad signature, naming the last good entry', async () => {
    const broken = Buffer.from(healthy);
    const second = broken.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    broken[second + 3] = 0x09;
    await expectEinval(listNames(read(broken)), 'central directory', 'after entry "a.txt"');
  });

  it('refuses a member whose local header is damaged, naming it', async () => {
    const broken = Buffer.from(healthy);
    const local = broken.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 1);
    broken[local + 2] = 0x00;
    await expectEinval(readAll(read(broken)), '"b.txt"', 'local file header');
  });

  it('refuses a member whose data runs past the end of the archive', async () => {
    const archive = buildZip([
      { name: 'far.bin', data: Buffer.from('x'), method: 8, compressed: Buffer.alloc(10) },
    ]);
    const broken = Buffer.from(archive);
    const central = broken.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    broken.writeUInt32LE(0x7fffffff, central + 20); // compressed size
    await expectEinval(readAll(read(broken)), '"far.bin"', 'overflows');
  });

  it('reads a zip with data in front when the format is forced (self-extracting style)', async () => {
    const prefixed = buildZip([{ name: 'inside.txt', data: Buffer.from('found') }], { prefix: garbage(300) });
    await expectEinval(listNames(readArchive(prefixed)), 'Unrecognized archive format');
    const entries = await readAll(readArchive(prefixed, { format: 'zip' }));
    expect(entries.map((e) => [e.name, e.data.toString()])).toEqual([['inside.txt', 'found']]);
  });

  it('refuses a source larger than maxArchiveBytes', async () => {
    const small = new ZipAdapter({ maxArchiveBytes: 100 });
    await expectEinval(listNames(small.read(chunked(healthy, 10), 'zip')), '100-byte limit');
    expect(() => new ZipAdapter({ maxArchiveBytes: -1 })).toThrow(InvalidArgumentError);
  });
});
