import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSegmentPattern, type GlobSource, glob } from '../../src/fs/glob.js';

/** A directory of the in-test tree: child name → subdirectory, or undefined for a file. */
interface TestDir {
  readonly children: Map<string, TestDir | undefined>;
}

/** A tiny tree implementing GlobSource that counts how often each directory is listed. */
class TestTree implements GlobSource<TestDir> {
  readonly root: TestDir = { children: new Map() };
  readonly listCalls = new Map<TestDir, number>();

  /** Files are created with their parents; a path ending in `/` is an (empty) directory. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const isDir = entry.endsWith('/');
      const names = entry.split('/').filter((name) => name !== '');
      let dir = this.root;
      names.forEach((name, i) => {
        const leaf = i === names.length - 1;
        if (leaf && !isDir) {
          dir.children.set(name, undefined);
          return;
        }
        let next = dir.children.get(name);
        if (next === undefined) {
          next = { children: new Map() };
          dir.children.set(name, next);
        }
        dir = next;
      });
    }
  }

  list(dir: TestDir): Iterable<{ name: string; directory: TestDir | undefined }> {
    this.listCalls.set(dir, (this.listCalls.get(dir) ?? 0) + 1);
    return Array.from(dir.children, ([name, directory]) => ({ name, directory }));
  }

  totalListCalls(): number {
    let total = 0;
    for (const count of this.listCalls.values()) total += count;
    return total;
  }

  maxListCallsPerDirectory(): number {
    return Math.max(0, ...this.listCalls.values());
  }
}

describe('glob over the reference example tree (behaviour §9.16)', () => {
  const entries = [
    '/top.txt',
    '/a/x.txt',
    '/a/B.TXT',
    '/a/b/y.txt',
    '/a/b/c/z.txt',
    '/a/b/c/w.bin',
    '/x/y/q.txt',
    '/.hidden',
  ];
  const run = (pattern: string) => glob(new TestTree(entries), pattern);

  const allTxt = ['/a/b/c/z.txt', '/a/b/y.txt', '/a/x.txt', '/top.txt', '/x/y/q.txt'];
  const underA = ['/a/B.TXT', '/a/b', '/a/b/c', '/a/b/c/w.bin', '/a/b/c/z.txt', '/a/b/y.txt', '/a/x.txt'];

  it.each([
    ['*', ['/.hidden', '/a', '/top.txt', '/x']],
    ['/*', ['/.hidden', '/a', '/top.txt', '/x']],
    ['/a/*', ['/a/B.TXT', '/a/b', '/a/x.txt']],
    ['/a/*/', ['/a/B.TXT', '/a/b', '/a/x.txt']],
    ['/**/*.txt', allTxt],
    ['**/*.txt', allTxt],
    ['/**/**/*.txt', allTxt],
    ['/a/**/*.txt', ['/a/b/c/z.txt', '/a/b/y.txt', '/a/x.txt']],
    ['/a/**', underA],
    ['/a/**/*', underA],
    ['/a/**/c', ['/a/b/c']],
    ['/a/**/b', ['/a/b']],
    ['/**/c/z.txt', ['/a/b/c/z.txt']],
    ['/a/b*', ['/a/b']],
    ['/[!a]*', ['/.hidden', '/top.txt', '/x']],
    ['/.*', ['/.hidden']],
    ['/A/*', []],
    ['/a/B.txt', []],
    ['/a/../top.txt', []],
    ['/./top.txt', []],
    ['/a//x.txt', ['/a/x.txt']],
    ['/a\\x.txt', ['/a/x.txt']],
    ['/a/x.txt/**', []],
  ])('glob(%j)', (pattern, expected) => {
    expect(run(pattern)).toEqual(expected);
  });

  it('a trailing ** lists every node below the root exactly once, never the root', () => {
    expect(run('/**')).toEqual([
      '/.hidden',
      '/a',
      '/a/B.TXT',
      '/a/b',
      '/a/b/c',
      '/a/b/c/w.bin',
      '/a/b/c/z.txt',
      '/a/b/y.txt',
      '/a/x.txt',
      '/top.txt',
      '/x',
      '/x/y',
      '/x/y/q.txt',
    ]);
  });

  it('returns unique paths however many ** components could reach a match', () => {
    for (const pattern of ['/**/*.txt', '/**/**/*.txt', '/**/**/**', '/**/a/**/**/*']) {
      const result = run(pattern);
      expect(new Set(result).size).toBe(result.length);
    }
    expect(run('/**/**/**/**')).toEqual(run('/**'));
  });

  it('matches case-sensitively', () => {
    expect(run('/a/*.TXT')).toEqual(['/a/B.TXT']);
    expect(run('/a/*.txt')).toEqual(['/a/x.txt']);
    expect(run('/A')).toEqual([]);
  });

  it.each(['', '/', '//', '\\', '///\\'])('a pattern without components (%j) matches nothing', (pattern) => {
    expect(run(pattern)).toEqual([]);
  });

  it('an intermediate component only descends into directories', () => {
    expect(run('/top.txt/*')).toEqual([]);
    expect(run('/*/x.txt')).toEqual(['/a/x.txt']);
    expect(run('/*/*/*')).toEqual(['/a/b/c', '/a/b/y.txt', '/x/y/q.txt']);
  });

  it('rejects a non-string pattern with TypeError', () => {
    expect(() => glob(new TestTree(entries), 42 as unknown as string)).toThrow(TypeError);
  });
});

