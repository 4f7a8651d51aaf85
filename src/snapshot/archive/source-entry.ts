/**
 * Checking the members handed to an archive writer, shared by every built-in format so that they
 * refuse the same things with the same words.
 *
 * @module
 */

import { InvalidArgumentError } from '../../fs/errors.js';
import { entryPathOf } from './entry-name.js';
import type { ArchiveSourceEntry } from './types.js';

/** A member ready to be written: checked, with its data as a `Buffer` view (no copy). */
export interface CheckedSourceEntry {
  readonly path: string;
  readonly type: 'file' | 'directory';
  readonly data: Buffer;
  readonly mtime: Date;
}

/**
 * Checks members one by one. A path must already be in the canonical form `entryPathOf` produces
 * (relative, `'/'`-separated, no `.`/`..`/empty segment, no trailing slash), so that nothing is
 * silently renamed on the way into the archive, and no path may repeat.
 */
export class SourceEntryChecker {
  readonly #seen = new Set<string>();

  /** Returns the member ready to write, or throws `InvalidArgumentError` / `TypeError`. */
  check(entry: ArchiveSourceEntry): CheckedSourceEntry {
    if (typeof entry !== 'object' || entry === null) {
      throw new TypeError(
        `An archive source entry must be an object; got ${entry === null ? 'null' : typeof entry}.`,
      );
    }
    const { path, type, data, mtime } = entry;
    if (typeof path !== 'string')
      throw new TypeError(`An archive source entry path must be a string; got ${typeof path}.`);
    if (entryPathOf(path) !== path) {
      throw new InvalidArgumentError(
        `Archive source entry path ${JSON.stringify(path)} is not in canonical form ` +
          `(expected ${JSON.stringify(entryPathOf(path))}).`,
      );
    }
    if (type !== 'file' && type !== 'directory') {
      throw new InvalidArgumentError(
        `Archive source entry ${JSON.stringify(path)} has type ${JSON.stringify(type)}; only 'file' and 'directory' can be written.`,
      );
    }
    if (data !== undefined && !(data instanceof Uint8Array)) {
      throw new TypeError(`The data of archive source entry ${JSON.stringify(path)} must be a Uint8Array.`);
    }
    if (type === 'directory' && data !== undefined && data.byteLength > 0) {
      throw new InvalidArgumentError(
        `Archive source entry ${JSON.stringify(path)} is a directory but has data.`,
      );
    }
    if (typeof mtime !== 'number' || !Number.isFinite(mtime)) {
      throw new TypeError(
        `The mtime of archive source entry ${JSON.stringify(path)} must be a finite number of ms.`,
      );
    }
    if (this.#seen.has(path)) {
      throw new InvalidArgumentError(`Archive source entry ${JSON.stringify(path)} appears more than once.`);
    }
    this.#seen.add(path);
    const bytes =
      data === undefined ? Buffer.alloc(0) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return { path, type, data: bytes, mtime: new Date(mtime) };
  }
}
