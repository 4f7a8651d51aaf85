/**
 * Reading tar and tar.gz archives with tar-stream (and zlib's gunzip).
 *
 * The archive is read strictly in order and never held whole: the source is fed into tar-stream's
 * extractor only as fast as it takes bytes in, and the extractor only moves past an entry's data once
 * that data was read. An entry whose content the consumer did not read, or stopped reading, is
 * skipped (read and discarded) when the next entry is requested; breaking out of the entry loop
 * instead stops everything at once and releases the source (right away, or, if a read from it is
 * still pending, as soon as that read completes). Skipping a tar.gz entry still means inflating it,
 * so a consumer that gives up on a huge entry should leave the loop rather than ask for the next one.
 *
 * POSIX ustar, GNU (long names and links) and PAX headers are understood; old v7 headers, which
 * lack the `ustar` magic, are accepted as long as their checksum is right.
 *
 * @module
 */

import tar from 'tar-stream';
import { type ArchiveErrorContext, afterEntry, asArchiveError, corruptArchive } from './archive-error.js';
import { ContentGate } from './content-gate.js';
import { gunzipChunks, isZlibError } from './gzip.js';
import type { ArchiveEntry, ArchiveEntryType } from './types.js';

type TarSource = tar.Extract extends AsyncIterable<infer S> ? S : never;

/** Turns any error met while reading into the one to throw, given where it was met. */
type ErrorWording = (error: unknown, context: Omit<ArchiveErrorContext, 'cause'>) => unknown;

const TYPES: Readonly<Record<string, ArchiveEntryType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
  link: 'hardlink',
  'character-device': 'device',
  'block-device': 'device',
  fifo: 'device',
};

/** Yields the members of the tar (or, when `gzipped`, tar.gz) archive in `source`, in order. */
export async function* readTar(
  source: AsyncIterable<Uint8Array>,
  gzipped: boolean,
): AsyncGenerator<ArchiveEntry> {
  const format = gzipped ? 'tar.gz' : 'tar';
  let sourceFailure: unknown;
  const watched = watchFailures(source, (error) => {
    sourceFailure = error;
  });
  const word: ErrorWording = (error, context) => {
    if (error === sourceFailure) return error;
    if (isZlibError(error)) {
      return corruptArchive(format, `invalid gzip data (${error.message}).`, { ...context, cause: error });
    }
    return asArchiveError(format, error, context);
  };
  // allowUnknownFormat admits v7 headers; the header checksum is still verified.
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  const feeding = feed(gzipped ? gunzipChunks(watched) : watched, extract);
  const members = extract[Symbol.asyncIterator]();
  let current: TarEntry | undefined;
  try {
    for (;;) {
      if (current !== undefined) {
        current.gate.expire();
        await current.skip();
      }
      let step: IteratorResult<TarSource>;
      try {
        step = await members.next();
      } catch (error) {
        throw word(error, { where: afterEntry(current?.name) });
      }
      if (step.done) return;
      current = new TarEntry(step.value, word);
      yield current;
    }
  } finally {
    current?.gate.expire();
    extract.destroy();
    await feeding;
  }
}

/** Passes `source` through, reporting what it throws so that its errors are not mistaken for ours. */
async function* watchFailures(
  source: AsyncIterable<Uint8Array>,
  report: (error: unknown) => void,
): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (error) {
    report(error);
    throw error;
  }
}

/**
 * Writes `bytes` into the extractor, waiting whenever it is full. Never rejects: a failure destroys
 * the extractor with the error, which is how the entry loop learns of it.
 *
 * Once the extractor closes (the consumer left, or it failed) feeding stops at once, even while a
 * read from the source is still pending: an async iterator cannot cancel a pending `next()`, and
 * waiting for a stalled source would hang the consumer's exit. The source is then closed as soon
 * as that read completes.
 */
async function feed(bytes: AsyncIterable<Uint8Array>, extract: tar.Extract): Promise<void> {
  const iterator = bytes[Symbol.asyncIterator]();
  const closed = new Promise<typeof CLOSED>((resolve) => extract.once('close', () => resolve(CLOSED)));
  try {
    for (;;) {
      const step = await Promise.race([iterator.next(), closed]);
      if (step === CLOSED) {
        iterator.return?.().catch(() => undefined);
        return;
      }
      if (step.done) break;
      if (!extract.write(step.value) && (await Promise.race([drained(extract), closed])) === CLOSED) {
        await iterator.return?.();
        return;
      }
    }
    extract.end(undefined);
  } catch (error) {
    extract.destroy(error as Error);
  }
}

const CLOSED = Symbol('closed');

function drained(extract: tar.Extract): Promise<void> {
  return new Promise((resolve) => extract.once('drain', () => resolve()));
}

class TarEntry implements ArchiveEntry {
  readonly name: string;
  readonly type: ArchiveEntryType;
  readonly nativeType: string;
  readonly declaredSize: number;
  readonly mtime: number | undefined;
  readonly linkName: string | undefined;
  readonly gate: ContentGate;
  /** tar-stream only streams data for entries with a size that are not directories. */
  readonly #hasData: boolean;
  readonly #source: TarSource;
  readonly #word: ErrorWording;
  #chunks: AsyncIterator<Uint8Array> | undefined;

  constructor(source: TarSource, word: ErrorWording) {
    const header = source.header;
    // The typings promise a known type; at run time an unknown type flag arrives as null.
    const nativeType = (header.type as string | null) ?? 'unknown';
    this.name = header.name;
    this.nativeType = nativeType;
    this.type = TYPES[nativeType] ?? 'other';
    this.declaredSize = header.size;
    this.mtime = mtimeOf(header);
    this.linkName = header.linkname ?? undefined;
    this.gate = new ContentGate(this.name);
    this.#hasData = header.size > 0 && nativeType !== 'directory';
    this.#source = source;
    this.#word = word;
  }

  content(): AsyncIterable<Uint8Array> {
    this.gate.take();
    return this.#read();
  }

  async *#read(): AsyncGenerator<Uint8Array> {
    if (!this.#hasData) return;
    for (;;) {
      this.gate.check();
      const step = await this.#next();
      if (step.done) return;
      yield step.value;
    }
  }

  /** Reads and discards whatever the consumer left unread, so that the extractor can move on. */
  async skip(): Promise<void> {
    if (!this.#hasData) return;
    while (!(await this.#next()).done) {
      // discarded
    }
  }

  /**
   * One step of the data stream. The stream's iterator is driven by hand and never closed early:
   * closing it would destroy the entry stream, which in tar-stream destroys the whole extractor.
   */
  async #next(): Promise<IteratorResult<Uint8Array>> {
    this.#chunks ??= this.#source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    try {
      return await this.#chunks.next();
    } catch (error) {
      throw this.#word(error, { entry: this.name });
    }
  }
}

/** PAX headers may carry a sub-second mtime; tar-stream keeps only whole seconds from ustar. */
function mtimeOf(header: tar.Header): number | undefined {
  const pax = header.pax as Record<string, string> | null | undefined;
  const paxSeconds = pax?.mtime === undefined ? Number.NaN : Number.parseFloat(pax.mtime);
  if (Number.isFinite(paxSeconds)) return Math.round(paxSeconds * 1000);
  const ms = header.mtime?.getTime();
  return ms === undefined || Number.isNaN(ms) ? undefined : ms;
}
