/**
 * `expandArchiveStreaming`: entry by entry, in little memory, with the documented partial effect on
 * failure (what was completed stays, the file being written and directories made just for it go).
 */

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  BlockingIOError,
  FileExistsError,
  IsADirectoryError,
  type MemoryFileSystem,
  MFSQuotaExceededError,
} from '../../../src/index.js';
import { WRITE_BLOCK } from '../../../src/snapshot/archive/expand-streaming.js';
import { expandArchiveStreaming } from '../../../src/snapshot/archive/index.js';
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
import { buildTar, gzip, KiB, MiB } from './hostile.js';

describe.each(FORMATS)('expandArchiveStreaming, %s', (format) => {
  it('writes files and directories, returning the number of files', async () => {
    const archive = await archiveOf(format, [
      dir('docs'),
      file('docs/a.txt', 'alpha'),
      dir('docs/empty', T1),
      file('deep/er/b.bin', Buffer.from([1, 2, 3])),
      file('empty.txt', ''),
    ]);
    const mfs = freshFs();
    expect(await expandArchiveStreaming(mfs, chunked(archive, 100), '/out')).toBe(3);
    expect(mfs.readFile('/out/docs/a.txt', 'utf8')).toBe('alpha');
    expect([...mfs.readFile('/out/deep/er/b.bin')]).toEqual([1, 2, 3]);
    expect(mfs.getSize('/out/empty.txt')).toBe(0);
    expect(mfs.listdir('/out/docs/empty')).toEqual([]);
  });

  it('restores the modification times of directories and files', async () => {
    const archive = await archiveOf(format, [dir('docs', T2), file('docs/a.txt', 'alpha', T1)]);
    const mfs = freshFs();
    await expandArchiveStreaming(mfs, archive, '/', { format });
    expect(mfs.stat('/docs').modifiedAt).toBe(T2);
    expect(mfs.stat('/docs/a.txt').modifiedAt).toBe(T1);
    expect(mfs.stat('/docs/a.txt').createdAt).toBe(NOW);
  });
});

describe('expandArchiveStreaming: memory and quota', () => {
  it('writes in blocks: usage stays close to the data even from tiny source pieces', async () => {
    const data = Buffer.alloc(MiB, 5);
    const archive = buildTar([{ name: 'big.bin', data }]);
    const mfs = freshFs();
    await expandArchiveStreaming(mfs, chunked(archive, 512));
    expect(mfs.readFile('/big.bin').equals(data)).toBe(true);
    const chunks = Math.ceil(MiB / WRITE_BLOCK);
    expect(mfs.stats().chunkCount).toBeLessThanOrEqual(chunks);
    expect(mfs.stats().usedBytes).toBeLessThanOrEqual(MiB + chunks * 256);
  });

  it('holds no more than a write block and a chunk: the file grows while it is read', async () => {
    const piece = Buffer.alloc(10 * KiB, 1);
    const mfs = freshFs();
    let yielded = 0;
    let largestLag = 0;
    const adapter = scriptedAdapter(async function* () {
      yield fileEntry('stream.bin', async function* () {
        for (let i = 0; i < 100; i++) {
          const written = mfs.exists('/stream.bin') ? mfs.getSize('/stream.bin') : 0;
          largestLag = Math.max(largestLag, yielded - written);
          yielded += piece.length;
          yield piece;
        }
      });
    });
    expect(await expandArchiveStreaming(mfs, Buffer.from('x'), '/', { adapter })).toBe(1);
    expect(mfs.getSize('/stream.bin')).toBe(100 * piece.length);
    expect(largestLag).toBeGreaterThan(0);
    expect(largestLag).toBeLessThan(WRITE_BLOCK + piece.length);
  });

  it('stops at the quota, keeps the files completed before, and leaves no partial file', async () => {
    const mfs = freshFs({ maxQuota: 300 * KiB, chunkOverheadOverride: 0 });
    const archive = gzip(
      buildTar([
        { name: 'a.bin', data: Buffer.alloc(100 * KiB, 1) },
        { name: 'sub/b.bin', data: Buffer.alloc(100 * KiB, 2) },
        { name: 'new/c.bin', data: Buffer.alloc(200 * KiB, 3) },
      ]),
    );
    const error = await rejection(
      expandArchiveStreaming(mfs, archive, '/out'),
      MFSQuotaExceededError,
      'ENOSPC',
    );
    expect(error.path).toBe('/out/new/c.bin');
    expect([...mfs.exportTree('/').keys()]).toEqual(['/out/a.bin', '/out/sub/b.bin']);
    // The directory made for the failed file is gone too.
    expect(mfs.listdir('/out')).toEqual(['a.bin', 'sub']);
    expect(mfs.stats().usedBytes).toBe(200 * KiB);
  });

  it('keeps a directory made for a failed file when something else was put there meanwhile', async () => {
    const mfs = freshFs();
    const adapter = scriptedAdapter(async function* () {
      yield fileEntry('made/for/it.bin', async function* () {
        yield Buffer.alloc(WRITE_BLOCK, 1);
        mfs.writeFile('/made/neighbour.txt', 'arrived meanwhile');
        throw new Error('source failed');
      });
    });
    await expect(expandArchiveStreaming(mfs, Buffer.from('x'), '/', { adapter })).rejects.toThrow(
      'source failed',
    );
    expect(mfs.exportTree('/')).toEqual(new Map([['/made/neighbour.txt', Buffer.from('arrived meanwhile')]]));
    expect(mfs.listdir('/made')).toEqual(['neighbour.txt']);
  });
});

