/**
 * Glob matching over an abstract directory tree.
 *
 * The matcher knows nothing about nodes, locks or storage: it sees a tree only through a
 * {@link GlobSource}, which lists one directory's children at a time. That keeps the rules of
 * `MemoryFileSystem.glob` testable on their own.
 *
 * Pattern rules (those of Python's `fnmatch`, component by component):
 *
 * - `\` is read as `/`; a missing leading `/` is implied; empty components (`//`, a trailing `/`) are
 *   ignored. A pattern with no components matches nothing.
 * - A component that is exactly `**` matches zero or more directory levels. As the last component it
 *   matches every descendant (files and directories) of the directory it starts from, but not that
 *   directory itself.
 * - Any other component is matched against one child name with {@link compileSegmentPattern}. An
 *   intermediate component only descends into directories; the last one matches files and directories.
 * - `.` and `..` are ordinary literal text, so they never match (no child is called that).
 * - Matching is case-sensitive on every platform.
 *
 * @module
 */

import { joinPath } from './path.js';

/**
 * A directory as glob sees it: a snapshot list of its children. `D` values are compared as `Map` keys,
 * so one directory must always be represented by the same value (a node object or a node id).
 */
export interface GlobSource<D> {
  readonly root: D;
  /** Children of `dir` in insertion order. Called once per visited directory. */
  list(dir: D): Iterable<GlobChild<D>>;
}

/** A child in a {@link GlobSource} listing: its name, and the directory it is (undefined for a file). */
export interface GlobChild<D> {
  readonly name: string;
  readonly directory: D | undefined;
}

/** The component that stands for zero or more directory levels. */
const RECURSIVE = '**';

/**
 * Matches `pattern` against the tree; returns full normalized paths, sorted by code point, unique.
 * Never throws for a string pattern (a non-string is a `TypeError`); errors thrown by `source.list`
 * propagate. Each directory is listed at most once per call, and each (directory, pattern component)
 * pair is visited at most once, so `**` chains cost O(directories × components).
 */
export function glob<D>(source: GlobSource<D>, pattern: string): string[] {
  if (typeof pattern !== 'string') {
    throw new TypeError(`The "pattern" argument must be a string; got ${typeof pattern}.`);
  }
  const components = pattern
    .replaceAll('\\', '/')
    .split('/')
    .filter((component) => component !== '');
  if (components.length === 0) return [];

  const matchers = components.map((component) =>
    component === RECURSIVE ? RECURSIVE : compileSegmentPattern(component),
  );
  const last = matchers.length - 1;
  const results = new Set<string>();
  const listings = new Map<D, readonly GlobChild<D>[]>();
  // One set per pattern index: a directory reached twice at the same index (which `**` makes common,
  // e.g. `/**/**/x`) would only repeat the work and the results.
  const visited = matchers.map(() => new Set<D>());

  const childrenOf = (dir: D): readonly GlobChild<D>[] => {
    let children = listings.get(dir);
    if (children === undefined) {
      children = Array.from(source.list(dir), (child) => ({ name: child.name, directory: child.directory }));
      listings.set(dir, children);
    }
    return children;
  };

  // An explicit stack instead of recursion: `**` over a deep tree must not exhaust the call stack.
  const pending: Array<{ readonly dir: D; readonly path: string; readonly index: number }> = [
    { dir: source.root, path: '/', index: 0 },
  ];
  while (pending.length > 0) {
    const { dir, path, index } = pending.pop()!;
    const seen = visited[index];
    if (seen.has(dir)) continue;
    seen.add(dir);

    const matcher = matchers[index];
    if (matcher === RECURSIVE) {
      if (index === last) {
        // Trailing `**`: every descendant below `dir`, never `dir` itself.
        for (const child of childrenOf(dir)) {
          const childPath = joinPath(path, child.name);
          results.add(childPath);
          if (child.directory !== undefined) {
            pending.push({ dir: child.directory, path: childPath, index });
          }
        }
      } else {
        // Zero levels: the rest of the pattern applies here; more levels: `**` stays active below.
        pending.push({ dir, path, index: index + 1 });
        for (const child of childrenOf(dir)) {
          if (child.directory !== undefined) {
            pending.push({ dir: child.directory, path: joinPath(path, child.name), index });
          }
        }
      }
      continue;
    }

    for (const child of childrenOf(dir)) {
      if (!matcher(child.name)) continue;
      const childPath = joinPath(path, child.name);
      if (index === last) {
        results.add(childPath);
      } else if (child.directory !== undefined) {
        pending.push({ dir: child.directory, path: childPath, index: index + 1 });
      }
    }
  }

  return Array.from(results).sort(compareCodePoints);
}

/** A token that matches exactly one code point. */
type CharToken =
  | { readonly kind: 'literal'; readonly codePoint: number }
  | { readonly kind: 'any' }
  | {
      readonly kind: 'class';
      readonly negated: boolean;
      readonly ranges: readonly (readonly [number, number])[];
    };

type SegmentToken = CharToken | { readonly kind: 'star' };

const STAR = 0x2a; // '*'
const QUESTION = 0x3f; // '?'
const OPEN_BRACKET = 0x5b; // '['
const CLOSE_BRACKET = 0x5d; // ']'
const EXCLAMATION = 0x21; // '!'
const HYPHEN = 0x2d; // '-'