describe('glob cases of the reference suite', () => {
  it('/*.bin matches only the .bin file at the root', () => {
    expect(glob(new TestTree(['/a.bin', '/b.txt']), '/*.bin')).toEqual(['/a.bin']);
  });

  it('/dir/*.bin: one match, two matches sorted, no match', () => {
    expect(glob(new TestTree(['/dir/a.bin', '/dir/a.txt']), '/dir/*.bin')).toEqual(['/dir/a.bin']);
    expect(glob(new TestTree(['/dir/z.bin', '/dir/m.bin', '/dir/t.txt']), '/dir/*.bin')).toEqual([
      '/dir/m.bin',
      '/dir/z.bin',
    ]);
    expect(glob(new TestTree(['/dir/a.txt']), '/dir/*.bin')).toEqual([]);
  });

  it('/a/**/*.bin finds shallow and deep files', () => {
    const tree = new TestTree(['/a/s.bin', '/a/b/m.bin', '/a/b/c/d/deep.bin', '/a/b/c/d/deep.txt']);
    expect(glob(tree, '/a/**/*.bin')).toEqual(['/a/b/c/d/deep.bin', '/a/b/m.bin', '/a/s.bin']);
  });

  it('/top/** holds files, subdirectories and nested files', () => {
    const tree = new TestTree(['/top/f.bin', '/top/sub/g.bin', '/top/empty/']);
    expect(glob(tree, '/top/**')).toEqual(['/top/empty', '/top/f.bin', '/top/sub', '/top/sub/g.bin']);
  });

  it('/**/**/*.txt, /**/f.txt and /**/*.txt find files at every depth', () => {
    const tree = new TestTree(['/f.txt', '/d1/f.txt', '/d1/d2/f.txt', '/d1/d2/g.bin']);
    const all = ['/d1/d2/f.txt', '/d1/f.txt', '/f.txt'];
    expect(glob(tree, '/**/**/*.txt')).toEqual(all);
    expect(glob(tree, '/**/f.txt')).toEqual(all);
    expect(glob(tree, '/**/*.txt')).toEqual(all);
  });

  it('? matches exactly one character and [ac] one of a set', () => {
    const tree = new TestTree(['/dir/a.txt', '/dir/b.txt', '/dir/c.txt', '/dir/ab.txt']);
    expect(glob(tree, '/dir/?.txt')).toEqual(['/dir/a.txt', '/dir/b.txt', '/dir/c.txt']);
    expect(glob(tree, '/dir/[ac].txt')).toEqual(['/dir/a.txt', '/dir/c.txt']);
    const twoFiles = new TestTree(['/dir/a.txt', '/dir/b.txt', '/dir/ab.txt']);
    expect(glob(twoFiles, '/dir/?.txt')).toEqual(['/dir/a.txt', '/dir/b.txt']);
  });

  it('a pattern without a leading slash is taken from the root', () => {
    expect(glob(new TestTree(['/f.txt', '/g.bin']), '*.txt')).toEqual(['/f.txt']);
  });

  it('a file in the middle of the pattern, or empty components only, yields nothing', () => {
    const tree = new TestTree(['/f.txt']);
    expect(glob(tree, '/f.txt/x')).toEqual([]);
    expect(glob(tree, '/f.txt/**')).toEqual([]);
    expect(glob(tree, '//')).toEqual([]);
  });
});

