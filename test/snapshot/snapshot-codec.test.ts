/**
 * The snapshot byte format: an independent writer of the documented layout pins it, every kind of
 * invalid input is refused with `InvalidArgumentError`, fuzzing never gets anything else out, and
 * random trees survive snapshot → bytes → snapshot → filesystem unchanged.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError, MemoryFileSystem, MFSSnapshot } from '../../src/index.js';
import { crc32 } from '../../src/snapshot/archive/crc32.js';
import { expectConsistentStats, manualClock } from '../helpers.js';
import { listTree } from './tree-listing.js';

interface RawEntry {
  kind: number;
  path: string | Uint8Array;
  createdAt?: number;
  modifiedAt?: number;
  generation?: bigint;
  size?: bigint;
}

interface RawSnapshot {
  prefix?: string;
  entries: RawEntry[];
  data?: Uint8Array;
  version?: number;
  entryCount?: number;
  tableLength?: bigint;
  dataLength?: bigint;
}

/** Writes the documented layout field by field, independently of the encoder under test. */
function writeRaw(raw: RawSnapshot): Uint8Array {
  const table: Buffer[] = [];
  const u32 = (value: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    return b;
  };
  const u64 = (value: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(value);
    return b;
  };
  const f64 = (value: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return b;
  };
  const text = (value: string | Uint8Array) => {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
    return Buffer.concat([u32(bytes.length), bytes]);
  };
  table.push(text(raw.prefix ?? '/'));
  for (const entry of raw.entries) {
    table.push(
      Buffer.of(entry.kind),
      text(entry.path),
      f64(entry.createdAt ?? 0),
      f64(entry.modifiedAt ?? 0),
    );
    if (entry.kind === 2) table.push(u64(entry.generation ?? 0n), u64(entry.size ?? 0n));
  }
  const tableBytes = Buffer.concat(table);
  const data = Buffer.from(raw.data ?? new Uint8Array(0));
  const header = Buffer.concat([
    Buffer.from([0x89, 0x44, 0x4d, 0x46, 0x53, 0x4e, 0x50, 0x0a]),
    u32(raw.version ?? 1),
    u32(raw.entryCount ?? raw.entries.length),
    u64(raw.tableLength ?? BigInt(tableBytes.length)),
    u64(raw.dataLength ?? BigInt(data.length)),
  ]);
  return seal(Buffer.concat([header, tableBytes, data]));
}

/** Appends the CRC-32 trailer. */
function seal(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc32(body), true);
  return out;
}

/** Recomputes the trailer of a modified encoding, so that only its structure is wrong. */
function reseal(bytes: Uint8Array): Uint8Array {
  return seal(bytes.subarray(0, bytes.length - 4));
}

