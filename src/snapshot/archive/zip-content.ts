/**
 * Decoding one zip member's data: stored or deflated, streamed in chunks, with its length and CRC-32
 * checked against what the central directory declares. yauzl deliberately does not check CRCs, so
 * this module does, and it counts inflated bytes itself so that a member that inflates past its
 * declared size is stopped right there rather than after the fact.
 *
 * @module
 */

import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { corruptArchive } from './archive-error.js';
import { crc32 } from './crc32.js';

/** Compression method 0: the data is stored as is. */
export const ZIP_STORED = 0;
/** Compression method 8: raw deflate. */
export const ZIP_DEFLATED = 8;

/** Size of the chunks stored data is handed out in. */
const STORED_CHUNK = 64 * 1024;

/**
 * Members declaring at most this many bytes are inflated in one synchronous call. A zlib stream
 * inflates on the thread pool, and for a small member the round trip to it costs far more than the
 * inflating (most fixture archives are thousands of small files); past this size the stream's
 * backpressure matters more, and one call would block the event loop for too long.
 */
const SYNC_INFLATE_LIMIT = 256 * 1024;

/** One member's data as the central directory describes it. */
export interface ZipMemberData {
  /** The entry name, for messages. */
  readonly name: string;
  /** `ZIP_STORED` or `ZIP_DEFLATED`; anything else is refused by the caller. */
  readonly method: number;
  /** The member's compressed bytes. */
  readonly compressed: Uint8Array;
  /** Declared uncompressed size. */
  readonly size: number;
  /** Declared CRC-32 of the uncompressed bytes. */
  readonly crc32: number;
}

/**
 * Yields the member's uncompressed bytes. Throws `InvalidArgumentError` when the data is not valid
 * deflate, when it produces more or fewer bytes than declared, or when its CRC-32 differs. Stopping
 * the iteration early stops inflating.
 */
export async function* zipMemberContent(member: ZipMemberData): AsyncGenerator<Uint8Array> {
  let produced = 0;
  let crc = 0;
  const chunks = member.method === ZIP_STORED ? storedChunks(member.compressed) : inflatedChunks(member);
  for await (const chunk of chunks) {
    produced += chunk.byteLength;
    if (produced > member.size) {
      throw corruptArchive('zip', `data is larger than its declared size of ${member.size} bytes.`, {
        entry: member.name,
      });
    }
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (produced !== member.size) {
    throw corruptArchive(
      'zip',
      `data has ${produced} bytes, but its declared size is ${member.size} bytes.`,
      {
        entry: member.name,
      },
    );
  }
  if (crc !== member.crc32) {
    throw corruptArchive(
      'zip',
      `CRC-32 mismatch: the data has ${hex(crc)}, the central directory says ${hex(member.crc32)}.`,
      { entry: member.name },
    );
  }
}

/** Copies, so that a consumer never holds a view into (and keeps alive) the whole archive buffer. */
function* storedChunks(data: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < data.byteLength; offset += STORED_CHUNK) {
    yield Uint8Array.prototype.slice.call(data, offset, offset + STORED_CHUNK);
  }
}

/**
 * zlib honours backpressure: with the whole input written at once it still only inflates as far as
 * the reader has asked, so leaving the loop early (which destroys the stream) stops the work.
 */
async function* inflatedChunks(member: ZipMemberData): AsyncGenerator<Uint8Array> {
  if (member.size <= SYNC_INFLATE_LIMIT) {
    const whole = inflateWhole(member);
    if (whole !== undefined) {
      yield whole;
      return;
    }
  }
  const inflater = createInflateRaw();
  inflater.end(member.compressed);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw corruptArchive('zip', `invalid deflate data (${detail}).`, { entry: member.name, cause: error });
  } finally {
    inflater.destroy();
  }
}

/**
 * The member inflated in one call, at most one byte past its declared size; `undefined` when it
 * inflates past that, so the stream path stops it at the declared size with the usual error.
 */
function inflateWhole(member: ZipMemberData): Uint8Array | undefined {
  try {
    return inflateRawSync(member.compressed, { maxOutputLength: member.size + 1 });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    const detail = error instanceof Error ? error.message : String(error);
    throw corruptArchive('zip', `invalid deflate data (${detail}).`, { entry: member.name, cause: error });
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
