/**
 * Virtual path rules. This is the only module that knows how a path string becomes a normalized,
 * absolute POSIX path.
 *
 * @module
 */

import { InvalidArgumentError } from './errors.js';

const SLASH = 47; // '/'

/**
 * Throws `TypeError` unless `value` is a string. Virtual paths are plain strings on purpose: a `URL`
 * or `Buffer` is far more likely to be a host path handed to the wrong API.
 */
export function assertPathString(value: unknown, name = 'path'): asserts value is string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `The "${name}" argument must be a string; got ${describeType(value)}. ` +
        'dmemfs paths are plain POSIX strings such as "/data/a.bin".',
    );
  }
}

/**
 * Already-normalized paths: one or more `/name` segments, where a name is not empty, `.` or `..`
 * and holds no backslash or NUL. A regular expression runs as native code even while the code around
 * it is still interpreted, so the common case stays cheap in short-lived processes too.
 */
const NORMALIZED = /^(?:\/(?!\.\.?(?:\/|$))[^/\\\0]+)+$/;

/** True when `p` is already in normalized form, so the common case costs one match and no allocation. */
function isNormalized(p: string): boolean {
  return p === '/' || NORMALIZED.test(p);
}

/**
 * Normalizes a virtual path to its canonical absolute form.
 *
 * - backslashes become slashes, and `""` means the root;
 * - a `..` that would climb above the root is refused (`InvalidArgumentError`, "traversal");
 * - a relative path is taken from the root (`"a/b"` is `"/a/b"`);
 * - runs of slashes collapse (leading ones included), `.` segments go, `..` resolves lexically and a
 *   trailing slash is dropped;
 * - a NUL character is refused (`InvalidArgumentError`); a non-string throws `TypeError`.
 */
export function normalizePath(path: string): string {
  assertPathString(path);
  if (isNormalized(path)) return path;
  if (path.includes('\0')) {
    throw new InvalidArgumentError(`Path contains a NUL character: ${JSON.stringify(path)}`);
  }
  const parts = path.replaceAll('\\', '/').split('/');
  const stack: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (stack.length === 0) {
        throw new InvalidArgumentError(`Path traversal attempt detected: '${path}'`);
      }
      stack.pop();
      continue;
    }
    stack.push(part);
  }
  return stack.length === 0 ? '/' : `/${stack.join('/')}`;
}

/** The names along a normalized path; the root has none. */
export function splitPath(normalized: string): string[] {
  return normalized === '/' ? [] : normalized.slice(1).split('/');
}

/** The parent of a normalized path (the root is its own parent). */
export function parentPath(normalized: string): string {
  const slash = normalized.lastIndexOf('/');
  return slash <= 0 ? '/' : normalized.slice(0, slash);
}

/** The last name of a normalized path (`""` for the root). */
export function baseName(normalized: string): string {
  return normalized.slice(normalized.lastIndexOf('/') + 1);
}

/** Joins a normalized directory path and a child name. */
export function joinPath(directory: string, name: string): string {
  return directory === '/' ? `/${name}` : `${directory}/${name}`;
}

/** True when `path` is `ancestor` or lies below it (both normalized). */
export function isSameOrDescendant(path: string, ancestor: string): boolean {
  if (ancestor === '/') return true;
  return path === ancestor || (path.startsWith(ancestor) && path.charCodeAt(ancestor.length) === SLASH);
}

/** Re-roots `path` (at or below `from`) under `to`. All three are normalized. */
export function rebasePath(path: string, from: string, to: string): string {
  if (path === from) return to;
  const rest = from === '/' ? path : path.slice(from.length);
  return to === '/' ? rest : `${to}${rest}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof URL) return 'a URL';
  if (typeof Buffer !== 'undefined' && Buffer.isBuffer(value)) return 'a Buffer';
  return typeof value === 'object' ? `an instance of ${value.constructor?.name ?? 'Object'}` : typeof value;
}
