/**
 * Reading zip archives with yauzl.
 *
 * A zip is described by its central directory, at the very end, so the source is gathered into one
 * buffer (compressed bytes only) before anything can be read. yauzl parses the directory one record
 * at a time (`lazyEntries`); each member's data is then sliced out of the buffer and decoded by
 * `zipMemberContent`, which streams, counts and checks it.
 *
 * yauzl is told not to decode or validate names (`decodeStrings: false`): its checks would fail the
 * whole archive with its own error text, whereas the safety rules here live in `entryPathOf` and are
 * applied by the caller, with our error. Names are decoded here with yauzl's own decoder (UTF-8 when
 * the language-encoding flag or an Info-ZIP Unicode Path field says so, CP437 otherwise), keeping
 * backslashes so that `..\x` is still seen as traversal. For the same reason size checks are done here
 * rather than by yauzl (`validateEntrySizes: false`): ours name the entry.
 *
 * The mtime comes from an Info-ZIP extended timestamp or NTFS time when the entry has one (UTC,
 * 1 s or better), otherwise from the DOS date/time fields, read as local time with 2 s resolution.
 *
 * @module
 */

import yauzl from 'yauzl';
import { afterEntry, asArchiveError, corruptArchive, unsupportedEntry } from './archive-error.js';
import { collectBytes } from './chunks.js';
import { ContentGate } from './content-gate.js';
import type { ArchiveEntry, ArchiveEntryType } from './types.js';
import { ZIP_DEFLATED, ZIP_STORED, zipMemberContent } from './zip-content.js';

/** General-purpose flag bit 0: the member is encrypted. */
const FLAG_ENCRYPTED = 0x1;

/** Unix file-type bits, found in the upper 16 bits of the external attributes. */
const S_IFMT = 0o170000;
const UNIX_TYPES: ReadonlyMap<number, [ArchiveEntryType, string]> = new Map([
  [0o100000, ['file', 'file']],
  [0o040000, ['directory', 'directory']],
  [0o120000, ['symlink', 'symlink']],
  [0o020000, ['device', 'character-device']],
  [0o060000, ['device', 'block-device']],
  [0o010000, ['device', 'fifo']],
  [0o140000, ['other', 'socket']],
]);

/** Options of {@link readZip}. */
export interface ZipReadOptions {
  /** Refuse sources larger than this many bytes (they are held in memory whole). */
  readonly maxArchiveBytes: number;
}

/** Yields the members of the zip archive in `source`, in central-directory order. */
export async function* readZip(
  source: AsyncIterable<Uint8Array>,
  options: ZipReadOptions,
): AsyncGenerator<ArchiveEntry> {
  const archive = await collectBytes(source, options.maxArchiveBytes, 'The zip archive');
  const zipfile = await openZip(archive);
  const records = zipfile.eachEntry();
  let previous: string | undefined;
  let gate: ContentGate | undefined;
  try {
    for (;;) {
      let step: IteratorResult<yauzl.Entry>;
      try {
        step = await records.next();
      } catch (error) {
        throw asArchiveError('zip', error, { where: `in the central directory ${afterEntry(previous)}` });
      }
      if (step.done) return;
      const entry = new ZipEntry(zipfile, archive, step.value);
      gate = entry.gate;
      previous = entry.name;
      yield entry;
      gate.expire();
    }
  } finally {
    gate?.expire();
    await records.return?.();
    zipfile.close();
  }
}

async function openZip(archive: Buffer): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.fromBufferPromise(archive, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: false,
      strictFileNames: true,
    });
  } catch (error) {
    throw asArchiveError('zip', error);
  }
}

class ZipEntry implements ArchiveEntry {
  readonly name: string;
  readonly type: ArchiveEntryType;
  readonly nativeType: string;
  readonly declaredSize: number;
  readonly mtime: number;
  readonly linkName = undefined;
  readonly gate: ContentGate;
  readonly #zipfile: yauzl.ZipFile;
  readonly #archive: Buffer;
  readonly #record: yauzl.Entry;

  constructor(zipfile: yauzl.ZipFile, archive: Buffer, record: yauzl.Entry) {
    this.#zipfile = zipfile;
    this.#archive = archive;
    this.#record = record;
    this.name = yauzl.getFileNameLowLevel(
      record.generalPurposeBitFlag,
      record.fileNameRaw,
      record.extraFields,
      true,
    );
    [this.type, this.nativeType] = classify(this.name, record.externalFileAttributes);
    this.declaredSize = record.uncompressedSize;
    this.mtime = record.getLastModDate().getTime();
    this.gate = new ContentGate(this.name);
  }

  content(): AsyncIterable<Uint8Array> {
    this.gate.take();
    return this.#read();
  }

  async *#read(): AsyncGenerator<Uint8Array> {
    const record = this.#record;
    if ((record.generalPurposeBitFlag & FLAG_ENCRYPTED) !== 0) {
      throw unsupportedEntry('zip', this.name, 'it is encrypted, and encrypted entries are not supported');
    }
    if (record.compressionMethod !== ZIP_STORED && record.compressionMethod !== ZIP_DEFLATED) {
      throw unsupportedEntry(
        'zip',
        this.name,
        `it uses compression method ${record.compressionMethod}; only stored (0) and deflate (8) are supported`,
      );
    }
    if (record.compressionMethod === ZIP_STORED && record.compressedSize !== record.uncompressedSize) {
      throw corruptArchive(
        'zip',
        `it is stored uncompressed, yet its compressed size (${record.compressedSize}) and ` +
          `declared size (${record.uncompressedSize}) differ.`,
        { entry: this.name },
      );
    }
    let dataStart: number;
    try {
      ({ fileDataStart: dataStart } = await this.#zipfile.readLocalFileHeaderPromise(record, {
        minimal: true,
      }));
    } catch (error) {
      throw asArchiveError('zip', error, { entry: this.name });
    }
    const data = zipMemberContent({
      name: this.name,
      method: record.compressionMethod,
      compressed: this.#archive.subarray(dataStart, dataStart + record.compressedSize),
      size: record.uncompressedSize,
      crc32: record.crc32,
    });
    for await (const chunk of data) {
      this.gate.check();
      yield chunk;
    }
  }
}

/**
 * A trailing slash makes a directory (the zip convention; `\` from non-conforming Windows tools too).
 * Otherwise the unix mode that most zip tools store in the upper half of the external attributes
 * says what the member is; without one it is a file.
 */
function classify(name: string, externalAttributes: number): [ArchiveEntryType, string] {
  if (name.endsWith('/') || name.endsWith('\\')) return ['directory', 'directory'];
  const unixType = (externalAttributes >>> 16) & S_IFMT;
  if (unixType === 0) return ['file', 'file'];
  return UNIX_TYPES.get(unixType) ?? ['other', `unix mode 0o${unixType.toString(8)}`];
}
