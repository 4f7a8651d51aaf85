import { describe, expect, test } from 'vitest';
import {
  BlockingIOError,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileSystem,
  MFSNodeLimitExceededError,
  MFSQuotaExceededError,
  NotADirectoryError,
} from '../../src/index.js';
import { errorOf, expectConsistentStats, readBytes, writeBytes } from '../helpers.js';

describe('exportAsBuffer', () => {
  test('a detached copy, outside the quota', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'old');
    const copy = mfs.exportAsBuffer('/f');
    writeBytes(mfs, '/f', 'new');
    expect(copy.toString()).toBe('old');
    copy.fill(0);
    expect(readBytes(mfs, '/f').toString()).toBe('new');
  });

  test('missing, directory, maxSize', () => {
    const mfs = new MemoryFileSystem();
    expect(() => mfs.exportAsBuffer('/nope')).toThrow(FileNotFoundError);
    mfs.mkdir('/d');
    expect(() => mfs.exportAsBuffer('/d')).toThrow(IsADirectoryError);
    writeBytes(mfs, '/f', Buffer.alloc(100));
    expect(() => mfs.exportAsBuffer('/f', { maxSize: 50 })).toThrow('File size 100 exceeds maxSize=50.');
    expect(mfs.exportAsBuffer('/f', { maxSize: 100 }).byteLength).toBe(100);
    expect(mfs.exportAsBuffer('/f', { maxSize: null }).byteLength).toBe(100);
    expect(() => mfs.exportAsBuffer('/f', { maxSize: -1 })).toThrow(InvalidArgumentError);
    expect(() => mfs.exportAsBuffer('/f', { maxSize: '5' as unknown as number })).toThrow(TypeError);
  });

  test('allowed with readers; a writer open on the file is EAGAIN, not a deadlock (REF-BUG)', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'x');
    {
      using _reader = mfs.open('/f', 'rb');
      expect(mfs.exportAsBuffer('/f').toString()).toBe('x');
    }
    using _writer = mfs.open('/f', 'wb');
    const error = errorOf(() => mfs.exportAsBuffer('/f'));
    expect(error).toBeInstanceOf(BlockingIOError);
    expect(error.code).toBe('EAGAIN');
  });
});

describe('exportTree and iterExportTree', () => {
  function seeded() {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/dir');
    writeBytes(mfs, '/dir/a.bin', 'a');
    mfs.mkdir('/dir/sub');
    writeBytes(mfs, '/dir/sub/b.bin', 'b');
    mfs.mkdir('/empty');
    writeBytes(mfs, '/top.bin', 'top');
    return mfs;
  }

  test('every file, depth first in insertion order; empty directories are not entries', () => {
    const mfs = seeded();
    const tree = mfs.exportTree();
    expect([...tree.keys()]).toEqual(['/dir/a.bin', '/dir/sub/b.bin', '/top.bin']);
    expect(tree.get('/dir/sub/b.bin')?.toString()).toBe('b');
  });

  test('a prefix: a directory, a file, a missing path', () => {
    const mfs = seeded();
    expect([...mfs.exportTree('/dir').keys()]).toEqual(['/dir/a.bin', '/dir/sub/b.bin']);
    expect([...mfs.exportTree('/top.bin')]).toEqual([['/top.bin', Buffer.from('top')]]);
    expect(mfs.exportTree('/nonexistent').size).toBe(0);
    expect(() => mfs.exportTree('/../x')).toThrow(InvalidArgumentError);
  });

  test('onlyDirty keeps files changed since creation or import', () => {
    const mfs = new MemoryFileSystem();
    mfs.importTree({ '/imported': 'i' });
    mfs.open('/created', 'xb').close();
    writeBytes(mfs, '/written', 'w');
    expect([...mfs.exportTree('/', { onlyDirty: true }).keys()]).toEqual(['/written']);
  });

  test('iterExportTree is lazy: errors and reads happen on iteration', () => {
    const mfs = seeded();
    const iterator = mfs.iterExportTree('/../bad');
    expect(() => iterator.next()).toThrow(InvalidArgumentError);
    const lazy = mfs.iterExportTree('/dir');
    writeBytes(mfs, '/dir/a.bin', 'changed before the first next()');
    expect(lazy.next().value?.[1].toString()).toBe('changed before the first next()');
  });

  test('weak consistency: a file removed during iteration is skipped; a renamed one keeps its old key', () => {
    const mfs = seeded();
    const iterator = mfs.iterExportTree('/');
    const first = iterator.next().value!;
    expect(first[0]).toBe('/dir/a.bin');
    mfs.remove('/dir/sub/b.bin');
    mfs.rename('/top.bin', '/renamed.bin');
    expect([...iterator].map(([path]) => path)).toEqual(['/top.bin']);
  });

  test('round trip into a second filesystem', () => {
    const mfs = seeded();
    const other = new MemoryFileSystem();
    other.importTree(mfs.exportTree());
    expect(other.exportTree()).toEqual(mfs.exportTree());
  });
});

