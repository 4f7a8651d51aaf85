/**
 * Decompression bombs into a small quota. Both expansions must stop with `MFSQuotaExceededError`
 * after about as many bytes as the quota has free, never inflating (or holding) the rest: proved by
 * counting the bytes an adapter hands out, not by timing. The atomic one leaves the filesystem as it
 * was; the streaming one leaves no part of the bomb behind.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryFileSystem, MFSQuotaExceededError } from '../../../src/index.js';
import { WRITE_BLOCK } from '../../../src/snapshot/archive/expand-streaming.js';
import {
  type ArchiveAdapter,
  expandArchive,
  expandArchiveStreaming,
  TarAdapter,
  ZipAdapter,
} from '../../../src/snapshot/archive/index.js';
import { CountingAdapter } from './counting-adapter.js';
import { imageOf } from './fs-image.js';
import { expectEinval, rejection } from './helpers.js';
import { GiB, KiB, MiB, overlappingZip, tarGzBomb, zipBomb } from './hostile.js';

/** zlib hands out at most this much at a time. */
const ONE_CHUNK = 64 * KiB;
const QUOTA = MiB;

function smallFs(): MemoryFileSystem {
  const mfs = new MemoryFileSystem({ maxQuota: QUOTA });
  mfs.writeFile('/existing.txt', 'still here');
  return mfs;
}

const quotaRefusal = (action: Promise<unknown>) => rejection(action, MFSQuotaExceededError, 'ENOSPC');

const bombs: [string, () => Promise<Uint8Array>, () => ArchiveAdapter][] = [
  ['a 1 GiB zip bomb', () => zipBomb(GiB), () => new ZipAdapter()],
  ['a 1 GiB tar.gz bomb', () => tarGzBomb(GiB), () => new TarAdapter()],
];

describe.each(bombs)('%s into a 1 MiB quota', (_, build, inner) => {
  let bomb: Uint8Array;
  beforeAll(async () => {
    bomb = await build();
    expect(bomb.length).toBeLessThan(8 * MiB);
  });

  it('expandArchive stops at the quota and changes nothing', async () => {
    const mfs = smallFs();
    const before = imageOf(mfs);
    const adapter = new CountingAdapter(inner());
    const error = await quotaRefusal(expandArchive(mfs, bomb, '/out', { adapter }));
    expect(error.available).toBe(before.stats.freeBytes);
    // Reading went up to what one file of that size is charged (its bytes plus a chunk's overhead),
    // and not more than one decompressed chunk past the free space.
    const fits = before.stats.freeBytes - before.stats.overheadPerChunkEstimate;
    expect(adapter.produced).toBeGreaterThan(fits - ONE_CHUNK);
    expect(adapter.produced).toBeLessThanOrEqual(before.stats.freeBytes + ONE_CHUNK);
    expect(imageOf(mfs)).toEqual(before);
  });

  it('expandArchiveStreaming stops at the quota and leaves no part of the bomb', async () => {
    const mfs = smallFs();
    const before = imageOf(mfs);
    const adapter = new CountingAdapter(inner());
    await quotaRefusal(expandArchiveStreaming(mfs, bomb, '/out', { adapter }));
    expect(adapter.produced).toBeLessThanOrEqual(QUOTA + WRITE_BLOCK + ONE_CHUNK);
    // The directory created for the bomb went with it.
    expect(imageOf(mfs)).toEqual(before);
  });
});

describe('an overlapping zip (one member, a thousand directory records)', () => {
  const archive = overlappingZip(1000, Buffer.alloc(MiB));

  it('is stopped by counting bytes across entries', async () => {
    const mfs = new MemoryFileSystem({ maxQuota: 8 * MiB });
    const before = imageOf(mfs);
    const adapter = new CountingAdapter(new ZipAdapter());
    await quotaRefusal(expandArchive(mfs, archive, '/', { adapter }));
    expect(adapter.produced).toBeLessThanOrEqual(8 * MiB + ONE_CHUNK);
    expect(imageOf(mfs)).toEqual(before);
  });

  it('is stopped by the quota when streamed, keeping the copies that fit', async () => {
    const mfs = new MemoryFileSystem({ maxQuota: 8 * MiB });
    await quotaRefusal(expandArchiveStreaming(mfs, archive));
    const copies = mfs.listdir('/');
    expect(copies.length).toBe(7);
    for (const name of copies) expect(mfs.getSize(`/${name}`)).toBe(MiB);
  });
});

describe('a zip bomb that lies about its size', () => {
  it('is refused as corrupt once it passes its declared size, before it can fill the quota', async () => {
    const liar = await zipBomb(64 * MiB, MiB);
    for (const expand of [expandArchive, expandArchiveStreaming]) {
      const mfs = new MemoryFileSystem({ maxQuota: 32 * MiB });
      const adapter = new CountingAdapter(new ZipAdapter());
      await expectEinval(expand(mfs, liar, '/', { adapter }), '"bomb.bin"', 'larger than its declared size');
      expect(adapter.produced).toBeLessThanOrEqual(MiB);
      expect(mfs.listdir('/')).toEqual([]);
      expect(mfs.stats().usedBytes).toBe(0);
    }
  });
});
