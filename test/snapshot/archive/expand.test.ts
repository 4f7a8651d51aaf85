/**
 * `expandArchive`: what it writes, how it resolves conflicts, and that every refusal (conflict,
 * quota, node cap, special entry, bad destination) leaves the filesystem exactly as it was.
 */

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  FileExistsError,
  InvalidArgumentError,
  IsADirectoryError,
  type MemoryFileSystem,
  MFSNodeLimitExceededError,
  MFSQuotaExceededError,
  NotADirectoryError,
} from '../../../src/index.js';
import {
  type ArchiveAdapter,
  type ArchiveEntry,
  expandArchive,
  TarAdapter,
  ZipAdapter,
} from '../../../src/snapshot/archive/index.js';
import { imageOf } from './fs-image.js';
import {
  archiveOf,
  chunked,
  dir,
  FORMATS,
  file,
  fileEntry,
  freshFs,
  NOW,
  rejection,
  scriptedAdapter,
  T1,
  T2,
} from './helpers.js';
import { buildTar, buildZip, garbage, KiB } from './hostile.js';

/** A filesystem with some content, to see that failures leave it alone. */
function populated(options: ConstructorParameters<typeof MemoryFileSystem>[0] = {}): MemoryFileSystem {
  const mfs = freshFs(options);
  mfs.mkdir('/out/docs');
  mfs.writeFile('/out/docs/keep.txt', 'original');
  mfs.writeFile('/out/other.bin', Buffer.from([1, 2, 3]));
  return mfs;
}

describe.each(FORMATS)('expandArchive, %s', (format) => {
  it('writes files, empty directories and modification times, and counts them', async () => {
    const archive = await archiveOf(format, [
      dir('docs'),
      file('docs/a.txt', 'alpha'),
      dir('docs/empty', T1),
      file('top.bin', Buffer.from([0, 255, 7])),
      file('empty.txt', ''),
    ]);
    const mfs = freshFs();
    const result = await expandArchive(mfs, archive, '/out');
    expect(result).toEqual({ files: 3, directories: 3, bytes: 8 });
    expect(mfs.readFile('/out/docs/a.txt', 'utf8')).toBe('alpha');
    expect([...mfs.readFile('/out/top.bin')]).toEqual([0, 255, 7]);
    expect(mfs.getSize('/out/empty.txt')).toBe(0);
    expect(mfs.listdir('/out/docs/empty')).toEqual([]);
    expect(mfs.stat('/out/docs/a.txt').modifiedAt).toBe(T1);
    expect(mfs.stat('/out/docs').modifiedAt).toBe(T2);
    expect(mfs.stat('/out/docs/empty').modifiedAt).toBe(T1);
    // The destination itself is not in the archive: it is created now.
    expect(mfs.stat('/out').modifiedAt).toBe(NOW);
  });

  it('detects the format from a stream of small chunks, and takes a forced format', async () => {
    const archive = await archiveOf(format, [file('a/b.txt', 'bee')]);
    const detected = freshFs();
    await expandArchive(detected, chunked(archive, 7));
    expect(detected.readFile('/a/b.txt', 'utf8')).toBe('bee');
    const forced = freshFs();
    await expandArchive(forced, Readable.from([archive]), '/', { format });
    expect(forced.readFile('/a/b.txt', 'utf8')).toBe('bee');
  });

  it('creates parents that the archive only implies, and counts them', async () => {
    const archive = await archiveOf(format, [file('x/y/z.txt', 'deep')]);
    const mfs = freshFs();
    expect(await expandArchive(mfs, archive, '/new/dest')).toEqual({ files: 1, directories: 4, bytes: 4 });
    expect(mfs.isDir('/new/dest/x/y')).toBe(true);
  });
});