describe('importTree', () => {
  test('creates files and their parents; values may be bytes or UTF-8 text; a Map works too', () => {
    const mfs = new MemoryFileSystem();
    mfs.importTree({ '/a/b/c.bin': new Uint8Array([1, 2]), '/a/t.txt': 'héllo' });
    mfs.importTree(new Map([['/m/x', 'map']]));
    expect(readBytes(mfs, '/a/b/c.bin')).toEqual(Buffer.from([1, 2]));
    expect(mfs.readFile('/a/t.txt', 'utf8')).toBe('héllo');
    expect(mfs.readFile('/m/x', 'utf8')).toBe('map');
    expect(mfs.stat('/a/t.txt').generation).toBe(0);
    expectConsistentStats(mfs);
  });

  test('values are copied', () => {
    const mfs = new MemoryFileSystem();
    const bytes = new Uint8Array([1, 2, 3]);
    mfs.importTree({ '/f': bytes });
    bytes.fill(9);
    expect(readBytes(mfs, '/f')).toEqual(Buffer.from([1, 2, 3]));
  });

  test('replacing keeps the listing position; keys that normalize alike: the last one wins', () => {
    const mfs = new MemoryFileSystem();
    mfs.importTree({ '/x': '1', '/y': '2', '/z': '3' });
    mfs.importTree({ '/y': 'replaced' });
    expect(mfs.listdir('/')).toEqual(['x', 'y', 'z']);
    mfs.importTree({ '/a': '1', a: '2', '/b/../a': '3' });
    expect(mfs.readFile('/a', 'utf8')).toBe('3');
  });

  test('an empty import does nothing', () => {
    const mfs = new MemoryFileSystem();
    mfs.importTree({});
    mfs.importTree(new Map());
    expect(mfs.stats().fileCount).toBe(0);
  });

  test('quota: net charge applied once; a failing import leaves usage and files unchanged', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1000, chunkOverheadOverride: 128 });
    mfs.importTree({ '/f': Buffer.alloc(500) });
    expect(mfs.stats().usedBytes).toBe(628);
    mfs.importTree({ '/f': Buffer.alloc(700) });
    expect(mfs.stats().usedBytes).toBe(828);
    const error = errorOf(() => mfs.importTree({ '/f': Buffer.alloc(900) })) as MFSQuotaExceededError;
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect([error.requested, error.available]).toEqual([200, 172]);
    expect(mfs.stats().usedBytes).toBe(828);
    expect(mfs.getSize('/f')).toBe(700);
    mfs.importTree({ '/f': new Uint8Array(0) });
    expect(mfs.stats().usedBytes).toBe(0);
  });

  test('a failing import creates no parent directories', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 100 });
    expect(() => mfs.importTree({ '/new/deep/big': Buffer.alloc(1000) })).toThrow(MFSQuotaExceededError);
    expect(mfs.exists('/new')).toBe(false);
    expect(() => mfs.importTree({ '/new/deep/path/file.bin': 'ok', '../invalid': 'bad' })).toThrow(
      InvalidArgumentError,
    );
    expect(mfs.exists('/new')).toBe(false);
  });

  test('an open target file is EBUSY before anything changes', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'old');
    using _reader = mfs.open('/f', 'rb');
    const error = errorOf(() => mfs.importTree({ '/g': 'g', '/f': 'new' }));
    expect(error).toBeInstanceOf(BlockingIOError);
    expect(error.message).toBe("Cannot import: file is open: '/f'");
    expect(mfs.exists('/g')).toBe(false);
  });

  test('a directory target is IsADirectoryError, nothing orphaned (REF-BUG)', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/d/sub');
    writeBytes(mfs, '/d/sub/f', 'keep');
    const before = mfs.stats();
    expect(() => mfs.importTree({ '/d': 'x' })).toThrow(IsADirectoryError);
    expect(mfs.stats()).toEqual(before);
    expect(mfs.readFile('/d/sub/f', 'utf8')).toBe('keep');
  });

  test('a file parent is NotADirectoryError, at any depth, with no side effect (REF-BUG)', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'x');
    const before = mfs.stats();
    expect(() => mfs.importTree({ '/f/x': 'y' })).toThrow(NotADirectoryError);
    expect(() => mfs.importTree({ '/ok': 'fine', '/f/x/y': 'y' })).toThrow(NotADirectoryError);
    expect(mfs.stats()).toEqual(before);
    expect(mfs.exists('/ok')).toBe(false);
    expectConsistentStats(mfs);
  });

  test.each([[{ '/a': '1', '/a/b': '2' }], [{ '/a/b': '2', '/a': '1' }], [{ '/a/b/c': '3', '/a': '1' }]])(
    'keys that are ancestors of each other are InvalidArgumentError (REF-BUG) %#',
    (tree) => {
      const mfs = new MemoryFileSystem();
      expect(() => mfs.importTree(tree)).toThrow(InvalidArgumentError);
      expect(mfs.listdir('/')).toEqual([]);
    },
  );

  test('"/a" and "/a b" are not ancestors of each other', () => {
    const mfs = new MemoryFileSystem();
    mfs.importTree({ '/a': '1', '/a b/c': '3' });
    expect(mfs.readFile('/a', 'utf8')).toBe('1');
    expect(mfs.readFile('/a b/c', 'utf8')).toBe('3');
  });

  test.each(['/', '', '//'])('the root key %j is IsADirectoryError (REF-BUG)', (key) => {
    const mfs = new MemoryFileSystem();
    expect(() => mfs.importTree({ [key]: 'x' })).toThrow(IsADirectoryError);
    expect(mfs.listdir('/')).toEqual([]);
  });

  test('random-access storage charges the size only, so removing returns to 0 (REF-BUG)', () => {
    const mfs = new MemoryFileSystem({ defaultStorage: 'random_access' });
    mfs.importTree({ '/f': Buffer.alloc(100) });
    expect(mfs.stats().usedBytes).toBe(100);
    mfs.remove('/f');
    expect(mfs.stats().usedBytes).toBe(0);
  });

  test('replacing a file works at the node cap (REF-BUG)', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 2 });
    mfs.importTree({ '/a': '1' });
    mfs.importTree({ '/a': '2' });
    expect(mfs.readFile('/a', 'utf8')).toBe('2');
    expect(() => mfs.importTree({ '/b': '3' })).toThrow(MFSNodeLimitExceededError);
    expectConsistentStats(mfs);
  });

  test('the node cap counts new files and new parent directories', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 4 });
    expect(() => mfs.importTree({ '/x/y/z': '1', '/x/w': '2' })).toThrow(MFSNodeLimitExceededError);
    mfs.importTree({ '/x/y/z': '1' });
    expect(mfs.stats().fileCount + mfs.stats().dirCount).toBe(4);
  });

  test('values must be bytes or strings; the source must be a Map or object', () => {
    const mfs = new MemoryFileSystem();
    expect(() => mfs.importTree({ '/a': 42 as unknown as string })).toThrow(TypeError);
    expect(() => mfs.importTree(null as unknown as Record<string, string>)).toThrow(TypeError);
    expect(() => mfs.importTree(Buffer.from('x') as unknown as Record<string, string>)).toThrow(TypeError);
  });

  test('new files get the clock time', () => {
    const mfs = new MemoryFileSystem({ clock: () => 777 });
    mfs.importTree({ '/f': 'x' });
    expect(mfs.stat('/f')).toMatchObject({ createdAt: 777, modifiedAt: 777, generation: 0 });
  });
});