describe('glob ordering and characters', () => {
  it('sorts by code point, not by UTF-16 unit', () => {
    // U+FFFF sorts before U+1F600 by code point, after it by UTF-16 unit.
    const tree = new TestTree(['/\u{1F600}', '/\uFFFF', '/a']);
    expect(glob(tree, '/*')).toEqual(['/a', '/\uFFFF', '/\u{1F600}']);
  });

  it('? consumes a whole surrogate pair', () => {
    const tree = new TestTree(['/\u{1F600}.txt', '/ab.txt']);
    expect(glob(tree, '/?.txt')).toEqual(['/\u{1F600}.txt']);
    expect(glob(tree, '/??.txt')).toEqual(['/ab.txt']);
  });
});

describe('glob work bounds', () => {
  it('lists each directory at most once, even with many ** components', () => {
    const tree = new TestTree(['/a/b/c/d/e/f.txt', '/a/b/g.txt', '/h/i/j.txt', '/k.txt']);
    const result = glob(tree, '/**/**/**/**/**/*.txt');
    expect(result).toEqual(['/a/b/c/d/e/f.txt', '/a/b/g.txt', '/h/i/j.txt', '/k.txt']);
    expect(tree.maxListCallsPerDirectory()).toBe(1);
    expect(tree.totalListCalls()).toBe(8); // root, a, a/b, a/b/c, a/b/c/d, a/b/c/d/e, h, h/i
  });

  it('only lists directories an intermediate component leads into', () => {
    const tree = new TestTree(['/a/b/c.txt', '/x/y/z.txt', '/x/w/v.txt']);
    expect(glob(tree, '/a/*/c.txt')).toEqual(['/a/b/c.txt']);
    expect(tree.totalListCalls()).toBe(3); // root, a, a/b
  });

  it('handles a very deep tree without recursion limits', () => {
    const depth = 5000;
    const deepPath = `${'/d'.repeat(depth)}/leaf.txt`;
    const tree = new TestTree([deepPath]);
    expect(glob(tree, '/**/**/leaf.txt')).toEqual([deepPath]);
    expect(tree.maxListCallsPerDirectory()).toBe(1);
    expect(glob(new TestTree([deepPath]), '/**')).toHaveLength(depth + 1);
  });
});

