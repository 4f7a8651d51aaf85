import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/fs/errors.js';
import { normalizePath } from '../../../src/fs/path.js';
import { entryPathOf, validateEntryName } from '../../../src/snapshot/archive/entry-name.js';
import { UNSAFE_NAMES } from './hostile.js';

describe('entryPathOf', () => {
  it.each([
    ['a.txt', 'a.txt'],
    ['dir/', 'dir'],
    ['dir/sub/file', 'dir/sub/file'],
    ['./a', 'a'],
    ['./dir/./b/', 'dir/b'],
    ['a//b', 'a/b'],
    ['a\\b\\c.txt', 'a/b/c.txt'],
    ['dir\\', 'dir'],
    ['a/...', 'a/...'],
    ['..a/b..', '..a/b..'],
    [' ', ' '],
    ['a/C:/b', 'a/C:/b'],
    ['日本語/ファイル.txt', '日本語/ファイル.txt'],
    ['*?[x]', '*?[x]'],
  ])('accepts %j as %j', (name, path) => {
    expect(entryPathOf(name)).toBe(path);
    expect(validateEntryName(name)).toBeUndefined();
  });

  it.each(UNSAFE_NAMES)('refuses %j (%s)', (name, reason) => {
    expect(() => entryPathOf(name)).toThrow(InvalidArgumentError);
    try {
      entryPathOf(name);
    } catch (error) {
      const einval = error as InvalidArgumentError;
      expect(einval.code).toBe('EINVAL');
      expect(einval.message).toContain(JSON.stringify(name));
      expect(einval.message).toContain(reason);
    }
    expect(validateEntryName(name)).toContain(reason);
  });

  it('throws TypeError for a non-string', () => {
    expect(() => entryPathOf(42 as unknown as string)).toThrow(TypeError);
  });
});

/** Segments that mix ordinary names with the characters that matter to the rules. */
const segment = fc.oneof(
  fc.constantFrom('', '.', '..', 'a', 'b.txt', '...', '..a', 'C:', 'c:x', ' ', 'ü', '\0'),
  fc.string({ unit: fc.constantFrom('a', 'Z', '.', ':', ' ', '-', 'é'), maxLength: 6 }),
);
const separator = fc.constantFrom('/', '\\');
const arbitraryName = fc
  .array(fc.tuple(segment, separator), { maxLength: 6 })
  .chain((parts) =>
    fc
      .tuple(fc.constant(parts), segment)
      .map(([body, last]) => body.map(([s, sep]) => s + sep).join('') + last),
  );

describe('entryPathOf properties', () => {
  it('refuses any name with a ".." segment, whichever separator is used', () => {
    fc.assert(
      fc.property(arbitraryName, (name) => {
        fc.pre(name.replaceAll('\\', '/').split('/').includes('..'));
        expect(validateEntryName(name)).toBeDefined();
        expect(() => entryPathOf(name)).toThrow(InvalidArgumentError);
      }),
    );
  });

  it('refuses any name with a NUL or a leading separator', () => {
    fc.assert(
      fc.property(arbitraryName, (name) => {
        fc.pre(name.includes('\0') || name.startsWith('/') || name.startsWith('\\'));
        expect(() => entryPathOf(name)).toThrow(InvalidArgumentError);
      }),
    );
  });

  it('yields, for every accepted name, a canonical relative path', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryName, fc.string()), (name) => {
        fc.pre(validateEntryName(name) === undefined);
        const path = entryPathOf(name);
        const segments = path.split('/');
        expect(segments.every((s) => s !== '' && s !== '.' && s !== '..')).toBe(true);
        expect(path).not.toMatch(/^[A-Za-z]:/);
        expect(path.includes('\\') || path.includes('\0')).toBe(false);
        // Canonical: stable under a second pass, and already normal as a dmemfs path.
        expect(entryPathOf(path)).toBe(path);
        expect(normalizePath(`/${path}`)).toBe(`/${path}`);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with validateEntryName', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryName, fc.string()), (name) => {
        const reason = validateEntryName(name);
        if (reason === undefined) expect(() => entryPathOf(name)).not.toThrow();
        else expect(() => entryPathOf(name)).toThrow(reason);
      }),
    );
  });
});
