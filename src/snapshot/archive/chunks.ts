/**
 * Byte sources as async iterables of `Uint8Array` chunks: accepting what callers hand in, looking at
 * the first bytes without losing them, and gathering a whole source when a format needs random access.
 *
 * @module
 */

import { Readable } from 'node:stream';
import { InvalidArgumentError } from '../../fs/errors.js';

/** Anything an archive can be read from. */
export type ArchiveSource = Uint8Array | AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/**
 * Presents `source` as an async iterable of byte chunks.
 *
 * A `Uint8Array` becomes a single chunk. A Node stream or async iterable is read as it is; every chunk
 * it yields must be a `Uint8Array` (a stream with a text encoding set fails with `TypeError`).
 * Breaking out of the iteration destroys a Node stream source, as Node's own iterator does.
 */
export function toAsyncChunks(source: ArchiveSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) return singleChunk(source);
  if (isAsyncIterable(source)) return checkedChunks(source);
  if (isOldStyleStream(source)) return checkedChunks(new Readable().wrap(source));
  throw new TypeError(
    'An archive source must be a Uint8Array, an AsyncIterable<Uint8Array> or a readable stream; ' +
      `got ${source === null ? 'null' : typeof source}.`,
  );
}

async function* singleChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function* checkedChunks(source: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(
        `An archive source yielded a ${typeof chunk} chunk; archives are bytes, so read the source ` +
          'without a text encoding.',
      );
    }
    yield chunk;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
  );
}

function isOldStyleStream(value: unknown): value is NodeJS.ReadableStream {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<NodeJS.ReadableStream>).on === 'function' &&
    typeof (value as Partial<NodeJS.ReadableStream>).pause === 'function'
  );
}

/** The first bytes of a source, and the source itself with nothing lost. */
export interface PeekedSource {
  /** Up to the requested number of leading bytes; fewer only when the source is shorter. */
  readonly head: Uint8Array;
  /**
   * Every byte of the source, the head included. Iterate it once; call `return()` on it to release
   * the source without reading it.
   */
  readonly chunks: AsyncIterableIterator<Uint8Array>;
}

/**
 * Reads chunks from `source` until at least `size` bytes (or the end) are seen, and returns them as
 * `head` next to a replay of the whole source.
 */
export async function peekHead(source: AsyncIterable<Uint8Array>, size: number): Promise<PeekedSource> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let seenBytes = 0;
  let ended = false;
  try {
    while (seenBytes < size) {
      const step = await iterator.next();
      if (step.done) {
        ended = true;
        break;
      }
      seen.push(step.value);
      seenBytes += step.value.byteLength;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  const joined = concatBytes(seen, seenBytes);
  return { head: joined.subarray(0, size), chunks: new ReplayedChunks(seen, ended ? undefined : iterator) };
}

/**
 * Yields the chunks already read, then continues with the rest of the source. A hand-written
 * iterator rather than a generator so that `return()` releases the source even before the first
 * `next()` (a generator that has not started ignores `return()`).
 */
class ReplayedChunks implements AsyncIterableIterator<Uint8Array> {
  #replay: Uint8Array[];
  #rest: AsyncIterator<Uint8Array> | undefined;

  constructor(replay: Uint8Array[], rest: AsyncIterator<Uint8Array> | undefined) {
    this.#replay = replay;
    this.#rest = rest;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    const replayed = this.#replay.shift();
    if (replayed !== undefined) return { done: false, value: replayed };
    if (this.#rest === undefined) return { done: true, value: undefined };
    const step = await this.#rest.next();
    if (step.done) this.#rest = undefined;
    return step;
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    this.#replay = [];
    const rest = this.#rest;
    this.#rest = undefined;
    await rest?.return?.();
    return { done: true, value: undefined };
  }
}

/**
 * Gathers a whole source into one buffer. Refuses (`InvalidArgumentError`) once more than
 * `limit` bytes arrive, so that an endless or huge source cannot exhaust memory; `what` names the
 * data in that message.
 */
export async function collectBytes(
  source: AsyncIterable<Uint8Array>,
  limit: number,
  what: string,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit) {
      throw new InvalidArgumentError(`${what} is larger than the ${limit}-byte limit for reading it.`);
    }
    chunks.push(chunk);
  }
  return concatBytes(chunks, total);
}

/** `chunks` (of `total` bytes together) as one Buffer; a single chunk is viewed, not copied. */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Buffer {
  if (chunks.length === 1) {
    const [only] = chunks;
    return Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  }
  return Buffer.concat(chunks, total);
}