describe('expandArchiveStreaming: onConflict', () => {
  function populated(): MemoryFileSystem {
    const mfs = freshFs();
    mfs.mkdir('/out/docs');
    mfs.writeFile('/out/docs/keep.txt', 'original');
    return mfs;
  }

  it("'error' refuses an existing file, keeping what came before it", async () => {
    const mfs = populated();
    const archive = await archiveOf('tar', [
      file('first.txt', '1'),
      file('docs/keep.txt', 'new'),
      file('z.txt', 'z'),
    ]);
    const error = await rejection(expandArchiveStreaming(mfs, archive, '/out'), FileExistsError, 'EEXIST');
    expect(error.path).toBe('/out/docs/keep.txt');
    expect(mfs.readFile('/out/docs/keep.txt', 'utf8')).toBe('original');
    expect(mfs.listdir('/out').sort()).toEqual(['docs', 'first.txt']);
  });

  it("'error' names a duplicate inside the archive as such", async () => {
    const mfs = freshFs();
    const archive = buildTar([
      { name: 'a.txt', data: Buffer.from('1') },
      { name: 'a.txt', data: Buffer.from('2') },
    ]);
    const error = await rejection(expandArchiveStreaming(mfs, archive), FileExistsError, 'EEXIST');
    expect(error.message).toContain('more than once');
    expect(mfs.readFile('/a.txt', 'utf8')).toBe('1');
  });

  it("'skip' keeps existing files and the first of duplicates", async () => {
    const mfs = populated();
    const archive = buildTar([
      { name: 'docs/keep.txt', data: Buffer.from('new') },
      { name: 'a.txt', data: Buffer.from('1') },
      { name: 'a.txt', data: Buffer.from('2') },
    ]);
    expect(await expandArchiveStreaming(mfs, archive, '/out', { onConflict: 'skip' })).toBe(1);
    expect(mfs.readFile('/out/docs/keep.txt', 'utf8')).toBe('original');
    expect(mfs.readFile('/out/a.txt', 'utf8')).toBe('1');
  });

  it("'overwrite' replaces existing files and keeps the last of duplicates", async () => {
    const mfs = populated();
    const archive = buildTar([
      { name: 'docs/keep.txt', data: Buffer.from('new') },
      { name: 'a.txt', data: Buffer.from('1') },
      { name: 'a.txt', data: Buffer.from('2') },
    ]);
    expect(await expandArchiveStreaming(mfs, archive, '/out', { onConflict: 'overwrite' })).toBe(2);
    expect(mfs.readFile('/out/docs/keep.txt', 'utf8')).toBe('new');
    expect(mfs.readFile('/out/a.txt', 'utf8')).toBe('2');
  });

  it("'overwrite' that fails mid-file removes the file it was replacing, as documented", async () => {
    const mfs = populated();
    const adapter = scriptedAdapter(async function* () {
      yield fileEntry('docs/keep.txt', async function* () {
        yield Buffer.from('partial');
        throw new Error('source failed');
      });
    });
    await expect(
      expandArchiveStreaming(mfs, Buffer.from('x'), '/out', { adapter, onConflict: 'overwrite' }),
    ).rejects.toThrow('source failed');
    expect(mfs.listdir('/out/docs')).toEqual([]);
  });

  it.each(['error', 'overwrite', 'skip'] as const)(
    "refuses a file onto an existing directory under '%s'",
    async (onConflict) => {
      const mfs = populated();
      const before = imageOf(mfs);
      const archive = await archiveOf('zip', [file('docs', 'not a directory')]);
      const error = await rejection(
        expandArchiveStreaming(mfs, archive, '/out', { onConflict }),
        IsADirectoryError,
        'EISDIR',
      );
      expect(error.path).toBe('/out/docs');
      expect(imageOf(mfs)).toEqual(before);
    },
  );

  it('refuses a directory onto an existing file', async () => {
    const mfs = populated();
    const before = imageOf(mfs);
    const archive = await archiveOf('tar', [dir('docs/keep.txt')]);
    await rejection(expandArchiveStreaming(mfs, archive, '/out'), FileExistsError, 'EEXIST');
    expect(imageOf(mfs)).toEqual(before);
  });

  it('refuses a file that is open elsewhere, before writing it', async () => {
    const mfs = populated();
    using _reader = mfs.open('/out/docs/keep.txt', 'rb');
    const archive = await archiveOf('tar', [file('docs/keep.txt', 'new')]);
    await rejection(
      expandArchiveStreaming(mfs, archive, '/out', { onConflict: 'overwrite' }),
      BlockingIOError,
      'EAGAIN',
    );
    expect(mfs.readFile('/out/docs/keep.txt', 'utf8')).toBe('original');
  });
});

describe('expandArchiveStreaming: destination', () => {
  it('creates the destination, even for an empty archive, from a Node stream', async () => {
    const mfs = freshFs();
    expect(await expandArchiveStreaming(mfs, Readable.from([await archiveOf('tar.gz', [])]), '/a/b')).toBe(0);
    expect(mfs.isDir('/a/b')).toBe(true);
  });

  it('creates nothing when the archive fails before its first entry', async () => {
    const mfs = freshFs();
    await expect(expandArchiveStreaming(mfs, Buffer.from('no archive'), '/a/b')).rejects.toThrow(
      'Unrecognized archive format',
    );
    expect(mfs.listdir('/')).toEqual([]);
  });
});
