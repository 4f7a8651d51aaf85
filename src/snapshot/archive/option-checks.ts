/**
 * Checks shared by the options of the archive functions: the options object itself, `format`, and
 * the `adapter` / `adapters` pair that plugs in other formats.
 *
 * @module
 */

import { InvalidArgumentError, MemoryFileSystem } from '../../fs/index.js';
import type { ArchiveAdapter } from './types.js';

/** The options that choose adapters. */
export interface AdapterOptions {
  readonly adapter?: ArchiveAdapter;
  readonly adapters?: readonly ArchiveAdapter[];
}

/** Throws `TypeError` unless `mfs` is a `MemoryFileSystem`. */
export function checkFileSystem(mfs: unknown): asserts mfs is MemoryFileSystem {
  if (!(mfs instanceof MemoryFileSystem)) {
    throw new TypeError(
      `The "mfs" argument must be a MemoryFileSystem (for an async view, pass its .sync); got ${describe(mfs)}.`,
    );
  }
}

/**
 * Throws `TypeError` unless `options` is `undefined` or a plain object, and `InvalidArgumentError`
 * for a key not in `known` (a misspelled option is refused rather than ignored). `what` names the
 * function in messages.
 */
export function checkOptionsObject(options: unknown, known: ReadonlySet<string>, what: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`The options of ${what} must be an object; got ${describe(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new InvalidArgumentError(
        `Unknown ${what} option '${key}'. Known options: ${[...known].join(', ')}.`,
      );
    }
  }
}

/** Throws `TypeError` unless `format` is `undefined` or a string. */
export function checkFormatOption(format: unknown): asserts format is string | undefined {
  if (format !== undefined && typeof format !== 'string') {
    throw new TypeError(`Option 'format' must be a string; got ${describe(format)}.`);
  }
}

/**
 * Checks `adapter` and `adapters`: each adapter must have `formats`, `detect`, `read` and `write`
 * (`TypeError`), and only one of the two options may be given (`InvalidArgumentError`).
 */
export function checkAdapterOptions(options: AdapterOptions): void {
  const { adapter, adapters } = options;
  if (adapter !== undefined) checkAdapter(adapter, "Option 'adapter'");
  if (adapters !== undefined) {
    if (!Array.isArray(adapters)) {
      throw new TypeError(
        `Option 'adapters' must be an array of archive adapters; got ${describe(adapters)}.`,
      );
    }
    adapters.forEach((each, index) => {
      checkAdapter(each, `Option 'adapters' item ${index}`);
    });
  }
  if (adapter !== undefined && adapters !== undefined) {
    throw new InvalidArgumentError('Pass either "adapter" or "adapters", not both.');
  }
}

function checkAdapter(value: unknown, what: string): void {
  const candidate = value as Partial<Record<keyof ArchiveAdapter, unknown>> | null;
  const complete =
    typeof candidate === 'object' &&
    candidate !== null &&
    Array.isArray(candidate.formats) &&
    typeof candidate.detect === 'function' &&
    typeof candidate.read === 'function' &&
    typeof candidate.write === 'function';
  if (!complete) {
    throw new TypeError(
      `${what} must be an archive adapter (with formats, detect, read and write); got ${describe(value)}.`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
