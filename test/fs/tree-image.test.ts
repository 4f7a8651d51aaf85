/**
 * The engine's tree images: what `captureImage` records, the checks `TreeImage.fromEntries` makes
 * on entries from outside, and `mountImage` swapping a whole tree in at once.
 */
import { describe, expect, test } from 'vitest';
import { stateOf } from '../../src/fs/filesystem.js';
import {
  BlockingIOError,
  captureImage,
  type ImageEntry,
  InvalidArgumentError,
  MemoryFileSystem,
  mountImage,
  TreeImage,
} from '../../src/fs/index.js';
import { expectConsistentStats, manualClock } from '../helpers.js';

const dir = (path: string, time = 0): ImageEntry => ({
  kind: 'directory',
  path,
  createdAt: time,
  modifiedAt: time,
});
const file = (path: string, text: string, generation = 1): ImageEntry => ({
  kind: 'file',
  path,
  createdAt: 5,
  modifiedAt: 6,
  generation,
  size: Buffer.byteLength(text),
  chunks: [Buffer.from(text)],
});

describe('captureImage', () => {
  test('records root, ancestors and the subtree in listing order, sharing the chunks', () => {
    const clock = manualClock(100);
    const mfs = new MemoryFileSystem({ clock: clock.now });
    mfs.mkdir('/a/b/c');
    mfs.mkdir('/a/x');
    clock.set(200);
    mfs.writeFile('/a/b/c/f', 'data');
    const image = captureImage(mfs, '/a/b');
    expect(image.prefix).toBe('/a/b');
    expect(image.entries.map((entry) => entry.path)).toEqual(['/', '/a', '/a/b', '/a/b/c', '/a/b/c/f']);
    expect(image.get('/a/b/c/f')).toMatchObject({ kind: 'file', size: 4, generation: 1, modifiedAt: 200 });
    expect(image.get('/a/x')).toBeUndefined();
    expect([image.fileCount, image.directoryCount, image.nodeCount, image.size]).toEqual([1, 4, 5, 4]);
    const node = stateOf(mfs).tree.resolve('/a/b/c/f');
    if (node?.kind !== 'file') throw new Error('missing');
    const entry = image.get('/a/b/c/f');
    if (entry?.kind !== 'file') throw new Error('missing');
    expect(node.content.freeze()[0]).toBe(entry.chunks[0]);
    expect(Object.isFrozen(image)).toBe(true);
    expect(Object.isFrozen(entry)).toBe(true);
  });
});

describe('TreeImage.fromEntries', () => {
  test('accepts a valid list, drops empty chunks, and copies the entries', () => {
    const chunks = [Buffer.from('a'), new Uint8Array(0), Buffer.from('b')];
    const raw: ImageEntry = {
      kind: 'file',
      path: '/f',
      createdAt: 0,
      modifiedAt: 0,
      generation: 0,
      size: 2,
      chunks,
    };
    const image = TreeImage.fromEntries('/', [dir('/'), raw]);
    const entry = image.get('/f');
    if (entry?.kind !== 'file') throw new Error('missing');
    expect(entry.chunks).toHaveLength(2);
    chunks.length = 0;
    expect(entry.chunks).toHaveLength(2);
  });

  test('refuses malformed entries with InvalidArgumentError', () => {
    const bad: [string, unknown[]][] = [
      ['/', []],
      ['/', [null]],
      ['/', [{ ...dir('/'), path: 1 }]],
      ['/', [dir('/'), { ...file('/f', 'x'), generation: -1 }]],
      ['/', [dir('/'), { ...file('/f', 'x'), generation: 1.5 }]],
      ['/', [dir('/'), { ...file('/f', 'x'), size: 2 }]],
      ['/', [dir('/'), { ...file('/f', 'x'), chunks: 'x' }]],
      ['/', [dir('/'), { ...file('/f', 'x'), chunks: ['x'] }]],
      ['/', [dir('/'), { ...dir('/d'), kind: 'link' }]],
      ['/', [dir('/'), { ...dir('/d'), createdAt: '0' }]],
      ['x', [dir('/')]],
      [1 as unknown as string, [dir('/')]],
    ];
    for (const [prefix, entries] of bad) {
      expect(() => TreeImage.fromEntries(prefix, entries as ImageEntry[])).toThrow(InvalidArgumentError);
    }
  });
});

describe('mountImage', () => {
  test('replaces the whole tree, root times included, and charges exactly', () => {
    const mfs = new MemoryFileSystem({ chunkOverheadOverride: 10 });
    mfs.writeFile('/old.bin', Buffer.alloc(100));
    const image = TreeImage.fromEntries('/', [dir('/', 7), dir('/d', 8), file('/d/f', 'hello', 3)]);
    mountImage(mfs, image);
    expect(mfs.stat('/')).toMatchObject({ createdAt: 7, modifiedAt: 7 });
    expect(mfs.stat('/d/f')).toMatchObject({ size: 5, createdAt: 5, modifiedAt: 6, generation: 3 });
    expect(mfs.exists('/old.bin')).toBe(false);
    expect(mfs.stats()).toMatchObject({ usedBytes: 15, fileCount: 1, dirCount: 2 });
    expectConsistentStats(mfs);
  });

  test('chunks from outside become shared: writes in a mounted tree never land in them', () => {
    const chunk = Buffer.from('original');
    const image = TreeImage.fromEntries('/', [
      dir('/'),
      { kind: 'file', path: '/f', createdAt: 0, modifiedAt: 0, generation: 0, size: 8, chunks: [chunk] },
    ]);
    for (const defaultStorage of ['auto', 'random_access'] as const) {
      const mfs = new MemoryFileSystem({ defaultStorage });
      mountImage(mfs, image);
      using f = mfs.open('/f', 'r+b');
      f.write(Buffer.from('OVER'));
      f.close();
      expect(mfs.readFile('/f', 'utf8')).toBe('OVERinal');
    }
    expect(chunk.toString()).toBe('original');
  });

  test('refuses while a file is open, and needs a TreeImage', () => {
    const mfs = new MemoryFileSystem();
    const handle = mfs.open('/open', 'wb');
    const image = TreeImage.fromEntries('/', [dir('/')]);
    expect(() => mountImage(mfs, image)).toThrow(BlockingIOError);
    handle.close();
    expect(() => mountImage(mfs, {} as TreeImage)).toThrow(TypeError);
    mountImage(mfs, image);
    expect(mfs.listdir('/')).toEqual([]);
  });
});
