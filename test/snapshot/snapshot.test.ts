/**
 * Snapshots through the public API: what `snapshot` captures, `fromSnapshot` and `restore`, the
 * independence of forks, originals and snapshots (copy-on-write), exact charging, and atomic refusal.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stateOf } from '../../src/fs/filesystem.js';
import {
  BlockingIOError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileSystem,
  MFSNodeLimitExceededError,
  MFSQuotaExceededError,
  type MFSSnapshot,
  NotADirectoryError,
} from '../../src/index.js';
import { imageOf } from '../../src/snapshot/snapshot.js';
import { expectConsistentStats, manualClock, storageKindOf } from '../helpers.js';
import { listTree } from './tree-listing.js';

/** A small tree with empty directories, several chunks in one file, distinct times and generations. */
function sampleTree(options?: ConstructorParameters<typeof MemoryFileSystem>[0]): MemoryFileSystem {
  const clock = manualClock(1_700_000_000_000);
  const mfs = new MemoryFileSystem({ clock: clock.now, ...options });
  mfs.mkdir('/data/empty');
  clock.set(1_700_000_001_000);
  mfs.writeFile('/data/a.txt', 'alpha');
  clock.set(1_700_000_002_500);
  {
    using f = mfs.open('/data/log.bin', 'ab');
    f.write(Buffer.from('one,'));
    f.write(Buffer.from('two,'));
    f.write(Buffer.from('three'));
  }
  mfs.writeFile('/data/zero.bin', '');
  mfs.mkdir('/other/deep/er');
  mfs.writeFile('/other/deep/b.txt', 'beta');
  mfs.writeFile('/top.txt', 'top');
  return mfs;
}

describe('snapshot', () => {
  test('a fork of the whole tree is identical to it: empty directories, times, generations, order', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    const fork = MemoryFileSystem.fromSnapshot(snap);
    expect(listTree(fork)).toEqual(listTree(mfs));
    expect(fork.exportTree('/', { onlyDirty: true })).toEqual(mfs.exportTree('/', { onlyDirty: true }));
    expect(fork.stats()).toEqual(mfs.stats());
    expectConsistentStats(fork);
    expect(snap.prefix).toBe('/');
    expect(snap.fileCount).toBe(mfs.stats().fileCount);
    expect(snap.dirCount).toBe(mfs.stats().dirCount);
    expect(snap.size).toBe(5 + 13 + 0 + 4 + 3);
  });

  test('a prefix keeps absolute paths and brings its ancestors as plain directories', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot('/other/deep');
    expect(snap.paths()).toEqual(['/other', '/other/deep', '/other/deep/er', '/other/deep/b.txt']);
    const fork = MemoryFileSystem.fromSnapshot(snap);
    expect(listTree(fork, '/other/deep')).toEqual(listTree(mfs, '/other/deep'));
    expect(fork.listdir('/')).toEqual(['other']);
    expect(fork.stat('/other')).toEqual(mfs.stat('/other'));
    expect(fork.stat('/')).toEqual(mfs.stat('/'));
    expect(snap.dirCount).toBe(fork.stats().dirCount);
  });

  test('a file prefix gives that file and its directories', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot('data/a.txt/');
    expect(snap.prefix).toBe('/data/a.txt');
    expect(snap.paths()).toEqual(['/data', '/data/a.txt']);
    expect(snap.fileCount).toBe(1);
    const fork = MemoryFileSystem.fromSnapshot(snap);
    expect(fork.readFile('/data/a.txt', 'utf8')).toBe('alpha');
    expect(fork.listdir('/data')).toEqual(['a.txt']);
  });

  test('a missing prefix or a bad one throws the documented error', () => {
    const mfs = sampleTree();
    expect(() => mfs.snapshot('/nope')).toThrow(FileNotFoundError);
    expect(() => mfs.snapshot('/top.txt/x')).toThrow(NotADirectoryError);
    expect(() => mfs.snapshot('/../x')).toThrow(InvalidArgumentError);
    expect(() => mfs.snapshot(7 as unknown as string)).toThrow(TypeError);
  });

  test('the read-only accessors describe the snapshot as it was taken', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot('/data');
    mfs.writeFile('/data/a.txt', 'changed');
    mfs.rmtree('/data/empty');
    expect(snap.has('/data/empty')).toBe(true);
    expect(snap.has('data/a.txt')).toBe(true);
    expect(snap.has('/top.txt')).toBe(false);
    expect(snap.readFile('/data/a.txt', 'utf8')).toBe('alpha');
    expect(snap.readFile('/data/log.bin')).toEqual(Buffer.from('one,two,three'));
    expect(snap.readFile('/data/zero.bin')).toEqual(Buffer.alloc(0));
    expect(snap.stat('/data/log.bin')).toEqual({
      size: 13,
      createdAt: 1_700_000_002_500,
      modifiedAt: 1_700_000_002_500,
      generation: 3,
      isDir: false,
    });
    expect(snap.stat('/data/empty')).toEqual({
      size: 0,
      createdAt: 1_700_000_000_000,
      modifiedAt: 1_700_000_000_000,
      generation: 0,
      isDir: true,
    });
    expect(() => snap.readFile('/data')).toThrow(IsADirectoryError);
    expect(() => snap.readFile('/data/a.txt', 'klingon' as BufferEncoding)).toThrow(InvalidArgumentError);
    expect(() => snap.stat('/data/missing')).toThrow(FileNotFoundError);
    expect(() => snap.stat('/data/a.txt/x')).toThrow(NotADirectoryError);
    expect(() => snap.readFile('/../etc')).toThrow(InvalidArgumentError);
  });

  test('a snapshot is immutable: frozen, and what it hands out is a copy', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    expect(Object.isFrozen(snap)).toBe(true);
    const copy = snap.readFile('/data/a.txt');
    copy.fill(0);
    const paths = snap.paths();
    paths.length = 0;
    expect(snap.readFile('/data/a.txt', 'utf8')).toBe('alpha');
    expect(snap.paths()).toContain('/data/a.txt');
    expect(Object.isFrozen(imageOf(snap).entries)).toBe(true);
  });

  test('a file open for writing is captured as it is at that instant', () => {
    const mfs = new MemoryFileSystem();
    using f = mfs.open('/live.bin', 'wb');
    f.write(Buffer.from('abc'));
    const snap = mfs.snapshot();
    f.write(Buffer.from('def'));
    f.seek(1);
    f.write(Buffer.from('X'));
    f.close();
    expect(snap.readFile('/live.bin', 'utf8')).toBe('abc');
    expect(mfs.readFile('/live.bin', 'utf8')).toBe('aXcdef');
    expectConsistentStats(mfs);
  });

  test('taking a snapshot copies no bytes: the fork shares the chunks until it writes', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    const fork = MemoryFileSystem.fromSnapshot(snap);
    const forkChunks = stateOf(fork).tree.resolve('/data/log.bin');
    const imageChunks = imageOf(snap).get('/data/log.bin');
    if (forkChunks?.kind !== 'file' || imageChunks?.kind !== 'file') throw new Error('missing file');
    const shared = forkChunks.content.freeze();
    expect(shared).toHaveLength(3);
    shared.forEach((chunk, i) => {
      expect(chunk).toBe(imageChunks.chunks[i]);
    });
  });
});

