/**
 * Hostile archives through both expansions. Each one holds a harmless `good.txt` first, then the
 * hostile part. `expandArchive` must refuse it with the documented error and leave the filesystem
 * exactly as it was; `expandArchiveStreaming` must refuse it the same way, keeping only what it had
 * completed before the hostile entry (never a truncated file), and nothing at all when the archive
 * fails before its first entry.
 */

import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../../src/index.js';
import { expandArchive, expandArchiveStreaming } from '../../../src/snapshot/archive/index.js';
import { imageOf } from './fs-image.js';
import { expectEinval } from './helpers.js';
import { buildTar, buildZip, garbage, gzip, type RawTarMember, UNSAFE_NAMES } from './hostile.js';

const GOOD = { name: 'good.txt', data: Buffer.from('good') };
/** Compressible, and large enough to be written in several blocks before a failure shows. */
const TEXT = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(5000));

interface HostileCase {
  readonly archive: Uint8Array;
  /** Words the error message must contain. */
  readonly words: readonly string[];
  /** Whether the failure comes after `good.txt` was read (else the archive fails as a whole first). */
  readonly afterGood: boolean;
  /** Entries after `good.txt` that are complete before the failure shows, so streaming keeps them too. */
  readonly alsoKept?: Readonly<Record<string, Buffer>>;
  /** Force the format (for archives detection would not recognize). */
  readonly format?: string;
}

function tarMember(name: string): RawTarMember {
  const plain = Buffer.byteLength(name) <= 100 && !name.includes('\0');
  return plain
    ? { name, data: Buffer.from('x') }
    : { name: 'placeholder', data: Buffer.from('x'), pax: { path: name } };
}

const cases: Record<string, HostileCase> = {};
for (const [name, reason] of UNSAFE_NAMES) {
  cases[`zip entry named ${JSON.stringify(name)}`] = {
    archive: buildZip([GOOD, { name, data: Buffer.from('x') }]),
    words: [reason],
    afterGood: true,
  };
  // tar-stream reads an empty name as the end of the archive, so tar cannot carry one.
  if (name === '') continue;
  const tar = buildTar([GOOD, tarMember(name)]);
  cases[`tar entry named ${JSON.stringify(name)}`] = { archive: tar, words: [reason], afterGood: true };
  cases[`tar.gz entry named ${JSON.stringify(name)}`] = {
    archive: gzip(tar),
    words: [reason],
    afterGood: true,
  };
}
Object.assign(cases, {
  'tar symlink': {
    archive: buildTar([GOOD, { name: 'link', typeflag: '2', linkname: '../../etc/passwd' }]),
    words: ['symbolic link'],
    afterGood: true,
  },
  'tar hard link': {
    archive: buildTar([GOOD, { name: 'hard', typeflag: '1', linkname: 'good.txt' }]),
    words: ['hard link'],
    afterGood: true,
  },
  'tar character device': {
    archive: buildTar([GOOD, { name: 'null', typeflag: '3' }]),
    words: ['character-device'],
    afterGood: true,
  },
  'zip symlink': {
    archive: buildZip([GOOD, { name: 'link', data: Buffer.from('/etc'), mode: 0o120777 }]),
    words: ['symbolic link'],
    afterGood: true,
  },
  'zip block device': {
    archive: buildZip([GOOD, { name: 'sda', mode: 0o060644 }]),
    words: ['block-device'],
    afterGood: true,
  },
  'zip member that inflates past its declared size': {
    archive: buildZip([GOOD, { name: 'liar.txt', data: TEXT, method: 8, size: 100 }]),
    words: ['"liar.txt"', 'larger than its declared size'],
    afterGood: true,
  },
  'zip member that inflates to less than its declared size': {
    archive: buildZip([GOOD, { name: 'short.txt', data: TEXT, method: 8, size: TEXT.length + 1 }]),
    words: ['"short.txt"', 'declared size'],
    afterGood: true,
  },
  'zip member with a wrong CRC-32': {
    archive: buildZip([GOOD, { name: 'crc.txt', data: TEXT, method: 8, crc32: 0x12345678 }]),
    words: ['"crc.txt"', 'CRC-32 mismatch'],
    afterGood: true,
  },
  'zip member with cut-short deflate data': {
    archive: buildZip([
      GOOD,
      { name: 'cut.txt', method: 8, compressed: deflateRawSync(TEXT).subarray(0, 100), size: TEXT.length },
    ]),
    words: ['"cut.txt"', 'invalid deflate data'],
    afterGood: true,
  },
  'encrypted zip member': {
    archive: buildZip([GOOD, { name: 'secret.txt', data: TEXT, flags: 0x1 }]),
    words: ['"secret.txt"', 'encrypted'],
    afterGood: true,
  },
  'zip member with an unknown compression method': {
    archive: buildZip([GOOD, { name: 'bzip2.txt', data: TEXT, method: 12 }]),
    words: ['"bzip2.txt"', 'compression method 12'],
    afterGood: true,
  },
  'zip cut in the middle': {
    archive: buildZip([GOOD, { name: 'b.txt', data: TEXT, method: 8 }]).subarray(0, 200),
    words: ['Corrupt zip archive'],
    afterGood: false,
  },
  'tar whose last entry is truncated': {
    archive: buildTar([GOOD, { name: 'truncated.bin', size: 2 * TEXT.length, data: TEXT }], { end: false }),
    words: ['"truncated.bin"', 'Unexpected end of data'],
    afterGood: true,
  },
  'tar.gz whose last entry is truncated': {
    archive: gzip(
      buildTar([GOOD, { name: 'truncated.bin', size: 2 * TEXT.length, data: TEXT }], { end: false }),
    ),
    words: ['"truncated.bin"', 'Unexpected end of data'],
    afterGood: true,
  },
  'tar entry whose declared size is smaller than its data': {
    archive: buildTar([GOOD, { name: 'liar.txt', size: 10, data: Buffer.alloc(1024, 0x41) }]),
    words: ['after entry "liar.txt"', 'Invalid tar header'],
    afterGood: true,
    // Its ten declared bytes are a complete entry; only the header after it is found broken.
    alsoKept: { 'liar.txt': Buffer.alloc(10, 0x41) },
  },
  'tar header with a wrong checksum': {
    archive: buildTar([GOOD, { name: 'bad.txt', badChecksum: true }]),
    words: ['after entry "good.txt"', 'Invalid tar header'],
    afterGood: true,
  },
  'tar.gz with its gzip stream cut short': {
    archive: (() => {
      const whole = gzip(buildTar([GOOD, { name: 'big.bin', data: TEXT }]));
      return whole.subarray(0, whole.length - 40);
    })(),
    words: ['Corrupt tar.gz archive', 'invalid gzip data'],
    afterGood: true,
  },
  garbage: { archive: garbage(), words: ['Unrecognized archive format'], afterGood: false },
  'garbage read as tar': {
    archive: garbage(),
    words: ['Corrupt tar archive'],
    afterGood: false,
    format: 'tar',
  },
} satisfies Record<string, HostileCase>);

