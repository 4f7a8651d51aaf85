/**
 * `Dir`, what `opendir` returns: the entries of a directory, read one at a time. The listing is taken
 * when the directory is opened.
 *
 * @module
 */

import { callbackArgument } from './arguments.js';
import type { ViewContext } from './context.js';
import { readDirectory } from './directories.js';
import { codedTypeError } from './errors.js';
import type { Dirent } from './stats.js';

function dirClosed(): Error {
  return Object.assign(new Error('Directory handle was closed'), { code: 'ERR_DIR_CLOSED' });
}

/** Node's `fs.Dir`. */
export class Dir implements AsyncIterable<Dirent> {
  /** The path it was opened on, as given. */
  readonly path: string;
  readonly #entries: Dirent[];
  #next = 0;
  #closed = false;

  /** @internal Directories are opened with `opendir`. */
  constructor(path: string, entries: Dirent[]) {
    this.path = path;
    this.#entries = entries;
  }

  /** The next entry, or `null` after the last. */
  readSync(): Dirent | null {
    if (this.#closed) throw dirClosed();
    return this.#entries[this.#next++] ?? null;
  }

  /** The next entry: as a Promise, or through `callback`. */
  read(): Promise<Dirent | null>;
  read(callback: (error: Error | null, entry?: Dirent | null) => void): void;
  read(callback?: (error: Error | null, entry?: Dirent | null) => void): Promise<Dirent | null> | undefined {
    if (callback === undefined) return new Promise((resolve) => resolve(this.readSync()));
    const done = callbackArgument(callback);
    let entry: Dirent | null;
    try {
      entry = this.readSync();
    } catch (error) {
      process.nextTick(done, error);
      return undefined;
    }
    process.nextTick(done, null, entry);
    return undefined;
  }

  closeSync(): void {
    if (this.#closed) throw dirClosed();
    this.#closed = true;
  }

  /** Closes the directory: as a Promise, or through `callback`. */
  close(): Promise<void>;
  close(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): Promise<void> | undefined {
    if (callback === undefined) return new Promise((resolve) => resolve(this.closeSync()));
    const done = callbackArgument(callback);
    try {
      this.closeSync();
    } catch (error) {
      process.nextTick(done, error);
      return undefined;
    }
    process.nextTick(done, null);
    return undefined;
  }

  /** Every remaining entry; closes the directory when done. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Dirent, void, undefined> {
    try {
      for (let entry = this.readSync(); entry !== null; entry = this.readSync()) yield entry;
    } finally {
      if (!this.#closed) this.closeSync();
    }
  }
}

/** `opendirSync(path, { encoding, bufferSize, recursive }?)`. */
export function openDirectory(ctx: ViewContext, path: unknown, options?: unknown): Dir {
  const opts = options === undefined || options === null ? {} : (options as Record<string, unknown>);
  if (typeof opts !== 'object')
    throw codedTypeError('ERR_INVALID_ARG_TYPE', 'The "options" argument must be of type object.');
  const entries = readDirectory(ctx, path, {
    encoding: opts.encoding,
    recursive: opts.recursive,
    withFileTypes: true,
  }) as Dirent[];
  return new Dir(ctx.resolve(path).raw, entries);
}