describe('compileSegmentPattern', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['*', '', true],
    ['*', '.hidden', true],
    ['.*', '.hidden', true],
    ['*.txt', 'a.txt', true],
    ['*.txt', 'a.txt.bak', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbYcZ', false],
    ['a**b', 'ab', true],
    ['?', 'a', true],
    ['?', '', false],
    ['?', 'ab', false],
    ['?', '\u{1F600}', true],
    ['??', '\u{1F600}', false],
    ['[abc]', 'b', true],
    ['[abc]', 'd', false],
    ['[!abc]', 'd', true],
    ['[!abc]', 'a', false],
    ['[a-c]', 'b', true],
    ['[a-c]', 'd', false],
    ['[!a-c]x', 'dx', true],
    ['[]]', ']', true],
    ['[]a]', 'a', true],
    ['[!]]', ']', false],
    ['[!]]', 'x', true],
    ['[a-]', '-', true],
    ['[-a]', '-', true],
    ['[a-c-e]', '-', true],
    ['[a-c-e]', 'd', false],
    ['[z-a]', 'm', false],
    ['[z-a]', 'z', false],
    ['[xz-ab]', 'b', true],
    ['[xz-ab]', 'y', false],
    ['[!z-a]', 'q', true],
    ['[z-a!]', '!', true],
    ['[z-a!]', 'q', false], // CPython's artefact would match here; see the TSDoc
    ['[^a]', '^', true],
    ['[^a]', 'b', false],
    ['[\u{1F600}-\u{1F64F}]', '\u{1F610}', true],
    ['[\u{1F600}-\u{1F64F}]', '\u{1F650}', false],
    ['[', '[', true],
    ['[a', '[a', true],
    ['[!', '[!', true],
    ['[]', '[]', true],
    ['[!]', '[!]', true],
    ['a\\*', 'a\\xyz', true],
    ['a\\?', 'a?', false],
    ['a\\b', 'a\\b', true],
    ['(a|b)+.$', '(a|b)+.$', true],
    ['(a|b)+.$', 'a', false],
    ['*\n', 'x\n', true],
    ['?', '\n', true],
    ['A*', 'abc', false],
  ])('%j against %j → %s', (pattern, name, expected) => {
    expect(compileSegmentPattern(pattern)(name)).toBe(expected);
  });

  it('finishes quickly on patterns that make naive backtracking explode', () => {
    // A regex-style backtracker needs ~n^10 steps here; the linear matcher answers at once.
    const matcher = compileSegmentPattern('*a*a*a*a*a*a*a*a*a*a*b');
    expect(matcher('a'.repeat(2000))).toBe(false);
    expect(matcher(`${'a'.repeat(2000)}b`)).toBe(true);
  });

  it('rejects a non-string segment with TypeError', () => {
    expect(() => compileSegmentPattern(undefined as unknown as string)).toThrow(TypeError);
  });

  const patternAlphabet = ['a', 'b', 'z', '-', '!', '^', '[', ']', '*', '?', '\\', '.', 'é', '\u{1F600}'];
  const nameAlphabet = ['a', 'b', 'z', '-', '!', '^', '[', ']', '\\', '.', 'é', '\u{1F600}'];
  const patterns = fc
    .array(fc.constantFrom(...patternAlphabet), { maxLength: 9 })
    .map((chars) => chars.join(''));
  const names = fc.array(fc.constantFrom(...nameAlphabet), { maxLength: 7 }).map((chars) => chars.join(''));

  it('agrees with a straightforward recursive reference matcher', () => {
    fc.assert(
      fc.property(patterns, names, (pattern, name) => {
        expect(compileSegmentPattern(pattern)(name)).toBe(referenceMatch(pattern, name));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the reference on names derived from the pattern', () => {
    // Replacing wildcards by plausible text makes matches frequent, so both outcomes get exercised.
    const derived = patterns.chain((pattern) =>
      fc
        .array(fc.constantFrom(...nameAlphabet), { minLength: 3, maxLength: 3 })
        .map(
          (fill) =>
            [
              pattern,
              Array.from(pattern, (c) => (c === '*' ? fill.join('') : c === '?' ? fill[0] : c)).join(''),
            ] as const,
        ),
    );
    fc.assert(
      fc.property(derived, ([pattern, name]) => {
        expect(compileSegmentPattern(pattern)(name)).toBe(referenceMatch(pattern, name));
      }),
      { numRuns: 10_000 },
    );
  });

  it('a pattern without metacharacters matches exactly itself', () => {
    const plain = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !/[*?[]/.test(s));
    fc.assert(
      fc.property(plain, fc.string({ unit: 'binary', maxLength: 12 }), (pattern, other) => {
        const matcher = compileSegmentPattern(pattern);
        expect(matcher(pattern)).toBe(true);
        expect(matcher(other)).toBe(other === pattern);
      }),
    );
  });
});

/**
 * Reference fnmatch matcher, written as directly as possible: recursion over code points, with
 * bracket classes interpreted on the spot.
 */
function referenceMatch(pattern: string, name: string): boolean {
  const p = Array.from(pattern);
  const n = Array.from(name);

  const classAt = (open: number): { accepts: (c: string) => boolean; after: number } | null => {
    let k = open + 1;
    const negate = p[k] === '!';
    if (negate) k++;
    const membersStart = k;
    // The first member may be ']' itself; the class ends at the next ']'.
    let close = -1;
    for (let q = membersStart + 1; q < p.length; q++) {
      if (p[q] === ']') {
        close = q;
        break;
      }
    }
    if (close < 0) return null;
    const accepts = (c: string): boolean => {
      const cp = c.codePointAt(0)!;
      let found = false;
      let q = membersStart;
      while (q < close) {
        const isRange = p[q + 1] === '-' && q + 2 < close;
        if (isRange) {
          const lo = p[q].codePointAt(0)!;
          const hi = p[q + 2].codePointAt(0)!;
          if (lo <= cp && cp <= hi) found = true;
          q += 3;
        } else {
          if (p[q] === c) found = true;
          q += 1;
        }
      }
      return negate ? !found : found;
    };
    return { accepts, after: close + 1 };
  };

  const match = (pi: number, ni: number): boolean => {
    if (pi === p.length) return ni === n.length;
    const c = p[pi];
    if (c === '*') return match(pi + 1, ni) || (ni < n.length && match(pi, ni + 1));
    if (ni === n.length) return false;
    if (c === '?') return match(pi + 1, ni + 1);
    if (c === '[') {
      const cls = classAt(pi);
      if (cls !== null) return cls.accepts(n[ni]) && match(cls.after, ni + 1);
    }
    return c === n[ni] && match(pi + 1, ni + 1);
  };

  return match(0, 0);
}
