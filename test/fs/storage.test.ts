import { describe, expect, test } from 'vitest';
import { QuotaLedger } from '../../src/fs/quota.js';
import { ChunkList } from '../../src/fs/storage/chunk-list.js';
import {
  type AllocationGuard,
  type DefaultStorage,
  FileContent,
  type StorageServices,
} from '../../src/fs/storage/file-content.js';
import { MFSMemoryError, MFSQuotaExceededError, UnsupportedOperationError } from '../../src/index.js';
import { errorOf } from '../helpers.js';

const noGuard: AllocationGuard = { checkBeforeWrite() {} };

function services(
  limit: number,
  defaultStorage: DefaultStorage = 'auto',
  chunkOverhead = 0,
  promotionLimit = 512 * 1024 ** 2,
  guard: AllocationGuard = noGuard,
): StorageServices {
  return { ledger: new QuotaLedger(limit), guard, policy: { defaultStorage, chunkOverhead, promotionLimit } };
}

const text = (content: FileContent, offset = 0, length = content.size) =>
  content.read(offset, length).toString();

describe('ChunkList', () => {
  test('reads across chunk boundaries', () => {
    const list = ChunkList.of([
      Buffer.from('hel'),
      Buffer.from('lo '),
      Buffer.from(''),
      Buffer.from('world'),
    ]);
    expect(list.size).toBe(11);
    expect(list.count).toBe(3);
    const out = Buffer.alloc(11);
    expect(list.readInto(0, 11, out, 0)).toBe(11);
    expect(out.toString()).toBe('hello world');
    const part = Buffer.alloc(5);
    expect(list.readInto(2, 5, part, 0)).toBe(5);
    expect(part.toString()).toBe('llo w');
    expect(list.readInto(11, 5, part, 0)).toBe(0);
    expect(list.readInto(9, 5, part, 0)).toBe(2);
  });

  test('cutTo copies the straddling chunk so no larger buffer stays alive', () => {
    const big = Buffer.from('abcdefgh');
    const list = ChunkList.of([big]);
    list.cutTo(3);
    const out = Buffer.alloc(3);
    list.readInto(0, 3, out, 0);
    expect(out.toString()).toBe('abc');
    big.fill(0x7a);
    list.readInto(0, 3, out, 0);
    expect(out.toString()).toBe('abc');
  });

  test('compacted merges runs of small chunks and leaves large ones', () => {
    const chunks = [
      ...Array.from({ length: 10 }, (_, i) => Buffer.from(String(i))),
      Buffer.alloc(100, 1),
      Buffer.from('x'),
    ];
    const list = ChunkList.of(chunks);
    const merged = list.compacted(50, 1000);
    expect(merged.count).toBe(3);
    expect(merged.size).toBe(list.size);
    const out = Buffer.alloc(list.size);
    merged.readInto(0, list.size, out, 0);
    expect(out.subarray(0, 10).toString()).toBe('0123456789');
    expect(list.count).toBe(12);
  });

  test('a frozen chunk is never written in place: the writer gets a private copy', () => {
    const list = ChunkList.of([Buffer.from('aaaa'), Buffer.from('bbbb')]);
    const frozen = list.freeze();
    const copies = list.privateCopiesFor(2, 4);
    expect(copies?.size).toBe(2);
    list.overwrite(2, Buffer.from('XXXX'), copies);
    const out = Buffer.alloc(8);
    list.readInto(0, 8, out, 0);
    expect(out.toString()).toBe('aaXXXXbb');
    expect(Buffer.concat(frozen).toString()).toBe('aaaabbbb');
    // The copies are private now: writing again copies nothing.
    expect(list.privateCopiesFor(2, 4)).toBeUndefined();
  });
});

