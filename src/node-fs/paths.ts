/**
 * Path arguments as `node:fs` takes them: strings, `Buffer`/`Uint8Array` and `file:` URLs, resolved
 * against the view's virtual working directory (never `process.cwd()`).
 *
 * @module
 */

import { posix } from 'node:path';
import { codedTypeError, invalidArgType, invalidArgValue } from './errors.js';

/** What `node:fs` accepts as a path. */
export type PathLike = string | Buffer | URL;

/** A path argument, ready for the engine. */
export interface ResolvedPath {
  /** The path as the caller gave it (URLs and bytes decoded); Node puts this in error messages. */
  readonly raw: string;
  /** The absolute POSIX path, resolved against the working directory and normalized. */
  readonly absolute: string;
  /** True when the path ends in `/` or `/.`, so it can only name a directory. */
  readonly mustBeDirectory: boolean;
}

/** Node's duck test for a WHATWG URL (it accepts URL objects from other realms too). */
function isUrl(value: unknown): value is URL {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as URL).href === 'string' &&
    typeof (value as URL).protocol === 'string' &&
    (value as { auth?: unknown }).auth === undefined &&
    (value as { path?: unknown }).path === undefined
  );
}

/** The path of a `file:` URL, with Node's checks (scheme, host, encoded slashes). */
function pathOfFileUrl(url: URL): string {
  if (url.protocol !== 'file:')
    throw codedTypeError('ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  if (url.hostname !== '') {
    throw codedTypeError(
      'ERR_INVALID_FILE_URL_HOST',
      `File URL host must be "localhost" or empty on ${process.platform}`,
    );
  }
  const pathname = url.pathname;
  if (/%2f/i.test(pathname)) {
    throw codedTypeError('ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
  }
  return decodeURIComponent(pathname);
}

/**
 * The string form of a path argument, as Node reports it. Throws Node's `ERR_INVALID_ARG_TYPE` for
 * other types and `ERR_INVALID_ARG_VALUE` for NUL bytes.
 */
export function pathString(value: unknown, name = 'path'): string {
  let path: string;
  if (typeof value === 'string') path = value;
  else if (value instanceof Uint8Array)
    path = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString();
  else if (isUrl(value)) path = pathOfFileUrl(value);
  else throw invalidArgType(name, 'of type string or an instance of Buffer or URL', value);
  if (path.includes('\0')) {
    throw invalidArgValue(name, path, 'must be a string, Uint8Array, or URL without null bytes');
  }
  return path;
}

/** Resolves `path` against `cwd` (an absolute, normalized POSIX path). */
export function resolvePath(cwd: string, value: unknown, name = 'path'): ResolvedPath {
  const raw = pathString(value, name);
  return {
    raw,
    absolute: posix.resolve(cwd, raw),
    mustBeDirectory: raw.endsWith('/') || raw.endsWith('/.') || raw === '.',
  };
}
