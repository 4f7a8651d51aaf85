/**
 * The built-in zip format: yauzl reads, yazl writes.
 *
 * @module
 */

import { constants as bufferConstants } from 'node:buffer';
import { InvalidArgumentError } from '../../fs/errors.js';
import { assertFormat } from './detect.js';
import { DETECT_HEAD_BYTES, looksLikeZip } from './magic.js';
import type { ArchiveAdapter, ArchiveEntry, ArchiveSourceEntry } from './types.js';
import { readZip } from './zip-reader.js';
import { writeZip } from './zip-writer.js';

/** Options of {@link ZipAdapter}. */
export interface ZipAdapterOptions {
  /**
   * A zip is read from memory as a whole (its directory is at the end), so a source larger than
   * this many bytes is refused with `InvalidArgumentError`. Defaults to the largest `Buffer` the
   * runtime can hold. This bounds the compressed archive only; what the members inflate to is for
   * the consumer to bound while reading their content.
   */
  readonly maxArchiveBytes?: number;
}

/** Reads and writes zip archives (stored and deflate members, ZIP64 included). */
export class ZipAdapter implements ArchiveAdapter {
  readonly formats: readonly string[] = Object.freeze(['zip']);
  readonly headSize = DETECT_HEAD_BYTES;
  readonly #maxArchiveBytes: number;

  constructor(options: ZipAdapterOptions = {}) {
    const limit = options.maxArchiveBytes ?? bufferConstants.MAX_LENGTH;
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new InvalidArgumentError(`maxArchiveBytes must be a non-negative integer; got ${limit}.`);
    }
    this.#maxArchiveBytes = limit;
  }

  /** `'zip'` for a local file header or an empty archive's end record, else `undefined`. */
  detect(head: Uint8Array): string | undefined {
    return looksLikeZip(head) ? 'zip' : undefined;
  }

  /** Reads a zip archive; see `ArchiveAdapter.read`. */
  read(source: AsyncIterable<Uint8Array>, format = 'zip'): AsyncIterable<ArchiveEntry> {
    assertFormat(this, format);
    return readZip(source, { maxArchiveBytes: this.#maxArchiveBytes });
  }

  /** Writes a zip archive; see `ArchiveAdapter.write`. */
  async write(
    entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
    destination: NodeJS.WritableStream,
    format = 'zip',
  ): Promise<void> {
    assertFormat(this, format);
    await writeZip(entries, destination);
  }
}