describe('expandArchive: destination', () => {
  it('creates a missing destination even for an empty archive', async () => {
    const mfs = freshFs();
    expect(await expandArchive(mfs, await archiveOf('tar', []), '/empty/dest')).toEqual({
      files: 0,
      directories: 2,
      bytes: 0,
    });
    expect(mfs.isDir('/empty/dest')).toBe(true);
    expect(await expandArchive(mfs, await archiveOf('zip', []))).toEqual({
      files: 0,
      directories: 0,
      bytes: 0,
    });
  });

  it('merges into existing directories and keeps their times', async () => {
    const mfs = populated();
    const before = mfs.stat('/out/docs').modifiedAt;
    const archive = await archiveOf('tar', [dir('docs', T2), file('docs/new.txt', 'new')]);
    expect(await expandArchive(mfs, archive, '/out')).toEqual({ files: 1, directories: 0, bytes: 3 });
    expect(mfs.listdir('/out/docs').sort()).toEqual(['keep.txt', 'new.txt']);
    expect(mfs.stat('/out/docs').modifiedAt).toBe(before);
  });

  it('normalizes the destination', async () => {
    const mfs = freshFs();
    await expandArchive(mfs, await archiveOf('tar', [file('a.txt', 'a')]), 'x\\y/./');
    expect(mfs.readFile('/x/y/a.txt', 'utf8')).toBe('a');
  });

  it('refuses a destination that is a file before reading anything', async () => {
    const mfs = populated();
    const before = imageOf(mfs);
    const counter = { pulled: 0 };
    const archive = await archiveOf('tar', [file('a.txt', 'a')]);
    const error = await rejection(
      expandArchive(mfs, chunked(archive, 512, counter), '/out/other.bin'),
      NotADirectoryError,
      'ENOTDIR',
    );
    expect(error.path).toBe('/out/other.bin');
    expect(counter.pulled).toBe(0);
    await rejection(expandArchive(mfs, archive, '/out/other.bin/below'), NotADirectoryError, 'ENOTDIR');
    expect(imageOf(mfs)).toEqual(before);
  });

  it('refuses a destination that climbs above the root', async () => {
    const mfs = freshFs();
    await rejection(
      expandArchive(mfs, await archiveOf('tar', []), '/a/../..'),
      InvalidArgumentError,
      'EINVAL',
    );
    expect(mfs.listdir('/')).toEqual([]);
  });
});

