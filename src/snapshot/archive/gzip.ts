/**
 * gzip decompression of a chunk source, as a chunk source.
 *
 * @module
 */

import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * Yields the decompressed bytes of the gzip data in `source` (several concatenated members are read
 * as one stream, as `gunzip` does). zlib honours backpressure, so only as much is inflated as the
 * consumer asks for, and leaving the loop early stops inflating and releases `source`.
 *
 * Errors are not wrapped here: zlib's errors (see {@link isZlibError}) and the source's own pass
 * through unchanged, so that the caller, which knows which entry was being read, can word them.
 */
export async function* gunzipChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    input.unpipe(gunzip);
    input.destroy();
    gunzip.destroy();
  }
}

/** True for the errors zlib raises on bad compressed data (`Z_DATA_ERROR`, `Z_BUF_ERROR`, ...). */
export function isZlibError(error: unknown): error is Error & { code: string } {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('Z_');
}