describe('readFile and writeFile', () => {
  test('readFile returns a Buffer, or a string with an encoding', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'héllo');
    expect(mfs.readFile('/f')).toEqual(Buffer.from('héllo'));
    expect(mfs.readFile('/f', 'utf8')).toBe('héllo');
    expect(mfs.readFile('/f', 'base64')).toBe(Buffer.from('héllo').toString('base64'));
    expect(() => mfs.readFile('/f', 'nope' as BufferEncoding)).toThrow(InvalidArgumentError);
    expect(() => mfs.readFile('/missing')).toThrow(FileNotFoundError);
    mfs.mkdir('/d');
    expect(() => mfs.readFile('/d')).toThrow(IsADirectoryError);
  });

  test('writeFile modes: wb replaces, xb requires a new file, ab appends', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'one');
    mfs.writeFile('/f', 'two');
    mfs.writeFile('/f', '+3', { mode: 'ab' });
    mfs.writeFile('/f', '', { mode: 'a' });
    expect(mfs.readFile('/f', 'utf8')).toBe('two+3');
    expect(() => mfs.writeFile('/f', 'x', { mode: 'xb' })).toThrow(FileExistsError);
    mfs.writeFile('/g', 'new', { mode: 'wx' });
    expect(() => mfs.writeFile('/g', 'x', { mode: 'rb' as 'wb' })).toThrow(/writeFile mode/);
    expect(() => mfs.writeFile('/d/x', 'x')).toThrow(FileNotFoundError);
    mfs.mkdir('/d');
    expect(() => mfs.writeFile('/d', 'x')).toThrow(IsADirectoryError);
  });

  test('writeFile follows the generation rules of open + write', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'a');
    expect(mfs.stat('/f').generation).toBe(1);
    mfs.writeFile('/f', 'b');
    expect(mfs.stat('/f').generation).toBe(3);
    mfs.writeFile('/f', '');
    expect(mfs.stat('/f').generation).toBe(4);
    mfs.writeFile('/e', '');
    expect(mfs.stat('/e').generation).toBe(0);
  });

  test('a refused writeFile leaves the existing file untouched (unlike open + write)', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 300, chunkOverheadOverride: 0 });
    mfs.writeFile('/f', 'keep');
    const generation = mfs.stat('/f').generation;
    expect(() => mfs.writeFile('/f', Buffer.alloc(301))).toThrow(MFSQuotaExceededError);
    expect(() => mfs.writeFile('/f', Buffer.alloc(297), { mode: 'ab' })).toThrow(MFSQuotaExceededError);
    expect(mfs.readFile('/f', 'utf8')).toBe('keep');
    expect(mfs.stat('/f').generation).toBe(generation);
    expect(() => mfs.writeFile('/new', Buffer.alloc(297))).toThrow(MFSQuotaExceededError);
    expect(mfs.exists('/new')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('writeFile replacing content can use the quota the old content frees', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 300, chunkOverheadOverride: 0 });
    mfs.writeFile('/f', Buffer.alloc(250));
    mfs.writeFile('/f', Buffer.alloc(290));
    expect(mfs.stats().usedBytes).toBe(290);
  });

  test('both respect locks', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'x');
    {
      using _reader = mfs.open('/f', 'rb');
      expect(mfs.readFile('/f', 'utf8')).toBe('x');
      expect(errorOf(() => mfs.writeFile('/f', 'y'))).toMatchObject({ code: 'EAGAIN' });
    }
    using _writer = mfs.open('/f', 'ab');
    expect(errorOf(() => mfs.readFile('/f'))).toMatchObject({ code: 'EAGAIN' });
  });

  test('writeFile refuses a node beyond the cap before charging', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 1 });
    expect(() => mfs.writeFile('/f', 'x')).toThrow(MFSNodeLimitExceededError);
    expect(mfs.stats().usedBytes).toBe(0);
  });
});