describe('sequential store (D-MemFS test_files_sequential, overhead 0 unless stated)', () => {
  test('appends grow the file; partial reads', () => {
    const content = FileContent.empty(services(1000));
    expect(content.size).toBe(0);
    content.write(0, Buffer.from('hello'));
    content.write(5, Buffer.from(' world'));
    expect(content.size).toBe(11);
    expect(text(content)).toBe('hello world');
    expect(text(content, 6, 5)).toBe('world');
    expect(content.read(11, 5).byteLength).toBe(0);
    expect(content.read(100, 5).byteLength).toBe(0);
  });

  test('a write uses exactly its size; one byte too many is refused with the size unchanged', () => {
    const fits = services(5);
    const content = FileContent.empty(fits);
    content.write(0, Buffer.from('hello'));
    expect(fits.ledger.used).toBe(5);
    const tight = services(4);
    const refused = FileContent.empty(tight);
    expect(() => refused.write(0, Buffer.from('hello'))).toThrow(MFSQuotaExceededError);
    expect(refused.size).toBe(0);
    expect(tight.ledger.used).toBe(0);
  });

  test('truncate shrinks and releases quota', () => {
    const s = services(1000);
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('hello world'));
    content.truncate(5);
    expect(text(content)).toBe('hello');
    expect(s.ledger.used).toBe(5);
  });

  test('a write that is not at the end promotes to random access', () => {
    const s = services(1000);
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('hello'));
    content.write(0, Buffer.from('J'));
    expect(content.storageKind).toBe('random_access');
    expect(text(content)).toBe('Jello');
  });

  test('chunk overhead is charged per chunk', () => {
    const s = services(1000, 'auto', 100);
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('abc'));
    expect(s.ledger.used).toBe(103);
  });

  test('truncate extends with zeros, and beyond the quota is refused with the size unchanged', () => {
    const s = services(10);
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('hello'));
    content.truncate(10);
    expect(content.read(0, 10)).toEqual(Buffer.from('hello\0\0\0\0\0'));
    expect(s.ledger.used).toBe(10);
    const tight = services(7);
    const other = FileContent.empty(tight);
    other.write(0, Buffer.from('hello'));
    expect(() => other.truncate(10)).toThrow(MFSQuotaExceededError);
    expect(other.size).toBe(5);
    expect(tight.ledger.used).toBe(5);
  });

  test('no promotion above promotionHardLimit (strictly greater)', () => {
    const s = services(1000, 'auto', 0, 5);
    const atLimit = FileContent.empty(s);
    atLimit.write(0, Buffer.from('hello'));
    atLimit.write(0, Buffer.from('J'));
    expect(atLimit.storageKind).toBe('random_access');
    const over = FileContent.empty(s);
    over.write(0, Buffer.from('hello!'));
    const error = errorOf(() => over.write(0, Buffer.from('J')));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error.code).toBe('ENOTSUP');
    expect(error.message).toMatch(/exceeds promotionHardLimit 5/);
    expect(text(over)).toBe('hello!');
  });

  test("'sequential' never promotes: a random write is ENOTSUP; appends work", () => {
    const s = services(1000, 'sequential');
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('hello'));
    expect(() => content.write(0, Buffer.from('J'))).toThrow(/promotion is disabled/);
    content.write(5, Buffer.from(' world'));
    expect(text(content)).toBe('hello world');
    expect(content.storageKind).toBe('sequential');
  });

  test('an empty write at any offset does nothing (no promotion)', () => {
    const s = services(1000, 'auto', 128);
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('hello'));
    content.write(0, Buffer.alloc(0));
    expect(content.storageKind).toBe('sequential');
    expect(s.ledger.used).toBe(133);
  });
});

