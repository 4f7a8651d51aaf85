import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  baseName,
  isSameOrDescendant,
  joinPath,
  normalizePath,
  parentPath,
  rebasePath,
  splitPath,
} from '../../src/fs/path.js';
import { InvalidArgumentError } from '../../src/index.js';
import { errorOf } from '../helpers.js';

describe('normalizePath', () => {
  test.each([
    ['', '/'],
    ['/', '/'],
    ['/a/b/c', '/a/b/c'],
    ['/a/b/', '/a/b'],
    ['/a//b', '/a/b'],
    ['/a/./b', '/a/b'],
    ['/a/b/../c', '/a/c'],
    ['/a/b/../../c', '/c'],
    ['a/b/c', '/a/b/c'],
    ['./a', '/a'],
    ['.', '/'],
    ['a/..', '/'],
    ['a/b/../c/..', '/a'],
    ['\\a\\b', '/a/b'],
    ['a\\b\\', '/a/b'],
    ['\\', '/'],
    ['C:\\x', '/C:/x'],
    [' ', '/ '],
    ['/a/...', '/a/...'],
    ['/a/..b', '/a/..b'],
    ['/a/*?[x]', '/a/*?[x]'],
    ['///a//b', '/a/b'],
    ['/missing/../a', '/a'],
    ['/file.txt/../x', '/x'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  test('any run of leading slashes collapses to one (D-MemFS kept exactly two)', () => {
    expect(normalizePath('//')).toBe('/');
    expect(normalizePath('//a')).toBe('/a');
    expect(normalizePath('////a/b')).toBe('/a/b');
  });

  test.each(['..', '../x', '..\\x', '/..', '/a/../../x', 'a/../..', '/../etc/passwd'])(
    '%j climbs above the root: InvalidArgumentError naming the traversal',
    (input) => {
      const error = errorOf(() => normalizePath(input));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).code).toBe('EINVAL');
      expect((error as Error).message).toMatch(/traversal/);
      expect((error as Error).message).toContain(input);
    },
  );

  test('a NUL character is InvalidArgumentError', () => {
    expect(() => normalizePath('/a\0b')).toThrow(InvalidArgumentError);
    expect(() => normalizePath('/a\0b')).toThrow(/NUL/);
  });

  test.each([42, null, undefined, new URL('file:///a'), Buffer.from('/a'), ['/a'], { path: '/a' }])(
    'a non-string (%s) is a TypeError',
    (input) => {
      expect(() => normalizePath(input as unknown as string)).toThrow(TypeError);
    },
  );

  test('the TypeError for a URL or Buffer says what it got', () => {
    expect(() => normalizePath(new URL('file:///a') as unknown as string)).toThrow(/a URL/);
    expect(() => normalizePath(Buffer.from('/a') as unknown as string)).toThrow(/a Buffer/);
  });

  test('is idempotent and always yields a canonical absolute path', () => {
    const segment = fc.constantFrom('a', 'b', '.', '..', '', ' ', '...', 'c.d', '\\', 'x\\y');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), fc.boolean(), (parts, rooted) => {
        const raw = (rooted ? '/' : '') + parts.join('/');
        let once: string;
        try {
          once = normalizePath(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          return;
        }
        expect(normalizePath(once)).toBe(once);
        expect(once.startsWith('/')).toBe(true);
        expect(once === '/' || !once.endsWith('/')).toBe(true);
        for (const name of splitPath(once)) {
          expect(['', '.', '..']).not.toContain(name);
          expect(name).not.toContain('\\');
        }
      }),
    );
  });
});

describe('path helpers', () => {
  test('splitPath, parentPath, baseName, joinPath', () => {
    expect(splitPath('/')).toEqual([]);
    expect(splitPath('/a/b')).toEqual(['a', 'b']);
    expect(parentPath('/')).toBe('/');
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/a/b')).toBe('/a');
    expect(baseName('/')).toBe('');
    expect(baseName('/a/b')).toBe('b');
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a', 'b')).toBe('/a/b');
  });

  test('isSameOrDescendant compares whole names', () => {
    expect(isSameOrDescendant('/a', '/a')).toBe(true);
    expect(isSameOrDescendant('/a/b', '/a')).toBe(true);
    expect(isSameOrDescendant('/ab', '/a')).toBe(false);
    expect(isSameOrDescendant('/b', '/a')).toBe(false);
    expect(isSameOrDescendant('/anything', '/')).toBe(true);
  });

  test('rebasePath moves a path from one root to another', () => {
    expect(rebasePath('/a/b/c', '/a', '/x')).toBe('/x/b/c');
    expect(rebasePath('/a', '/a', '/x')).toBe('/x');
    expect(rebasePath('/a/b', '/', '/x')).toBe('/x/a/b');
    expect(rebasePath('/a/b', '/a', '/')).toBe('/b');
  });
});