describe('importTree options: directories and modification times', () => {
  test('empty directories are created with the files, all at once', () => {
    const mfs = new MemoryFileSystem();
    mfs.importTree({ '/src/a.ts': 'a' }, { directories: ['/empty', '/deep/er/still', '/src'] });
    expect([...mfs.walk('/')].map(([path]) => path)).toEqual([
      '/',
      '/src',
      '/empty',
      '/deep',
      '/deep/er',
      '/deep/er/still',
    ]);
    expectConsistentStats(mfs);
  });

  test('only directories is enough; existing directories are fine', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/x');
    mfs.importTree({}, { directories: new Set(['/x', '/y']) });
    expect(mfs.listdir('/')).toEqual(['x', 'y']);
  });

  test('modifiedAt applies to imported files and to directories the import creates', () => {
    const mfs = new MemoryFileSystem({ clock: () => 5000 });
    mfs.mkdir('/old');
    mfs.importTree(
      { '/old/f': 'f', '/new/g': 'g' },
      { directories: ['/empty'], modifiedAt: { '/old/f': 1000, '/new': 2000, '/empty': 3000, '/old': 4000 } },
    );
    expect(mfs.stat('/old/f')).toMatchObject({ createdAt: 5000, modifiedAt: 1000 });
    expect(mfs.stat('/new/g')).toMatchObject({ modifiedAt: 5000 });
    expect(mfs.stat('/new').modifiedAt).toBe(2000);
    expect(mfs.stat('/empty').modifiedAt).toBe(3000);
    expect(mfs.stat('/old').modifiedAt).toBe(5000);
  });

  test('conflicts and node cap are checked before anything changes', () => {
    const mfs = new MemoryFileSystem({ maxNodes: 3 });
    mfs.writeFile('/f', 'x');
    expect(() => mfs.importTree({ '/a': '1' }, { directories: ['/a'] })).toThrow(InvalidArgumentError);
    expect(() => mfs.importTree({ '/a': '1' }, { directories: ['/a/b'] })).toThrow(InvalidArgumentError);
    expect(() => mfs.importTree({}, { directories: ['/f'] })).toThrow(FileExistsError);
    expect(() => mfs.importTree({}, { directories: ['/f/x'] })).toThrow(NotADirectoryError);
    expect(() => mfs.importTree({ '/g': '' }, { directories: ['/d'] })).toThrow(MFSNodeLimitExceededError);
    expect(mfs.listdir('/')).toEqual(['f']);
  });

  test('option types are checked', () => {
    const mfs = new MemoryFileSystem();
    expect(() => mfs.importTree({}, { directories: '/d' as unknown as string[] })).toThrow(TypeError);
    expect(() =>
      mfs.importTree({ '/f': 'x' }, { modifiedAt: { '/f': 'soon' as unknown as number } }),
    ).toThrow(TypeError);
    expect(() => mfs.importTree({ '/f': 'x' }, { modifiedAt: { '/f': Number.NaN } })).toThrow(
      InvalidArgumentError,
    );
    expect(mfs.exists('/f')).toBe(false);
  });
});
