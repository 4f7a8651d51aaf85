/**
 * Writing tar and tar.gz archives with tar-stream (and zlib's gzip).
 *
 * Members are pulled from the caller's iterable one at a time: the next one is only taken once the
 * previous one has been taken in by the destination, so a lazy source of members is never read ahead.
 *
 * Headers are ustar, with a PAX extended header where ustar cannot hold the name (non-ASCII or too
 * long), so any name round-trips. Files get mode `0o644`, directories `0o755`, owner 0:0. The mtime
 * is stored in whole seconds (truncated); times before 1970 are stored as 1970.
 *
 * @module
 */

import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { type CheckedSourceEntry, SourceEntryChecker } from './source-entry.js';
import type { ArchiveSourceEntry } from './types.js';

/** Writes `entries` as a tar archive, gzip-compressed when `gzip` is set, into `destination` and ends it. */
export async function writeTar(
  entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
  destination: NodeJS.WritableStream,
  gzip: boolean,
): Promise<void> {
  const pack = tar.pack();
  // Members are added concurrently with the writing, so that a destination that fails is noticed at
  // once even while the caller's iterable is slow to produce the next member. Only failures of the
  // caller's entries (or their checks) land in producerError; the pipeline reports its own.
  let producerError: unknown;
  const producing = addAll(pack, entries).catch((error: unknown) => {
    producerError = error;
    pack.destroy(error as Error);
  });
  // The pack is handed to Node's pipeline as an async iterable: it is a streamx stream, which
  // Node's stream machinery does not fully understand, while its async iterator is exact.
  const packed = async function* () {
    yield* pack;
  };
  try {
    if (gzip) await pipeline(packed, createGzip(), destination as Writable);
    else await pipeline(packed, destination as Writable);
  } catch (error) {
    throw producerError ?? error;
  }
  await producing;
  if (producerError !== undefined) throw producerError;
}

async function addAll(
  pack: tar.Pack,
  entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
): Promise<void> {
  const checker = new SourceEntryChecker();
  for await (const source of entries) {
    // A pack that stopped taking members failed downstream; the pipeline reports why.
    if (!(await addEntry(pack, checker.check(source)))) return;
  }
  pack.finalize();
}

/**
 * Resolves once the pack has passed the member's bytes on, which is how backpressure reaches us:
 * `true` then, `false` when the pack was destroyed instead.
 */
function addEntry(pack: tar.Pack, entry: CheckedSourceEntry): Promise<boolean> {
  if (pack.destroying) return Promise.resolve(false);
  const seconds = Math.max(0, Math.trunc(entry.mtime.getTime() / 1000));
  const header: Partial<tar.Header> & { name: string } = {
    name: entry.path,
    type: entry.type,
    mode: entry.type === 'directory' ? 0o755 : 0o644,
    mtime: new Date(seconds * 1000),
  };
  return new Promise((resolve) => {
    const done = (error?: Error | null) => resolve(!error);
    if (entry.type === 'directory') pack.entry(header, done);
    else pack.entry({ ...header, size: entry.data.byteLength }, entry.data, done);
  });
}
