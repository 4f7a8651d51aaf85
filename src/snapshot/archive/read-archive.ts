/**
 * Reading an archive of any known format: peek at its head, pick the adapter, stream its entries.
 *
 * @module
 */

import { InvalidArgumentError } from '../../fs/errors.js';
import { type ArchiveSource, peekHead, toAsyncChunks } from './chunks.js';
import { type ArchiveChoice, detectFormat, selectAdapter } from './detect.js';
import { DETECT_HEAD_BYTES } from './magic.js';
import { TarAdapter } from './tar-adapter.js';
import type { ArchiveAdapter, ArchiveEntry } from './types.js';
import { ZipAdapter } from './zip-adapter.js';

/** How {@link readArchive} picks the format. */
export interface ReadArchiveOptions {
  /** Read as this format instead of detecting it (e.g. `'tar'` for a tar that detection misses). */
  readonly format?: string;
  /** Use only this adapter: detection, or `format`, is limited to it. */
  readonly adapter?: ArchiveAdapter;
  /** The adapters to consider, in order. Defaults to {@link defaultArchiveAdapters}. */
  readonly adapters?: readonly ArchiveAdapter[];
}

/** A fresh list of the built-in adapters: zip first, then tar/tar.gz. */
export function defaultArchiveAdapters(): ArchiveAdapter[] {
  return [new ZipAdapter(), new TarAdapter()];
}

/**
 * Yields the entries of the archive in `source`. The format is `options.format` when given, otherwise
 * detected from the leading bytes. An unknown or unsupported format throws `InvalidArgumentError`
 * (`EINVAL`) from the first `next()`; the source is released in every case.
 */
export async function* readArchive(
  source: ArchiveSource,
  options: ReadArchiveOptions = {},
): AsyncGenerator<ArchiveEntry> {
  const adapters = adaptersOf(options);
  const chunks = toAsyncChunks(source);
  let choice: ArchiveChoice;
  let rest: AsyncIterableIterator<Uint8Array>;
  if (options.format !== undefined) {
    choice = selectAdapter(options.format, adapters);
    rest = chunks[Symbol.asyncIterator]() as AsyncIterableIterator<Uint8Array>;
  } else {
    const headSize = Math.max(...adapters.map((adapter) => adapter.headSize ?? DETECT_HEAD_BYTES));
    const peeked = await peekHead(chunks, headSize);
    rest = peeked.chunks;
    try {
      choice = detectFormat(peeked.head, adapters);
    } catch (error) {
      await rest.return?.();
      throw error;
    }
  }
  yield* choice.adapter.read(rest, choice.format);
}

/**
 * The adapters `options` asks for: the one `adapter`, the `adapters`, or the built-in ones. Giving
 * both throws `InvalidArgumentError`.
 */
export function adaptersOf(options: ReadArchiveOptions): readonly ArchiveAdapter[] {
  if (options.adapter !== undefined && options.adapters !== undefined) {
    throw new InvalidArgumentError('Pass either "adapter" or "adapters", not both.');
  }
  if (options.adapter !== undefined) return [options.adapter];
  return options.adapters ?? defaultArchiveAdapters();
}