describe('random-access store (D-MemFS test_files_randomaccess)', () => {
  const ra = (limit = 100_000) => services(limit, 'random_access');

  test('write, read, in-place overwrite keeps usage, gap writes zero-fill', () => {
    const s = ra();
    const content = FileContent.empty(s);
    expect(content.storageKind).toBe('random_access');
    content.write(0, Buffer.from('hello'));
    expect(text(content)).toBe('hello');
    content.write(0, Buffer.from('J'));
    expect(s.ledger.used).toBe(5);
    content.write(10, Buffer.from('world'));
    expect(content.size).toBe(15);
    expect(content.read(5, 5)).toEqual(Buffer.alloc(5));
    expect(s.ledger.used).toBe(15);
  });

  test('truncate keeps the prefix; a write beyond the quota leaves the size unchanged', () => {
    const s = ra(3);
    const content = FileContent.empty(s);
    expect(() => content.write(0, Buffer.from('hello'))).toThrow(MFSQuotaExceededError);
    expect(content.size).toBe(0);
    const t = ra();
    const other = FileContent.empty(t);
    other.write(0, Buffer.from('hello world'));
    other.truncate(5);
    expect(text(other)).toBe('hello');
  });

  test('shrinking releases exactly the difference; data is preserved', () => {
    const s = ra();
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(10_000, 7));
    content.truncate(100);
    expect(s.ledger.used).toBe(100);
    expect(content.usage).toBe(100);
    expect(content.read(0, 100)).toEqual(Buffer.alloc(100, 7));
    content.truncate(50);
    expect(s.ledger.used).toBe(50);
    content.truncate(0);
    expect(s.ledger.used).toBe(0);
  });

  test('an empty write uses no quota; a same-size truncate is a no-op', () => {
    const s = ra();
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(0));
    expect(s.ledger.used).toBe(0);
    content.write(0, Buffer.from('hello'));
    content.truncate(5);
    expect(s.ledger.used).toBe(5);
  });

  test('truncate extends with zeros and consumes quota; beyond the quota is refused', () => {
    const s = ra(7);
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('hello'));
    expect(() => content.truncate(10)).toThrow(MFSQuotaExceededError);
    expect(content.size).toBe(5);
    content.truncate(7);
    expect(content.read(0, 7)).toEqual(Buffer.from('hello\0\0'));
    expect(s.ledger.used).toBe(7);
  });

  test('writes spanning many chunks land exactly', () => {
    const s = ra();
    const content = FileContent.empty(s);
    for (let i = 0; i < 10; i++) content.write(i * 3, Buffer.from(`${i}${i}${i}`));
    content.write(4, Buffer.from('ABCDEFGHIJKLMNOP'));
    expect(text(content)).toBe('0001ABCDEFGHIJKLMNOP6777888999');
  });
});

describe('quota formulas (behaviour §5.2/§5.3, OH = 128)', () => {
  test('each append is a chunk: 10 B → 138, another 10 B → 276', () => {
    const s = services(10_000, 'auto', 128);
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(10));
    expect(s.ledger.used).toBe(138);
    content.write(10, Buffer.alloc(10));
    expect(s.ledger.used).toBe(276);
    expect(content.sequentialChunkCount).toBe(2);
  });

  test('truncate: 15 → 143; 30 → 286 (two chunks); shrink collapses to one chunk; 0 → 0', () => {
    const s = services(10_000, 'auto', 128);
    const content = FileContent.empty(s);
    content.truncate(15);
    expect(s.ledger.used).toBe(143);
    content.truncate(30);
    expect(s.ledger.used).toBe(286);
    content.truncate(20);
    expect(s.ledger.used).toBe(148);
    expect(content.sequentialChunkCount).toBe(1);
    content.truncate(0);
    expect(s.ledger.used).toBe(0);
    expect(content.sequentialChunkCount).toBe(0);
  });

  test('five 100-byte appends → 1140; after promotion → 500', () => {
    const s = services(10_000, 'auto', 128);
    const content = FileContent.empty(s);
    for (let i = 0; i < 5; i++) content.write(i * 100, Buffer.alloc(100, i));
    expect(s.ledger.used).toBe(1140);
    content.write(0, Buffer.from('Y'));
    expect(content.storageKind).toBe('random_access');
    expect(s.ledger.used).toBe(500);
    expect(content.sequentialChunkCount).toBe(0);
  });

  test('promotion at the quota boundary needs only the growth, not a second copy of the file', () => {
    // D-MemFS needed `free >= size` here (a transient double charge); dmemfs adopts the chunks.
    const s = services(1000, 'auto', 128);
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(600, 1));
    expect(s.ledger.used).toBe(728);
    content.write(0, Buffer.from('Y'));
    expect(s.ledger.used).toBe(600);
    expect(content.read(0, 2)).toEqual(Buffer.from([0x59, 1]));
  });

  test('a promoting write whose growth does not fit changes nothing (REF-BUG: D-MemFS leaked quota)', () => {
    const s = services(2000, 'auto', 128);
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(500, 1));
    expect(s.ledger.used).toBe(628);
    const error = errorOf(() => content.write(400, Buffer.alloc(1500, 2))) as MFSQuotaExceededError;
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(error.requested).toBe(1400);
    expect(error.available).toBe(1372);
    expect(s.ledger.used).toBe(628);
    expect(content.storageKind).toBe('sequential');
    expect(content.read(0, 500)).toEqual(Buffer.alloc(500, 1));
  });

  test('a promoting write that fits exactly succeeds and releases the overhead', () => {
    const s = services(628 + 1400, 'auto', 128);
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(500, 1));
    content.write(400, Buffer.alloc(1500, 2));
    expect(content.size).toBe(1900);
    expect(s.ledger.used).toBe(1900);
    expect(content.read(399, 2)).toEqual(Buffer.from([1, 2]));
  });

  test('a random-access file costs its size; loadedUsage follows the policy', () => {
    expect(
      FileContent.loadedUsage({ defaultStorage: 'auto', chunkOverhead: 128, promotionLimit: 1 }, 100),
    ).toBe(228);
    expect(
      FileContent.loadedUsage(
        { defaultStorage: 'random_access', chunkOverhead: 128, promotionLimit: 1 },
        100,
      ),
    ).toBe(100);
    expect(
      FileContent.loadedUsage({ defaultStorage: 'auto', chunkOverhead: 128, promotionLimit: 1 }, 0),
    ).toBe(0);
  });
});