/**
 * Compiles one path component pattern (fnmatch rules) into a predicate.
 *
 * - The whole name must match; matching is case-sensitive.
 * - `*` matches any sequence, including the empty one and a leading dot.
 * - `?` matches exactly one character. A character is a Unicode code point: a surrogate pair counts as
 *   one character (as in Python, whose strings are code point sequences), a lone surrogate as one.
 * - `[seq]` matches one character in `seq`, `[!seq]` one character not in it. `a-z` is an inclusive
 *   code point range; a reversed range (`z-a`) matches nothing; a `-` first or last is literal; a `]`
 *   right after `[` or `[!` is literal; a `[` without a closing `]` is literal.
 * - There is no escaping: `\` is an ordinary character.
 *
 * One deliberate divergence from CPython's `fnmatch`: there, a class that starts with a reversed range
 * followed by `!` (`[z-a!]`) turns into a negated class, an artefact of how it builds its regular
 * expression. Here `!` negates only as the first character of the class.
 *
 * Matching runs in O(pattern × name) time whatever the pattern, so hostile patterns cannot blow up.
 */
export function compileSegmentPattern(segment: string): (name: string) => boolean {
  if (typeof segment !== 'string') {
    throw new TypeError(`The "segment" argument must be a string; got ${typeof segment}.`);
  }
  const tokens = parseSegment(segment);
  if (tokens.every((token) => token.kind === 'literal')) {
    return (name) => name === segment;
  }
  return (name) => matchTokens(tokens, name);
}

function parseSegment(segment: string): SegmentToken[] {
  const chars = Array.from(segment, (char) => char.codePointAt(0)!);
  const tokens: SegmentToken[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    i++;
    if (c === STAR) {
      // A run of stars means the same as one, and one keeps the matcher's backtracking simple.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === QUESTION) {
      tokens.push({ kind: 'any' });
    } else if (c === OPEN_BRACKET) {
      const parsed = parseClass(chars, i);
      if (parsed === undefined) {
        tokens.push({ kind: 'literal', codePoint: c });
      } else {
        tokens.push(parsed.token);
        i = parsed.next;
      }
    } else {
      tokens.push({ kind: 'literal', codePoint: c });
    }
  }
  return tokens;
}

/**
 * Parses a bracket class whose `[` sits just before `start`. Returns undefined when the class is not
 * closed, in which case the `[` is a literal character.
 */
function parseClass(chars: readonly number[], start: number): { token: CharToken; next: number } | undefined {
  let first = start;
  const negated = chars[first] === EXCLAMATION;
  if (negated) first++;
  // The closing bracket is searched from after a leading `]`, which therefore is a member.
  let end = first;
  if (chars[end] === CLOSE_BRACKET) end++;
  while (end < chars.length && chars[end] !== CLOSE_BRACKET) end++;
  if (end >= chars.length) return undefined;

  const ranges: Array<readonly [number, number]> = [];
  let q = first;
  while (q < end) {
    if (q + 2 < end && chars[q + 1] === HYPHEN) {
      // An empty (reversed) range is dropped, as fnmatch does, rather than being an error.
      if (chars[q] <= chars[q + 2]) ranges.push([chars[q], chars[q + 2]]);
      q += 3;
    } else {
      ranges.push([chars[q], chars[q]]);
      q++;
    }
  }
  return { token: { kind: 'class', negated, ranges }, next: end + 1 };
}

function tokenMatches(token: CharToken, codePoint: number): boolean {
  switch (token.kind) {
    case 'literal':
      return token.codePoint === codePoint;
    case 'any':
      return true;
    case 'class': {
      let member = false;
      for (const [low, high] of token.ranges) {
        if (codePoint >= low && codePoint <= high) {
          member = true;
          break;
        }
      }
      return member !== token.negated;
    }
  }
}

/** UTF-16 length of a code point: 2 for an astral one, else 1. */
function codePointWidth(codePoint: number): number {
  return codePoint > 0xffff ? 2 : 1;
}

/**
 * Wildcard matching with a single backtrack point. Every token but `*` consumes exactly one code point,
 * so when a later `*` is reached an earlier one never needs to be revisited: the last `*` seen can
 * absorb whatever an earlier one would have. That bounds the work to O(tokens × name length).
 */
function matchTokens(tokens: readonly SegmentToken[], name: string): boolean {
  let t = 0;
  let s = 0;
  let starToken = -1;
  let starResume = 0;
  while (s < name.length) {
    const token = tokens[t];
    if (token !== undefined && token.kind === 'star') {
      starToken = t;
      starResume = s;
      t++;
      continue;
    }
    const codePoint = name.codePointAt(s)!;
    if (token !== undefined && tokenMatches(token, codePoint)) {
      t++;
      s += codePointWidth(codePoint);
      continue;
    }
    if (starToken < 0) return false;
    // Let the last `*` absorb one more code point and retry the rest of the pattern from there.
    starResume += codePointWidth(name.codePointAt(starResume)!);
    s = starResume;
    t = starToken + 1;
  }
  while (t < tokens.length && tokens[t].kind === 'star') t++;
  return t === tokens.length;
}

/**
 * Orders strings by Unicode code point, as Python does. Plain `<` compares UTF-16 units, which puts
 * astral characters (surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrderKey(x) - codePointOrderKey(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000–U+FFFF so that unit order becomes code point order. */
function codePointOrderKey(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
