import { describe, expect, test } from 'vitest';
import { FileNotFoundError, MemoryFileSystem, NotADirectoryError } from '../../src/index.js';
import { writeBytes } from '../helpers.js';

function sample() {
  const mfs = new MemoryFileSystem();
  for (const path of [
    '/top.txt',
    '/a/x.txt',
    '/a/B.TXT',
    '/a/b/y.txt',
    '/a/b/c/z.txt',
    '/a/b/c/w.bin',
    '/x/y/q.txt',
    '/.hidden',
  ]) {
    mfs.importTree({ [path]: path });
  }
  return mfs;
}

describe('walk', () => {
  test('top-down, insertion order, names only (D-MemFS example)', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/a/b');
    writeBytes(mfs, '/a/f.bin', 'f');
    writeBytes(mfs, '/a/b/g.bin', 'g');
    expect([...mfs.walk('/a')]).toEqual([
      ['/a', ['b'], ['f.bin']],
      ['/a/b', [], ['g.bin']],
    ]);
  });

  test('an empty directory yields one entry; the default is the root', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/empty');
    expect([...mfs.walk('/empty')]).toEqual([['/empty', [], []]]);
    expect([...mfs.walk()]).toEqual([
      ['/', ['empty'], []],
      ['/empty', [], []],
    ]);
  });

  test('errors surface on the first next(): missing, file', () => {
    const mfs = new MemoryFileSystem();
    writeBytes(mfs, '/f', 'x');
    const missing = mfs.walk('/missing');
    expect(() => missing.next()).toThrow(FileNotFoundError);
    expect(() => mfs.walk('/f').next()).toThrow(NotADirectoryError);
  });

  test('removing names from dirnames prunes the walk (D-MemFS could not)', () => {
    const mfs = sample();
    const visited: string[] = [];
    for (const [dirpath, dirnames] of mfs.walk('/')) {
      visited.push(dirpath);
      const keep = dirnames.filter((name) => name !== 'b');
      dirnames.splice(0, dirnames.length, ...keep);
    }
    expect(visited).toEqual(['/', '/a', '/x', '/x/y']);
  });

  test('reordering dirnames reorders the walk', () => {
    const mfs = sample();
    const visited: string[] = [];
    for (const [dirpath, dirnames] of mfs.walk('/')) {
      visited.push(dirpath);
      dirnames.reverse();
    }
    expect(visited).toEqual(['/', '/x', '/x/y', '/a', '/a/b', '/a/b/c']);
  });

  test('weakly consistent: removed directories are skipped; additions below unvisited ones appear', () => {
    const mfs = sample();
    const iterator = mfs.walk('/');
    expect(iterator.next().value?.[0]).toBe('/');
    mfs.rmtree('/x');
    mfs.mkdir('/a/new');
    const rest = [...iterator].map(([path]) => path);
    expect(rest).toEqual(['/a', '/a/b', '/a/b/c', '/a/new']);
  });
});

describe('glob on a filesystem', () => {
  test('the behaviour-spec examples, unique and sorted', () => {
    const mfs = sample();
    expect(mfs.glob('/*')).toEqual(['/.hidden', '/a', '/top.txt', '/x']);
    expect(mfs.glob('*')).toEqual(mfs.glob('/*'));
    expect(mfs.glob('/**/*.txt')).toEqual([
      '/a/b/c/z.txt',
      '/a/b/y.txt',
      '/a/x.txt',
      '/top.txt',
      '/x/y/q.txt',
    ]);
    expect(mfs.glob('/**/**/*.txt')).toEqual(mfs.glob('/**/*.txt'));
    expect(mfs.glob('/a/**/c')).toEqual(['/a/b/c']);
    expect(mfs.glob('/[!a]*')).toEqual(['/.hidden', '/top.txt', '/x']);
    expect(mfs.glob('/A/*')).toEqual([]);
    expect(mfs.glob('/a\\x.txt')).toEqual(['/a/x.txt']);
    expect(mfs.glob('/a/x.txt/**')).toEqual([]);
    expect(mfs.glob('')).toEqual([]);
  });

  test('a trailing ** lists every descendant but not the base', () => {
    const mfs = sample();
    expect(mfs.glob('/a/**')).toEqual([
      '/a/B.TXT',
      '/a/b',
      '/a/b/c',
      '/a/b/c/w.bin',
      '/a/b/c/z.txt',
      '/a/b/y.txt',
      '/a/x.txt',
    ]);
  });

  test('D-MemFS inventory: ?, [ac], *.bin, no match', () => {
    const mfs = new MemoryFileSystem();
    mfs.importTree({
      '/dir/a.txt': '',
      '/dir/b.txt': '',
      '/dir/c.txt': '',
      '/dir/ab.txt': '',
      '/a.bin': '',
      '/b.txt': '',
    });
    expect(mfs.glob('/dir/?.txt')).toEqual(['/dir/a.txt', '/dir/b.txt', '/dir/c.txt']);
    expect(mfs.glob('/dir/[ac].txt')).toEqual(['/dir/a.txt', '/dir/c.txt']);
    expect(mfs.glob('/*.bin')).toEqual(['/a.bin']);
    expect(mfs.glob('/nothing*')).toEqual([]);
  });

  test('a non-string pattern is a TypeError', () => {
    expect(() => new MemoryFileSystem().glob(5 as unknown as string)).toThrow(TypeError);
  });
});