function rejection(bytes: Uint8Array): InvalidArgumentError {
  try {
    MFSSnapshot.fromBytes(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('fromBytes accepted the bytes');
}

const root: RawEntry = { kind: 1, path: '/' };

describe('snapshot bytes', () => {
  test('follow the documented layout exactly', () => {
    const clock = manualClock(1_700_000_000_000.5);
    const mfs = new MemoryFileSystem({ clock: clock.now });
    mfs.mkdir('/d');
    clock.set(1_700_000_000_123);
    mfs.writeFile('/d/f', 'hi');
    mfs.writeFile('/d/f', '!', { mode: 'ab' });
    const written = writeRaw({
      prefix: '/d',
      entries: [
        { kind: 1, path: '/', createdAt: 1_700_000_000_000.5, modifiedAt: 1_700_000_000_000.5 },
        { kind: 1, path: '/d', createdAt: 1_700_000_000_000.5, modifiedAt: 1_700_000_000_000.5 },
        {
          kind: 2,
          path: '/d/f',
          createdAt: 1_700_000_000_123,
          modifiedAt: 1_700_000_000_123,
          generation: 2n,
          size: 3n,
        },
      ],
      data: Buffer.from('hi!'),
    });
    expect(Buffer.from(mfs.snapshot('/d').toBytes())).toEqual(Buffer.from(written));
  });

  test('are deterministic and independent of how the bytes are chunked', () => {
    const build = () => {
      const mfs = new MemoryFileSystem({ clock: () => 42 });
      mfs.mkdir('/empty');
      using f = mfs.open('/many-chunks', 'ab');
      for (let i = 0; i < 10; i++) f.write(Buffer.from(`piece ${i};`));
      f.close();
      return mfs.snapshot();
    };
    const bytes = build().toBytes();
    expect(build().toBytes()).toEqual(bytes);
    // Decoded, the file is one chunk; encoded again, the bytes are the same.
    expect(MFSSnapshot.fromBytes(bytes).toBytes()).toEqual(bytes);
  });

  test('round-trip through Uint8Array, Buffer views at an offset and ArrayBuffer', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/a/empty');
    mfs.writeFile('/a/b.txt', 'content');
    const bytes = mfs.snapshot().toBytes();
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    const padded = Buffer.alloc(bytes.length + 3);
    padded.set(bytes, 3);
    for (const input of [bytes, padded.subarray(3), bytes.slice().buffer]) {
      const fork = MemoryFileSystem.fromSnapshot(MFSSnapshot.fromBytes(input));
      expect(listTree(fork)).toEqual(listTree(mfs));
    }
  });

  test('decoded snapshots keep nothing of the input: changing it later changes nothing', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'stable');
    const bytes = mfs.snapshot().toBytes();
    const asBuffer = Buffer.from(bytes);
    const snap = MFSSnapshot.fromBytes(bytes);
    const fromBuffer = MFSSnapshot.fromBytes(asBuffer);
    bytes.fill(0);
    asBuffer.fill(0);
    expect(snap.readFile('/f', 'utf8')).toBe('stable');
    expect(fromBuffer.readFile('/f', 'utf8')).toBe('stable');
  });

  test('forks of a decoded snapshot stay independent of each other and of it', () => {
    const mfs = new MemoryFileSystem({ defaultStorage: 'random_access' });
    mfs.writeFile('/f', 'shared bytes');
    const snap = MFSSnapshot.fromBytes(mfs.snapshot().toBytes());
    const first = MemoryFileSystem.fromSnapshot(snap, { defaultStorage: 'random_access' });
    const second = MemoryFileSystem.fromSnapshot(snap);
    {
      using f = first.open('/f', 'r+b');
      f.seek(7);
      f.write(Buffer.from('BYTES'));
    }
    expect(first.readFile('/f', 'utf8')).toBe('shared BYTES');
    expect(second.readFile('/f', 'utf8')).toBe('shared bytes');
    expect(snap.readFile('/f', 'utf8')).toBe('shared bytes');
  });

  test('anything but bytes is a TypeError', () => {
    expect(() => MFSSnapshot.fromBytes('snapshot' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => MFSSnapshot.fromBytes(new Uint16Array(40) as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('invalid bytes are refused with InvalidArgumentError', () => {
  const valid = writeRaw({
    entries: [root, { kind: 1, path: '/d' }, { kind: 2, path: '/d/f', size: 3n }],
    data: Buffer.from('abc'),
  });

  test('the writer above produces input the decoder accepts', () => {
    expect(MFSSnapshot.fromBytes(valid).readFile('/d/f', 'utf8')).toBe('abc');
  });

  test('too short, bad magic, unknown version', () => {
    expect(rejection(new Uint8Array(0)).message).toMatch(/too short/);
    const wrongMagic = valid.slice();
    wrongMagic[1] = 0x45;
    expect(rejection(wrongMagic).message).toMatch(/magic/);
    expect(rejection(writeRaw({ entries: [root], version: 2 })).message).toMatch(/version 2/);
  });

  test('every truncation, and trailing bytes', () => {
    for (let length = 0; length < valid.length; length++) rejection(valid.subarray(0, length));
    expect(rejection(Buffer.concat([valid, Buffer.of(0)])).message).toMatch(/after the end|checksum/);
    expect(rejection(reseal(Buffer.concat([valid, Buffer.of(0)]))).message).toMatch(/after the end/);
  });

  test('lengths that point outside are refused before anything is allocated', () => {
    const huge = writeRaw({ entries: [root], dataLength: 2n ** 40n });
    expect(huge.length).toBeLessThan(100);
    expect(rejection(huge).message).toMatch(/truncated/);
    expect(rejection(writeRaw({ entries: [root], tableLength: 2n ** 63n })).message).toMatch(/out of range/);
    expect(rejection(writeRaw({ entries: [root], dataLength: 2n ** 64n - 1n })).message).toMatch(
      /out of range/,
    );
  });

  test('a checksum that does not match', () => {
    const flipped = valid.slice();
    flipped[flipped.length - 6] ^= 1; // a content byte
    expect(rejection(flipped).message).toMatch(/checksum/);
  });

  test('absurd or inconsistent counts', () => {
    expect(rejection(writeRaw({ entries: [root], entryCount: 0 })).message).toMatch(/cannot fit/);
    expect(rejection(writeRaw({ entries: [root], entryCount: 0xffffffff })).message).toMatch(/cannot fit/);
    expect(rejection(writeRaw({ entries: [root, root], entryCount: 1 })).message).toMatch(/unused bytes/);
    const longPrefix = `/${'p'.repeat(100)}`;
    expect(rejection(writeRaw({ prefix: longPrefix, entries: [root], entryCount: 2 })).message).toMatch(
      /ends inside/,
    );
  });

  test('file sizes that do not match the data section', () => {
    expect(
      rejection(writeRaw({ entries: [root, { kind: 2, path: '/f', size: 4n }], data: Buffer.from('abc') }))
        .message,
    ).toMatch(/runs past/);
    expect(
      rejection(writeRaw({ entries: [root, { kind: 2, path: '/f', size: 2n }], data: Buffer.from('abc') }))
        .message,
    ).toMatch(/belong to no file/);
    expect(
      rejection(writeRaw({ entries: [root, { kind: 2, path: '/f', size: 2n ** 60n }] })).message,
    ).toMatch(/out of range|runs past/);
    expect(
      rejection(writeRaw({ entries: [root, { kind: 2, path: '/f', generation: 2n ** 60n }] })).message,
    ).toMatch(/out of range/);
  });

  test('paths that are not normalized, climb, hold NUL or are not UTF-8', () => {
    for (const path of ['/a/../../x', '/a\0b', 'a', '/a/', '/a//b', '/./a', '\\a', '']) {
      rejection(writeRaw({ entries: [root, { kind: 1, path }] }));
    }
    expect(
      rejection(writeRaw({ entries: [root, { kind: 1, path: Uint8Array.of(0x2f, 0xff) }] })).message,
    ).toMatch(/UTF-8/);
    expect(rejection(writeRaw({ prefix: '/x/..', entries: [root] })).message).toMatch(/normalized/);
  });

  test('trees that cannot exist', () => {
    const cases: [RawEntry[], RegExp, string?][] = [
      [[{ kind: 1, path: '/d' }], /root directory/],
      [[{ kind: 2, path: '/' }], /root directory/],
      [[root, root], /Duplicate/],
      [[root, { kind: 1, path: '/d' }, { kind: 2, path: '/d' }], /Duplicate/],
      [[root, { kind: 1, path: '/d/e' }], /before its parent/],
      [[root, { kind: 2, path: '/f' }, { kind: 2, path: '/f/g' }], /under the file/],
      [[root, { kind: 3, path: '/x' }], /unknown kind/],
      [[root, { kind: 1, path: '/a' }], /not one of its entries/, '/a/b'],
      [[root, { kind: 1, path: '/a' }, { kind: 1, path: '/b' }], /outside its prefix/, '/a'],
      [[root, { kind: 1, path: '/a', createdAt: Number.NaN }], /finite/],
      [[root, { kind: 1, path: '/a', modifiedAt: Number.POSITIVE_INFINITY }], /finite/],
    ];
    for (const [entries, message, prefix] of cases) {
      expect(rejection(writeRaw({ entries, prefix })).message).toMatch(message);
    }
  });
});

/** Random small trees: nested names (some non-ASCII), empty directories, files written in pieces. */
const treeArbitrary = fc.record({
  directories: fc.array(fc.array(fc.constantFrom('a', 'b', 'é', '日本'), { minLength: 1, maxLength: 3 }), {
    maxLength: 5,
  }),
  files: fc.array(
    fc.record({
      dir: fc.array(fc.constantFrom('a', 'b', 'é'), { maxLength: 2 }),
      name: fc.constantFrom('f', 'g.bin', 'x y', '[z]'),
      pieces: fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 4 }),
      time: fc.integer({ min: 0, max: 2 ** 42 }),
    }),
    { maxLength: 8 },
  ),
});

function buildTree(spec: TreeSpec): MemoryFileSystem {
  const clock = manualClock(0);
  const mfs = new MemoryFileSystem({ clock: clock.now });
  for (const names of spec.directories) {
    if (!mfs.exists(`/${names.join('/')}`)) {
      try {
        mfs.mkdir(`/${names.join('/')}`);
      } catch {
        // A file is in the way; the tree just does not get this directory.
      }
    }
  }
  for (const file of spec.files) {
    const path = `/${[...file.dir, file.name].join('/')}`;
    clock.set(file.time);
    try {
      mfs.mkdir(`/${file.dir.join('/')}`, { existOk: true });
      using f = mfs.open(path, 'ab');
      for (const piece of file.pieces) f.write(piece);
    } catch {
      // A directory or file is in the way; skip this one.
    }
  }
  return mfs;
}

type TreeSpec = typeof treeArbitrary extends fc.Arbitrary<infer T> ? T : never;

function encodedTree(): fc.Arbitrary<Uint8Array> {
  return treeArbitrary.map((spec) => buildTree(spec).snapshot().toBytes());
}

describe('fuzzing', () => {
  test('random trees survive snapshot → bytes → snapshot → filesystem unchanged', () => {
    fc.assert(
      fc.property(treeArbitrary, fc.nat(), (spec, pick) => {
        const mfs = buildTree(spec);
        const paths = ['/', ...mfs.snapshot().paths()];
        const prefix = paths[pick % paths.length];
        const snap = MFSSnapshot.fromBytes(structuredClone(mfs.snapshot(prefix).toBytes()));
        const fork = MemoryFileSystem.fromSnapshot(snap);
        expect(listTree(fork, prefix)).toEqual(listTree(mfs, prefix));
        expect(fork.stat('/')).toEqual(mfs.stat('/'));
        expectConsistentStats(fork);
      }),
      { numRuns: 200 },
    );
  });

  test('every single changed byte is detected', () => {
    fc.assert(
      fc.property(encodedTree(), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, xor) => {
        const corrupt = bytes.slice();
        corrupt[at % corrupt.length] ^= xor;
        rejection(corrupt);
      }),
      { numRuns: 500 },
    );
  });

  test('every truncation is detected', () => {
    fc.assert(
      fc.property(encodedTree(), fc.nat(), (bytes, cut) => {
        rejection(bytes.subarray(0, cut % bytes.length));
      }),
      { numRuns: 300 },
    );
  });

  test('random bytes behind a valid header and checksum give InvalidArgumentError or a sound snapshot', () => {
    fc.assert(
      fc.property(
        encodedTree(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (bytes, edits) => {
          const corrupt = bytes.slice();
          // Edit the table and data only (not the magic), then make the checksum match again.
          for (const [at, value] of edits) corrupt[8 + (at % (corrupt.length - 12))] = value;
          let snap: MFSSnapshot;
          try {
            snap = MFSSnapshot.fromBytes(reseal(corrupt));
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidArgumentError);
            return;
          }
          const fork = MemoryFileSystem.fromSnapshot(snap);
          expectConsistentStats(fork);
          expect(fork.stats().fileCount).toBe(snap.fileCount);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('random garbage is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (garbage) => {
        rejection(garbage);
      }),
    );
  });
});