describe('expandArchive: onConflict', () => {
  it("'error' (the default) refuses an existing file and writes nothing at all", async () => {
    const mfs = populated();
    const before = imageOf(mfs);
    const archive = await archiveOf('zip', [
      file('fresh.txt', 'fresh'),
      file('docs/keep.txt', 'replacement'),
    ]);
    const error = await rejection(expandArchive(mfs, archive, '/out'), FileExistsError, 'EEXIST');
    expect(error.path).toBe('/out/docs/keep.txt');
    expect(error.message).toContain('a file exists there');
    expect(imageOf(mfs)).toEqual(before);
    await rejection(expandArchive(mfs, archive, '/out', { onConflict: 'error' }), FileExistsError, 'EEXIST');
    expect(imageOf(mfs)).toEqual(before);
  });

  it("'error' refuses a name the archive holds twice", async () => {
    const mfs = freshFs();
    const archive = buildTar([
      { name: 'a.txt', data: Buffer.from('first') },
      { name: './a.txt', data: Buffer.from('second') },
    ]);
    const error = await rejection(expandArchive(mfs, archive, '/d'), FileExistsError, 'EEXIST');
    expect(error.message).toContain('more than once');
    expect(error.path).toBe('/d/a.txt');
    expect(mfs.exists('/d')).toBe(false);
  });

  it("'skip' keeps existing files and the first of duplicates, and counts only what it wrote", async () => {
    const mfs = populated();
    const archive = buildTar([
      { name: 'docs/keep.txt', data: Buffer.from('replacement') },
      { name: 'dup.txt', data: Buffer.from('first') },
      { name: 'dup.txt', data: Buffer.from('second!') },
    ]);
    expect(await expandArchive(mfs, archive, '/out', { onConflict: 'skip' })).toEqual({
      files: 1,
      directories: 0,
      bytes: 5,
    });
    expect(mfs.readFile('/out/docs/keep.txt', 'utf8')).toBe('original');
    expect(mfs.readFile('/out/dup.txt', 'utf8')).toBe('first');
  });

  it("'overwrite' replaces existing files and keeps the last of duplicates, with its time", async () => {
    const mfs = populated();
    const archive = buildTar([
      { name: 'docs/keep.txt', data: Buffer.from('replacement'), mtime: T1 / 1000 },
      { name: 'dup.txt', data: Buffer.from('first') },
      { name: 'dup.txt', data: Buffer.from('second!'), mtime: T2 / 1000 },
    ]);
    expect(await expandArchive(mfs, archive, '/out', { onConflict: 'overwrite' })).toEqual({
      files: 2,
      directories: 0,
      bytes: 18,
    });
    expect(mfs.readFile('/out/docs/keep.txt', 'utf8')).toBe('replacement');
    expect(mfs.stat('/out/docs/keep.txt').modifiedAt).toBe(T1);
    expect(mfs.readFile('/out/dup.txt', 'utf8')).toBe('second!');
    expect(mfs.stat('/out/dup.txt').modifiedAt).toBe(T2);
  });

  it.each(['error', 'overwrite', 'skip'] as const)(
    "refuses a file onto an existing directory under '%s', atomically",
    async (onConflict) => {
      const mfs = populated();
      const before = imageOf(mfs);
      const archive = await archiveOf('tar', [file('fresh.txt', 'x'), file('docs', 'not a directory')]);
      const error = await rejection(
        expandArchive(mfs, archive, '/out', { onConflict }),
        IsADirectoryError,
        'EISDIR',
      );
      expect(error.path).toBe('/out/docs');
      expect(imageOf(mfs)).toEqual(before);
    },
  );

  it('refuses a directory onto an existing file, and a file below an existing file', async () => {
    const mfs = populated();
    const before = imageOf(mfs);
    const overFile = await archiveOf('tar', [file('fresh.txt', 'x'), dir('other.bin')]);
    await rejection(
      expandArchive(mfs, overFile, '/out', { onConflict: 'overwrite' }),
      FileExistsError,
      'EEXIST',
    );
    const belowFile = await archiveOf('tar', [file('fresh.txt', 'x'), file('other.bin/inner.txt', 'y')]);
    await rejection(
      expandArchive(mfs, belowFile, '/out', { onConflict: 'overwrite' }),
      NotADirectoryError,
      'ENOTDIR',
    );
    expect(imageOf(mfs)).toEqual(before);
  });

  it('refuses an archive that holds one name as a file and as a directory', async () => {
    const mfs = freshFs();
    const archive = buildTar([{ name: 'a', data: Buffer.from('file') }, { name: 'a/b.txt' }]);
    await rejection(
      expandArchive(mfs, archive, '/', { onConflict: 'overwrite' }),
      InvalidArgumentError,
      'EINVAL',
    );
    expect(mfs.listdir('/')).toEqual([]);
  });

  describe('settles conflicts again when applying, as the tree may change while the archive is read', () => {
    /** An adapter that yields `entries`, then runs `after` before reporting the end of the archive. */
    const adapterThatThen = (entries: ArchiveEntry[], after: () => void): ArchiveAdapter =>
      scriptedAdapter(async function* () {
        yield* entries;
        after();
      });
    const entry = (name: string, data: string): ArchiveEntry =>
      fileEntry(name, async function* () {
        yield Buffer.from(data);
      });

    it("'error': a file created meanwhile is refused and nothing is written", async () => {
      const mfs = freshFs();
      const adapter = adapterThatThen([entry('a.txt', 'archive'), entry('b.txt', 'archive')], () =>
        mfs.writeFile('/b.txt', 'created meanwhile'),
      );
      await rejection(expandArchive(mfs, Buffer.from('x'), '/', { adapter }), FileExistsError, 'EEXIST');
      expect(mfs.listdir('/')).toEqual(['b.txt']);
      expect(mfs.readFile('/b.txt', 'utf8')).toBe('created meanwhile');
    });

    it("'skip': a file created meanwhile is kept", async () => {
      const mfs = freshFs();
      const adapter = adapterThatThen([entry('a.txt', 'archive'), entry('b.txt', 'archive')], () =>
        mfs.writeFile('/b.txt', 'created meanwhile'),
      );
      expect(await expandArchive(mfs, Buffer.from('x'), '/', { adapter, onConflict: 'skip' })).toEqual({
        files: 1,
        directories: 0,
        bytes: 7,
      });
      expect(mfs.readFile('/a.txt', 'utf8')).toBe('archive');
      expect(mfs.readFile('/b.txt', 'utf8')).toBe('created meanwhile');
    });
  });
});

