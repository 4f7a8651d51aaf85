/**
 * Decompression bombs: a consumer that stops after a budget of bytes must stop the inflation there.
 * Everything is asserted by counting bytes (produced for the consumer, and compressed bytes pulled
 * from the source), never by timing.
 */

import { beforeAll, describe, expect, it, vi } from 'vitest';
import { TarAdapter, ZipAdapter } from '../../../src/snapshot/archive/index.js';
import { readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { chunked, expectEinval } from './helpers.js';
import { GiB, KiB, MiB, overlappingZip, tarGzBomb, zipBomb } from './hostile.js';

const BUDGET = 8 * MiB;
/** zlib hands out at most this much at a time, so a consumer can overshoot its budget by one chunk. */
const ONE_CHUNK = 64 * KiB;

describe('zip bomb', () => {
  let bomb: Uint8Array;
  beforeAll(async () => {
    bomb = await zipBomb(GiB);
  });

  it('is a few MB that honestly declares 1 GiB', async () => {
    expect(bomb.length).toBeLessThan(8 * MiB);
    for await (const entry of new ZipAdapter().read(chunked(bomb), 'zip')) {
      expect(entry.declaredSize).toBe(GiB);
    }
  });

  it('stops inflating when the consumer stops reading', async () => {
    let produced = 0;
    let entries = 0;
    for await (const entry of readArchive(bomb)) {
      entries += 1;
      for await (const chunk of entry.content()) {
        produced += chunk.byteLength;
        if (produced > BUDGET) break; // e.g. the quota is exhausted
      }
    }
    expect(entries).toBe(1);
    expect(produced).toBeGreaterThan(BUDGET);
    expect(produced).toBeLessThanOrEqual(BUDGET + ONE_CHUNK);
  });

  it('refuses a bomb that lies about its size as soon as it passes the declared size', async () => {
    const liar = await zipBomb(64 * MiB, MiB);
    let produced = 0;
    const consume = (async () => {
      for await (const entry of readArchive(liar)) {
        for await (const chunk of entry.content()) produced += chunk.byteLength;
      }
    })();
    await expectEinval(consume, '"bomb.bin"', `larger than its declared size of ${MiB} bytes`);
    expect(produced).toBeLessThanOrEqual(MiB);
  });
});

describe('overlapping zip', () => {
  it('yields every record, so a budget counted across entries stops it', async () => {
    const archive = overlappingZip(1000, Buffer.alloc(MiB));
    expect(archive.length).toBeLessThan(100 * KiB);
    let produced = 0;
    let entries = 0;
    outer: for await (const entry of readArchive(archive)) {
      entries += 1;
      for await (const chunk of entry.content()) {
        produced += chunk.byteLength;
        if (produced > BUDGET) break outer;
      }
    }
    expect(entries).toBe(9);
    expect(produced).toBeLessThanOrEqual(BUDGET + ONE_CHUNK);
  });
});

describe('tar.gz bomb', () => {
  let bomb: Uint8Array;
  beforeAll(async () => {
    bomb = await tarGzBomb(GiB);
  });

  it('stops pulling compressed input when the consumer stops, and releases the source', async () => {
    const source = { pulled: 0, released: false };
    let produced = 0;
    for await (const entry of new TarAdapter().read(chunked(bomb, 16 * KiB, source), 'tar.gz')) {
      expect(entry).toMatchObject({ name: 'zeros.bin', declaredSize: GiB });
      for await (const chunk of entry.content()) {
        produced += chunk.byteLength;
        if (produced > BUDGET) break;
      }
      break; // give up on the archive altogether
    }
    expect(produced).toBeGreaterThan(BUDGET);
    expect(produced).toBeLessThanOrEqual(BUDGET + ONE_CHUNK);
    // A read already pending on the source completes first; the release follows it.
    await vi.waitFor(() => expect(source.released).toBe(true));
    // 8 MiB of zeros is about 1/128 of the compressed stream; read-ahead is bounded by a few
    // stream buffers, so far less than a tenth of the input was ever pulled.
    expect(source.pulled).toBeLessThan(bomb.length / 10);
  });
});