/** A filesystem with content of its own under and beside the destination. */
function populated(): MemoryFileSystem {
  const mfs = new MemoryFileSystem({ maxQuota: 16 * 1024 * 1024 });
  mfs.mkdir('/out/old');
  mfs.writeFile('/out/old/kept.txt', 'kept');
  mfs.writeFile('/elsewhere.bin', Buffer.from([9, 8, 7]));
  return mfs;
}

describe.each(Object.entries(cases))('%s', (_, hostile) => {
  const options = hostile.format === undefined ? {} : { format: hostile.format };

  it('expandArchive refuses it and changes nothing', async () => {
    const mfs = populated();
    const before = imageOf(mfs);
    await expectEinval(expandArchive(mfs, hostile.archive, '/out', options), ...hostile.words);
    expect(imageOf(mfs)).toEqual(before);
  });

  it('expandArchiveStreaming refuses it, keeping only the entries completed before it', async () => {
    const mfs = populated();
    const before = imageOf(mfs);
    await expectEinval(expandArchiveStreaming(mfs, hostile.archive, '/out', options), ...hostile.words);
    const expected = new Map(before.files);
    const kept: Record<string, Buffer> = hostile.afterGood
      ? { 'good.txt': Buffer.from('good'), ...hostile.alsoKept }
      : {};
    let keptUsage = 0;
    for (const [name, data] of Object.entries(kept)) {
      expected.set(`/out/${name}`, data);
      keptUsage += data.length + 256;
    }
    expect(mfs.exportTree('/')).toEqual(expected);
    expect(mfs.stats().dirCount).toBe(before.stats.dirCount);
    expect(mfs.stats().usedBytes).toBe(before.stats.usedBytes + keptUsage);
  });
});

it('covers every unsafe name in every format', () => {
  expect(Object.keys(cases).filter((name) => name.includes('entry named'))).toHaveLength(
    UNSAFE_NAMES.length * 3 - 2,
  );
});
