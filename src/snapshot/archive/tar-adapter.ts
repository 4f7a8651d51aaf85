/**
 * The built-in tar formats: tar-stream reads and writes, zlib adds gzip for `'tar.gz'`.
 *
 * @module
 */

import { assertFormat } from './detect.js';
import { DETECT_HEAD_BYTES, looksLikeGzip, looksLikeTar } from './magic.js';
import { readTar } from './tar-reader.js';
import { writeTar } from './tar-writer.js';
import type { ArchiveAdapter, ArchiveEntry, ArchiveSourceEntry } from './types.js';

/** Reads and writes `'tar'` and `'tar.gz'` archives. */
export class TarAdapter implements ArchiveAdapter {
  readonly formats: readonly string[] = Object.freeze(['tar', 'tar.gz']);
  readonly headSize = DETECT_HEAD_BYTES;

  /**
   * `'tar.gz'` for any gzip data (whether it holds a tar shows when it is read), `'tar'` for a tar
   * header block, else `undefined`.
   */
  detect(head: Uint8Array): string | undefined {
    if (looksLikeGzip(head)) return 'tar.gz';
    if (looksLikeTar(head)) return 'tar';
    return undefined;
  }

  /** Reads a tar or tar.gz archive; see `ArchiveAdapter.read`. */
  read(source: AsyncIterable<Uint8Array>, format: string): AsyncIterable<ArchiveEntry> {
    assertFormat(this, format);
    return readTar(source, format === 'tar.gz');
  }

  /** Writes a tar or tar.gz archive; see `ArchiveAdapter.write`. */
  async write(
    entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
    destination: NodeJS.WritableStream,
    format: string,
  ): Promise<void> {
    assertFormat(this, format);
    await writeTar(entries, destination, format === 'tar.gz');
  }
}