describe('expandArchive: quota and node cap', () => {
  const quota = { maxQuota: 64 * KiB, chunkOverheadOverride: 0 };

  it('refuses an archive larger than the free quota, without changing anything', async () => {
    const mfs = populated(quota);
    const before = imageOf(mfs);
    const archive = await archiveOf('tar.gz', [
      file('a.bin', Buffer.alloc(40 * KiB, 1)),
      file('b.bin', Buffer.alloc(40 * KiB, 2)),
    ]);
    const error = await rejection(expandArchive(mfs, archive, '/out'), MFSQuotaExceededError, 'ENOSPC');
    expect(error.requested).toBeGreaterThan(error.available);
    // Any file under the destination could be replaced, so the allowance is the free space plus
    // their usage — here every byte in use, hence the whole quota.
    expect(error.available).toBe(before.stats.quotaBytes);
    expect(error.path).toBe('/out/b.bin');
    expect(imageOf(mfs)).toEqual(before);
  });

  it('refuses, at import, an archive whose data fits but whose chunk overhead does not', async () => {
    const mfs = freshFs({ maxQuota: 10 * KiB, chunkOverheadOverride: 256 });
    const before = imageOf(mfs);
    // Every file costs its size plus 256 bytes: 10 KiB of data cannot fit in 10 KiB.
    const archive = await archiveOf('zip', [
      file('a.bin', Buffer.alloc(5 * KiB)),
      file('b.bin', Buffer.alloc(5 * KiB)),
    ]);
    await rejection(expandArchive(mfs, archive), MFSQuotaExceededError, 'ENOSPC');
    expect(imageOf(mfs)).toEqual(before);
  });

  it('counts the space that overwritten files free', async () => {
    const mfs = freshFs(quota);
    mfs.writeFile('/big.bin', Buffer.alloc(50 * KiB));
    const archive = await archiveOf('tar', [file('big.bin', Buffer.alloc(60 * KiB, 9))]);
    // 60 KiB do not fit the 14 KiB free, but they do once the 50 KiB file they replace is gone.
    expect(mfs.stats().freeBytes).toBe(14 * KiB);
    expect(await expandArchive(mfs, archive, '/', { onConflict: 'overwrite' })).toEqual({
      files: 1,
      directories: 0,
      bytes: 60 * KiB,
    });
    expect(mfs.stats().usedBytes).toBe(60 * KiB);
  });

  it('no longer counts a duplicate that a later one replaced', async () => {
    const mfs = freshFs(quota);
    // Each copy fits the 64 KiB quota, both together do not.
    const archive = buildTar([
      { name: 'a.bin', data: Buffer.alloc(40 * KiB, 1) },
      { name: 'a.bin', data: Buffer.alloc(40 * KiB, 2) },
    ]);
    expect(await expandArchive(mfs, archive, '/', { onConflict: 'overwrite' })).toMatchObject({ files: 1 });
    expect(mfs.readFile('/a.bin')[0]).toBe(2);
  });

  it('takes space freed while the archive is read into account', async () => {
    const mfs = freshFs(quota);
    mfs.writeFile('/scratch.bin', Buffer.alloc(50 * KiB));
    const payload = Buffer.alloc(40 * KiB, 3);
    const adapter = scriptedAdapter(async function* () {
      yield fileEntry('a.bin', async function* () {
        yield payload.subarray(0, 10 * KiB);
        mfs.remove('/scratch.bin');
        yield payload.subarray(10 * KiB);
      });
    });
    expect(await expandArchive(mfs, Buffer.from('x'), '/', { adapter })).toMatchObject({ bytes: 40 * KiB });
    expect(mfs.listdir('/')).toEqual(['a.bin']);
  });

  it('refuses an archive with more entries than the node cap allows, without changing anything', async () => {
    const mfs = populated({ maxNodes: 8 });
    const before = imageOf(mfs);
    const archive = await archiveOf('zip', [dir('d1'), dir('d2'), file('d2/f.txt', 'f'), file('g.txt', 'g')]);
    const error = await rejection(expandArchive(mfs, archive, '/out'), MFSNodeLimitExceededError, 'ENOSPC');
    expect(error.limit).toBe(8);
    expect(imageOf(mfs)).toEqual(before);
    expect(
      await expandArchive(mfs, await archiveOf('zip', [dir('d1'), file('g.txt', 'g')]), '/out'),
    ).toMatchObject({
      files: 1,
      directories: 1,
    });
  });
});

