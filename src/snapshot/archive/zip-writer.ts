/**
 * Writing zip archives with yazl.
 *
 * Members are pulled from the caller's iterable one at a time: the next one is only taken once yazl
 * has started on the previous file, and yazl only gets there once the destination has drained what
 * came before. So a lazy source of members is never read ahead by more than one file.
 *
 * Files are deflated with unix mode `0o100644`, directories written as empty directory entries with
 * `0o040755`. yazl stores the mtime twice: in the DOS date/time fields (local time, 2-second
 * resolution, years 1980 to 2107) and in an Info-ZIP extended timestamp (UTC, 1-second resolution,
 * years 1901 to 2038), which is what readers that know it, this library included, use. Out-of-range
 * times are clamped by yazl.
 *
 * @module
 */

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { type CheckedSourceEntry, SourceEntryChecker } from './source-entry.js';
import type { ArchiveSourceEntry } from './types.js';

const FILE_MODE = 0o100644;
const DIRECTORY_MODE = 0o040755;

/** Writes `entries` as a zip archive into `destination` and ends it. */
export async function writeZip(
  entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
  destination: NodeJS.WritableStream,
): Promise<void> {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  // yazl reports some failures on the ZipFile rather than on its output stream.
  zip.on('error', (error: Error) => output.destroy(error));
  const written = pipeline(output, destination);
  // Members are added concurrently with the writing, so that a destination that fails is noticed at
  // once even while the caller's iterable is slow to produce the next member.
  let producerError: unknown;
  const producing = addAll(zip, output, entries, written).catch((error: unknown) => {
    producerError = error;
    output.destroy(error as Error);
  });
  try {
    await written;
  } catch (error) {
    throw producerError ?? error;
  }
  await producing;
}

async function addAll(
  zip: yazl.ZipFile,
  output: Readable,
  entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
  written: Promise<void>,
): Promise<void> {
  const checker = new SourceEntryChecker();
  for await (const source of entries) {
    // The output is gone when writing failed; the pipeline reports why.
    if (output.destroyed) return;
    const entry = checker.check(source);
    if (entry.type === 'directory') {
      zip.addEmptyDirectory(entry.path, { mtime: entry.mtime, mode: DIRECTORY_MODE });
    } else {
      await Promise.race([addFile(zip, entry), written]);
    }
  }
  zip.end();
}

/** Queues a file and resolves once yazl asks for its data, i.e. once every earlier member is written. */
function addFile(zip: yazl.ZipFile, entry: CheckedSourceEntry): Promise<void> {
  return new Promise((resolve) => {
    const options = { mtime: entry.mtime, mode: FILE_MODE, compress: true, size: entry.data.byteLength };
    zip.addReadStreamLazy(entry.path, options, (callback) => {
      callback(null, Readable.from([entry.data], { objectMode: false }));
      resolve();
    });
  });
}