describe('copy-on-write independence', () => {
  test('writes in a fork show neither in the original nor in the snapshot, and the other way round', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    const before = listTree(mfs);
    const fork = MemoryFileSystem.fromSnapshot(snap);
    {
      using f = fork.open('/data/log.bin', 'r+b');
      f.seek(5);
      f.write(Buffer.from('TW')); // inside the second chunk
    }
    fork.writeFile('/data/a.txt', '+more', { mode: 'ab' });
    expect(fork.readFile('/data/log.bin', 'utf8')).toBe('one,tTW,three');
    expect(listTree(mfs)).toEqual(before);
    expect(snap.readFile('/data/log.bin', 'utf8')).toBe('one,two,three');

    {
      using f = mfs.open('/data/a.txt', 'r+b');
      f.write(Buffer.from('ALP'));
    }
    expect(mfs.readFile('/data/a.txt', 'utf8')).toBe('ALPha');
    expect(fork.readFile('/data/a.txt', 'utf8')).toBe('alpha+more');
    expect(snap.readFile('/data/a.txt', 'utf8')).toBe('alpha');
    expectConsistentStats(mfs);
    expectConsistentStats(fork);
  });

  test('after restore, writes on either side never show on the other or in the snapshot', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    const other = new MemoryFileSystem();
    other.writeFile('/gone.txt', 'replaced by the restore');
    other.restore(snap);
    expect(listTree(other)).toEqual(listTree(mfs));
    {
      using f = other.open('/data/log.bin', 'r+b');
      f.seek(6);
      f.write(Buffer.from('!')); // the middle of a shared chunk
    }
    {
      using f = mfs.open('/data/log.bin', 'r+b');
      f.seek(1);
      f.write(Buffer.from('?'));
    }
    expect(other.readFile('/data/log.bin', 'utf8')).toBe('one,tw!,three');
    expect(mfs.readFile('/data/log.bin', 'utf8')).toBe('o?e,two,three');
    expect(snap.readFile('/data/log.bin', 'utf8')).toBe('one,two,three');
    expect(MemoryFileSystem.fromSnapshot(snap).readFile('/data/log.bin', 'utf8')).toBe('one,two,three');
  });

  test('appends, truncates, wb and removal in a fork leave the snapshot intact', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    const fork = MemoryFileSystem.fromSnapshot(snap);
    {
      using f = fork.open('/data/log.bin', 'r+b');
      f.truncate(6);
      f.truncate(9);
    }
    fork.writeFile('/data/a.txt', 'new');
    fork.writeFile('/data/zero.bin', 'grown', { mode: 'ab' });
    fork.rmtree('/other');
    expect(fork.readFile('/data/log.bin')).toEqual(Buffer.from('one,tw\0\0\0'));
    const again = MemoryFileSystem.fromSnapshot(snap);
    expect(listTree(again)).toEqual(listTree(mfs));
    expectConsistentStats(fork);
  });

  test('random interleaved writes on an original and two forks keep each one separate', () => {
    type Target = 0 | 1 | 2;
    const step = fc.record({
      target: fc.constantFrom<Target>(0, 1, 2),
      file: fc.constantFrom('/f0', '/f1'),
      kind: fc.constantFrom('write', 'append', 'truncate'),
      offset: fc.nat(40),
      data: fc.uint8Array({ minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('auto', 'random_access') as fc.Arbitrary<'auto' | 'random_access'>,
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.array(step, { maxLength: 25 }),
        (defaultStorage, pieces, steps) => {
          const original = new MemoryFileSystem({ defaultStorage });
          for (const file of ['/f0', '/f1']) {
            using f = original.open(file, 'ab');
            for (const piece of pieces) f.write(piece);
          }
          const initial = Buffer.concat(pieces);
          const snap = original.snapshot();
          const systems = [
            original,
            MemoryFileSystem.fromSnapshot(snap),
            MemoryFileSystem.fromSnapshot(snap),
          ];
          const models = systems.map(
            () =>
              new Map([
                ['/f0', initial],
                ['/f1', initial],
              ]),
          );
          for (const { target, file, kind, offset, data } of steps) {
            const model = models[target];
            const current = model.get(file)!;
            using f = systems[target].open(file, 'r+b');
            if (kind === 'truncate') {
              f.truncate(offset);
              const next = Buffer.alloc(offset);
              current.copy(next, 0, 0, offset);
              model.set(file, next);
            } else {
              const at = kind === 'append' ? current.length : offset;
              f.seek(at);
              f.write(data);
              const next = Buffer.alloc(Math.max(current.length, at + data.length));
              current.copy(next);
              Buffer.from(data).copy(next, at);
              model.set(file, next);
            }
          }
          systems.forEach((system, i) => {
            for (const file of ['/f0', '/f1']) expect(system.readFile(file)).toEqual(models[i].get(file));
            expectConsistentStats(system);
          });
          expect(snap.readFile('/f0')).toEqual(initial);
          expect(snap.readFile('/f1')).toEqual(initial);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('charging', () => {
  test('a fork is charged the full logical size, per chunk, under its own storage policy', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot('/data');
    // a.txt: 1 chunk, log.bin: 3 chunks, zero.bin: none.
    const sequential = MemoryFileSystem.fromSnapshot(snap);
    expect(sequential.stats().usedBytes).toBe(5 + 256 + 13 + 3 * 256);
    expect(sequential.stats().chunkCount).toBe(4);
    const custom = MemoryFileSystem.fromSnapshot(snap, { chunkOverheadOverride: 10 });
    expect(custom.stats().usedBytes).toBe(5 + 10 + 13 + 30);
    const random = MemoryFileSystem.fromSnapshot(snap, { defaultStorage: 'random_access' });
    expect(random.stats().usedBytes).toBe(18);
    expect(storageKindOf(random, '/data/log.bin')).toBe('random_access');
    for (const fork of [sequential, custom, random]) expectConsistentStats(fork);
  });

  test('a promoted file in the original is charged per chunk in an auto fork, exactly', () => {
    const mfs = new MemoryFileSystem();
    {
      using f = mfs.open('/p.bin', 'wb');
      f.write(Buffer.alloc(20_000, 1));
      f.write(Buffer.alloc(20_000, 2));
      f.seek(5);
      f.write(Buffer.from('promote'));
    }
    expect(storageKindOf(mfs, '/p.bin')).toBe('random_access');
    const fork = MemoryFileSystem.fromSnapshot(mfs.snapshot());
    expect(storageKindOf(fork, '/p.bin')).toBe('sequential');
    expect(fork.stats().usedBytes).toBe(40_000 + 2 * 256);
    expectConsistentStats(fork);
    {
      using f = fork.open('/p.bin', 'r+b');
      f.seek(30_000);
      f.write(Buffer.from('again'));
    }
    expect(storageKindOf(fork, '/p.bin')).toBe('random_access');
    expect(fork.stats().usedBytes).toBe(40_000);
    expect(mfs.readFile('/p.bin').subarray(30_000, 30_005)).toEqual(Buffer.alloc(5, 2));
    expectConsistentStats(fork);
  });

  test('restore releases what the old tree held and charges what the new one holds', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot('/data/a.txt');
    mfs.restore(snap);
    expect(mfs.stats().usedBytes).toBe(5 + 256);
    expect(mfs.stats().fileCount).toBe(1);
    expect(mfs.stats().dirCount).toBe(2);
    expectConsistentStats(mfs);
  });
});

describe('refusals leave everything as it was', () => {
  test('fromSnapshot over the quota or the node cap throws and builds nothing', () => {
    const snap = sampleTree().snapshot();
    const needed = MemoryFileSystem.fromSnapshot(snap).stats().usedBytes;
    const quota = (() => {
      try {
        MemoryFileSystem.fromSnapshot(snap, { maxQuota: needed - 1 });
      } catch (error) {
        return error;
      }
    })();
    expect(quota).toBeInstanceOf(MFSQuotaExceededError);
    expect(quota).toMatchObject({ code: 'ENOSPC', requested: needed, available: needed - 1 });
    expect(MemoryFileSystem.fromSnapshot(snap, { maxQuota: needed }).stats().freeBytes).toBe(0);
    const nodes = snap.fileCount + snap.dirCount;
    expect(() => MemoryFileSystem.fromSnapshot(snap, { maxNodes: nodes - 1 })).toThrow(
      MFSNodeLimitExceededError,
    );
    expect(MemoryFileSystem.fromSnapshot(snap, { maxNodes: nodes }).stats().fileCount).toBe(snap.fileCount);
  });

  test('restore over the quota or the node cap changes nothing', () => {
    const big = new MemoryFileSystem();
    big.writeFile('/big.bin', Buffer.alloc(10_000));
    big.mkdir('/a/b/c/d');
    const snap = big.snapshot();
    const clock = () => 1_000;
    const small = new MemoryFileSystem({ maxQuota: 5_000, maxNodes: 4, clock });
    small.writeFile('/keep.txt', 'keep');
    const before = listTree(small);
    const stats = small.stats();
    expect(() => small.restore(snap)).toThrow(MFSNodeLimitExceededError);
    const roomy = new MemoryFileSystem({ maxQuota: 5_000, clock });
    roomy.writeFile('/keep.txt', 'keep');
    expect(() => roomy.restore(snap)).toThrow(MFSQuotaExceededError);
    expect(listTree(small)).toEqual(before);
    expect(small.stats()).toEqual(stats);
    expect(listTree(roomy)).toEqual(before);
    expectConsistentStats(roomy);
  });

  test('restore waits for no one: any open file, reader or writer, makes it throw EBUSY', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    mfs.writeFile('/data/a.txt', 'changed');
    const before = listTree(mfs);
    for (const mode of ['rb', 'ab'] as const) {
      const handle = mfs.open('/other/deep/b.txt', mode);
      const error = (() => {
        try {
          mfs.restore(snap);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BlockingIOError);
      expect(error).toMatchObject({ code: 'EBUSY', path: '/other/deep/b.txt' });
      handle.close();
      expect(listTree(mfs)).toEqual(before);
    }
    mfs.restore(snap);
    expect(mfs.readFile('/data/a.txt', 'utf8')).toBe('alpha');
  });

  test('restoring a snapshot of the same filesystem rolls it back', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    const before = listTree(mfs);
    mfs.rmtree('/data');
    mfs.writeFile('/new.txt', 'new');
    mfs.restore(snap);
    expect(listTree(mfs)).toEqual(before);
    expectConsistentStats(mfs);
  });

  test('a walk in progress over the old tree stops at the restore', () => {
    const mfs = sampleTree();
    const snap = new MemoryFileSystem().snapshot();
    const walk = mfs.walk('/');
    expect(walk.next().value?.[0]).toBe('/');
    mfs.restore(snap);
    expect([...walk]).toEqual([]);
    expect(mfs.listdir('/')).toEqual([]);
  });

  test('wrong argument types are TypeErrors, bad options InvalidArgumentErrors', () => {
    const mfs = sampleTree();
    const snap = mfs.snapshot();
    expect(() => mfs.restore({} as MFSSnapshot)).toThrow(TypeError);
    expect(() => MemoryFileSystem.fromSnapshot(structuredClone(snap))).toThrow(/toBytes/);
    expect(() => MemoryFileSystem.fromSnapshot(snap, { maxQuota: -1 })).toThrow(InvalidArgumentError);
  });
});