describe('FileContent: copying, replacing, freezing', () => {
  test("the store never aliases the caller's buffer", () => {
    const s = services(1000);
    const content = FileContent.empty(s);
    const source = Buffer.from('hello');
    content.write(0, source);
    source.fill(0x78);
    expect(text(content)).toBe('hello');
    const out = content.read(0, 5);
    out.fill(0x79);
    expect(text(content)).toBe('hello');
  });

  test('replace swaps the content atomically, in the same kind of store', () => {
    const s = services(300, 'auto', 128);
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(100));
    content.replace(Buffer.from('tiny'));
    expect(s.ledger.used).toBe(132);
    expect(() => content.replace(Buffer.alloc(200))).toThrow(MFSQuotaExceededError);
    expect(text(content)).toBe('tiny');
    expect(s.ledger.used).toBe(132);
    content.replace(Buffer.alloc(0));
    expect(s.ledger.used).toBe(0);
  });

  test('emptied keeps the store kind (wb truncation keeps random access)', () => {
    const s = services(1000);
    const content = FileContent.empty(s);
    content.write(0, Buffer.from('ab'));
    content.write(0, Buffer.from('c'));
    expect(content.emptied().storageKind).toBe('random_access');
  });

  test('a fork of frozen chunks shares them until written, and a write does not leak into the snapshot', () => {
    const s = services(10_000, 'random_access');
    const original = FileContent.empty(s);
    original.write(0, Buffer.from('hello world'));
    const frozen = original.freeze();
    const fork = FileContent.fromFrozen(s, frozen);
    fork.write(0, Buffer.from('J'));
    original.write(6, Buffer.from('W'));
    expect(text(fork)).toBe('Jello world');
    expect(text(original)).toBe('hello World');
    expect(Buffer.concat(frozen).toString()).toBe('hello world');
  });
});

describe('allocation failures', () => {
  test('an allocation the runtime refuses is MFSMemoryError; quota and content stay unchanged', () => {
    const huge = services(2 ** 40, 'random_access');
    const big = FileContent.empty(huge);
    const error = errorOf(() => big.truncate(2 ** 33));
    expect(error).toBeInstanceOf(MFSMemoryError);
    expect(error.code).toBe('ENOMEM');
    expect(error.message).toMatch(/OS memory allocation failed while extending file to 8,589,934,592 bytes/);
    expect(error.cause).toBeInstanceOf(RangeError);
    expect(huge.ledger.used).toBe(0);
    expect(big.size).toBe(0);
  });

  test('the memory guard runs before the reservation; when it throws nothing is charged', () => {
    const calls: number[] = [];
    const guard: AllocationGuard = {
      checkBeforeWrite(bytes) {
        calls.push(bytes);
        if (bytes > 150) throw new MFSMemoryError('guard');
      },
    };
    const s = services(10_000, 'auto', 128, 512 * 1024 ** 2, guard);
    const content = FileContent.empty(s);
    content.write(0, Buffer.alloc(10));
    expect(() => content.write(10, Buffer.alloc(60))).toThrow('guard');
    expect(calls).toEqual([138, 188]);
    expect(s.ledger.used).toBe(138);
    expect(content.size).toBe(10);
  });
});
