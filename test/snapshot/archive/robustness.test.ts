/**
 * Damaged archives of every format fail only with dmemfs's InvalidArgumentError, never with a raw
 * library error, a crash or a hang.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MFSError } from '../../../src/fs/errors.js';
import { crc32, crc32Fallback } from '../../../src/snapshot/archive/crc32.js';
import { type ArchiveAdapter, TarAdapter, ZipAdapter } from '../../../src/snapshot/archive/index.js';
import { chunked, readAll, writeToBuffer } from './helpers.js';

const FORMATS: ReadonlyArray<[string, ArchiveAdapter]> = [
  ['zip', new ZipAdapter()],
  ['tar', new TarAdapter()],
  ['tar.gz', new TarAdapter()],
];

describe.each(FORMATS)('%s: damaged archives', (format, adapter) => {
  let healthy: Buffer;
  beforeAll(async () => {
    healthy = await writeToBuffer(
      adapter,
      [
        { path: 'dir', type: 'directory', mtime: 1e12 },
        { path: 'dir/a.txt', type: 'file', data: Buffer.from('alpha '.repeat(50)), mtime: 1e12 },
        { path: 'b.bin', type: 'file', data: Buffer.from([1, 2, 3, 4, 5]), mtime: 1e12 },
      ],
      format,
    );
  });

  /** Reads everything; returns 'ok' or the error's code, failing on anything that is not ours. */
  async function outcome(bytes: Uint8Array): Promise<string> {
    try {
      await readAll(adapter.read(chunked(bytes, 97), format));
      return 'ok';
    } catch (error) {
      expect(error).toBeInstanceOf(MFSError);
      return (error as MFSError).code;
    }
  }

  it('with flipped bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        async (flips) => {
          const damaged = Buffer.from(healthy);
          for (const [at, mask] of flips) damaged[at % damaged.length] ^= mask;
          expect(['ok', 'EINVAL']).toContain(await outcome(damaged));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('cut at any length', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (at) => {
        const cut = healthy.subarray(0, at % healthy.length);
        expect(['ok', 'EINVAL']).toContain(await outcome(cut));
      }),
      { numRuns: 100 },
    );
  });
});

describe('crc32', () => {
  it('matches the table-driven fallback, also when computed in pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(), (bytes, split) => {
        const at = bytes.length === 0 ? 0 : split % bytes.length;
        const whole = crc32Fallback(bytes);
        expect(crc32(bytes)).toBe(whole);
        expect(crc32(bytes.subarray(at), crc32(bytes.subarray(0, at)))).toBe(whole);
        expect(crc32Fallback(bytes.subarray(at), crc32Fallback(bytes.subarray(0, at)))).toBe(whole);
      }),
    );
    expect(crc32Fallback(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
