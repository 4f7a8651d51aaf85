/**
 * Safety rules for archive member names. This is the only module that decides whether a name may
 * become a path, and what path it becomes.
 *
 * The rules are deliberately stricter than dmemfs path normalization, because a name comes from an
 * untrusted file rather than from the program:
 *
 * - `\` is a separator, as Windows tools write it (`a\b` is `a/b`, and `..\x` is traversal);
 * - refused: the empty name, a NUL anywhere, an absolute name (`/x`, `\x`, `\\server\share`), a name
 *   that starts with a drive letter (`C:`, `c:/x`, `C:x`), and any `..` segment at all, even one that
 *   would stay inside the destination (`a/../b`);
 * - accepted and tidied: `.` segments and repeated slashes are dropped (`./a` is `a`, `a//b` is
 *   `a/b`), and a trailing slash (how directories are named) is removed;
 * - a name that is left with nothing (`.`, `./`) is refused.
 *
 * Every other character is legal, as in dmemfs paths (no Unicode normalization, case kept).
 *
 * @module
 */

import { InvalidArgumentError } from '../../fs/errors.js';

const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * Checks one member name. Returns why it is unsafe, or `undefined` when it is safe. The non-throwing
 * twin of {@link entryPathOf}.
 */
export function validateEntryName(name: string): string | undefined {
  const result = examine(name);
  return typeof result === 'string' ? undefined : result.reason;
}

/**
 * Maps a member name to the safe relative path it stands for: `'/'`-separated, no leading or trailing
 * slash, no empty, `.` or `..` segment. Throws `InvalidArgumentError` (`EINVAL`) naming the entry when
 * the name is unsafe (see the module rules), and `TypeError` when it is not a string.
 */
export function entryPathOf(name: string): string {
  const result = examine(name);
  if (typeof result === 'string') return result;
  throw new InvalidArgumentError(`Unsafe archive entry name ${JSON.stringify(name)}: ${result.reason}.`);
}

function examine(name: string): string | { reason: string } {
  if (typeof name !== 'string') {
    throw new TypeError(`An archive entry name must be a string; got ${typeof name}.`);
  }
  if (name.length === 0) return { reason: 'the name is empty' };
  if (name.includes('\0')) return { reason: 'it contains a NUL character' };
  const slashed = name.replaceAll('\\', '/');
  if (slashed.startsWith('/')) return { reason: 'it is an absolute path' };
  const segments: string[] = [];
  for (const segment of slashed.split('/')) {
    if (segment === '..') return { reason: 'it contains a ".." segment' };
    if (segment !== '' && segment !== '.') segments.push(segment);
  }
  if (segments.length === 0) return { reason: 'it names no file or directory' };
  // Checked on the first kept segment so that "./C:/x" cannot slip past.
  if (DRIVE_LETTER.test(segments[0])) return { reason: 'it starts with a drive letter' };
  return segments.join('/');
}