describe('expandArchive: special entries', () => {
  const special = [
    [
      'a tar symlink',
      () => buildTar([{ name: 'link', typeflag: '2', linkname: '/etc/passwd' }]),
      'symbolic link to "/etc/passwd"',
    ],
    [
      'a tar hard link',
      () => buildTar([{ name: 'hard', typeflag: '1', linkname: 'a.txt' }]),
      'hard link to "a.txt"',
    ],
    [
      'a character device',
      () => buildTar([{ name: 'tty', typeflag: '3' }]),
      'device or FIFO (character-device)',
    ],
    ['a block device', () => buildTar([{ name: 'sda', typeflag: '4' }]), 'device or FIFO (block-device)'],
    ['a FIFO', () => buildTar([{ name: 'pipe', typeflag: '6' }]), 'device or FIFO (fifo)'],
    ['an unknown tar type', () => buildTar([{ name: 'odd', typeflag: 'Q' }]), 'an entry of type "unknown"'],
    [
      'a zip symlink',
      () => buildZip([{ name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
      'symbolic link',
    ],
  ] as const;

  it.each(special)('refuses %s, naming it, and writes nothing', async (_, build, words) => {
    const mfs = populated();
    const before = imageOf(mfs);
    const error = await rejection(expandArchive(mfs, build(), '/out'), InvalidArgumentError, 'EINVAL');
    expect(error.message).toContain(words);
    expect(error.message).toContain("unsupportedEntries: 'skip'");
    expect(imageOf(mfs)).toEqual(before);
  });

  it("leaves them out with unsupportedEntries: 'skip', and extracts the rest", async () => {
    const mfs = freshFs();
    const archive = buildTar([
      { name: 'a.txt', data: Buffer.from('a') },
      { name: 'link', typeflag: '2', linkname: 'a.txt' },
      { name: 'hard', typeflag: '1', linkname: 'a.txt' },
      { name: 'pipe', typeflag: '6' },
      { name: 'b.txt', data: Buffer.from('b') },
    ]);
    expect(await expandArchive(mfs, archive, '/', { unsupportedEntries: 'skip' })).toEqual({
      files: 2,
      directories: 0,
      bytes: 2,
    });
    expect(mfs.listdir('/')).toEqual(['a.txt', 'b.txt']);
  });

  it('still refuses an unsafe name on an entry it would skip', async () => {
    const mfs = freshFs();
    const archive = buildTar([{ name: '../link', typeflag: '2', linkname: 'x' }]);
    const error = await rejection(
      expandArchive(mfs, archive, '/', { unsupportedEntries: 'skip' }),
      InvalidArgumentError,
      'EINVAL',
    );
    expect(error.message).toContain('".." segment');
  });
});

describe('expandArchive: formats', () => {
  it('refuses data that is no known archive', async () => {
    const mfs = freshFs();
    const error = await rejection(expandArchive(mfs, garbage(), '/out'), InvalidArgumentError, 'EINVAL');
    expect(error.message).toContain('Unrecognized archive format');
    expect(mfs.exists('/out')).toBe(false);
  });

  it('refuses an unknown format name and a format the data is not', async () => {
    const mfs = freshFs();
    const tar = await archiveOf('tar', [file('a.txt', 'a')]);
    const unknown = await rejection(
      expandArchive(mfs, tar, '/', { format: 'rar' }),
      InvalidArgumentError,
      'EINVAL',
    );
    expect(unknown.message).toContain('Unsupported archive format "rar"');
    const wrong = await rejection(
      expandArchive(mfs, tar, '/', { format: 'zip' }),
      InvalidArgumentError,
      'EINVAL',
    );
    expect(wrong.message).toContain('zip');
    expect(mfs.listdir('/')).toEqual([]);
  });

  it('reads only with the adapters it is given', async () => {
    const mfs = freshFs();
    const tar = await archiveOf('tar', [file('a.txt', 'a')]);
    await rejection(
      expandArchive(mfs, tar, '/', { adapter: new ZipAdapter() }),
      InvalidArgumentError,
      'EINVAL',
    );
    await rejection(expandArchive(mfs, tar, '/', { adapters: [] }), InvalidArgumentError, 'EINVAL');
    expect(await expandArchive(mfs, tar, '/', { adapters: [new TarAdapter()] })).toMatchObject({ files: 1 });
  });
});
