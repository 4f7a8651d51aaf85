/**
 * Choosing the adapter for an archive: by the format a caller names, or by what the leading bytes
 * announce.
 *
 * @module
 */

import { InvalidArgumentError } from '../../fs/errors.js';
import type { ArchiveAdapter } from './types.js';

/** An adapter together with the format it is to read or write. */
export interface ArchiveChoice {
  readonly format: string;
  readonly adapter: ArchiveAdapter;
}

/**
 * Asks each adapter in turn what `head` is, and returns the first answer. Throws
 * `InvalidArgumentError` (`EINVAL`) listing the formats tried when no adapter recognizes it.
 */
export function detectFormat(head: Uint8Array, adapters: readonly ArchiveAdapter[]): ArchiveChoice {
  for (const adapter of adapters) {
    const format = adapter.detect(head);
    if (format !== undefined) return { format, adapter };
  }
  throw new InvalidArgumentError(
    `Unrecognized archive format: the data does not start like any of ${listFormats(adapters)}. ` +
      'Pass the format explicitly if it is one of them.',
  );
}

/**
 * Returns the first adapter that handles `format`. Throws `InvalidArgumentError` (`EINVAL`) listing
 * the supported formats when none does.
 */
export function selectAdapter(format: string, adapters: readonly ArchiveAdapter[]): ArchiveChoice {
  const adapter = adapters.find((candidate) => candidate.formats.includes(format));
  if (adapter === undefined) {
    throw new InvalidArgumentError(
      `Unsupported archive format ${JSON.stringify(format)}; supported: ${listFormats(adapters)}.`,
    );
  }
  return { format, adapter };
}

/** Throws `InvalidArgumentError` unless `adapter` handles `format` (a guard for adapter methods). */
export function assertFormat(adapter: ArchiveAdapter, format: string): void {
  if (!adapter.formats.includes(format)) {
    throw new InvalidArgumentError(
      `Unsupported archive format ${JSON.stringify(format)} for this adapter; it handles ${listFormats([adapter])}.`,
    );
  }
}

function listFormats(adapters: readonly ArchiveAdapter[]): string {
  const formats = adapters.flatMap((adapter) => adapter.formats);
  return formats.length === 0 ? 'no formats (no adapters given)' : formats.map((f) => `'${f}'`).join(', ');
}
