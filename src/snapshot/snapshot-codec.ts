/**
 * The byte encoding of a snapshot: what `MFSSnapshot#toBytes` writes and `MFSSnapshot.fromBytes`
 * reads. Version 1, all integers little-endian:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 8 | magic `89 44 4D 46 53 4E 50 0A` (`\x89DMFSNP\n`) |
 * | 8 | 4 | format version, `1` |
 * | 12 | 4 | number of entries (u32) |
 * | 16 | 8 | length of the entry table (u64) |
 * | 24 | 8 | length of the data section (u64) |
 * | 32 | … | entry table: the prefix (u32 length + UTF-8), then each entry, root first, parents before children, siblings in listing order: kind (u8: 1 directory, 2 file), path (u32 length + UTF-8), createdAt and modifiedAt (f64, ms since the epoch); files add generation and size (u64) |
 * | … | … | data section: the contents of the files, in table order |
 * | end − 4 | 4 | CRC-32 of every byte before it |
 *
 * The encoding is a function of the tree alone (paths, listing order, contents and metadata; not of
 * how the bytes happen to be chunked), so equal trees give equal bytes.
 *
 * Decoding trusts nothing: the lengths must add up to the input's exact length before anything is
 * allocated, the checksum must match, and every entry must make a valid tree (see
 * `TreeImage.fromEntries`). Any failure is an `InvalidArgumentError`. The checksum catches
 * corruption and truncation; it is not a signature, so the structural checks still guard against
 * a crafted input.
 *
 * @module
 */

import { type ImageEntry, InvalidArgumentError, TreeImage } from '../fs/index.js';
import { crc32 } from './archive/crc32.js';

const MAGIC = Uint8Array.of(0x89, 0x44, 0x4d, 0x46, 0x53, 0x4e, 0x50, 0x0a);
/** The format version this module writes and the only one it reads. */
export const SNAPSHOT_FORMAT_VERSION = 1;
const HEADER_BYTES = 32;
const CHECKSUM_BYTES = 4;
const KIND_DIRECTORY = 1;
const KIND_FILE = 2;
/** The smallest possible table entry: kind, a one-byte path and two timestamps. */
const MIN_ENTRY_BYTES = 1 + 4 + 1 + 8 + 8;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes an image. Equal trees give equal bytes. */
export function encodeImage(image: TreeImage): Uint8Array<ArrayBuffer> {
  const prefix = Buffer.from(image.prefix, 'utf8');
  const paths = image.entries.map((entry) => Buffer.from(entry.path, 'utf8'));
  let tableLength = 4 + prefix.byteLength;
  for (let i = 0; i < paths.length; i++) {
    tableLength += 1 + 4 + paths[i].byteLength + 16 + (image.entries[i].kind === 'file' ? 16 : 0);
  }
  const dataLength = image.size;
  const total = HEADER_BYTES + tableLength + dataLength + CHECKSUM_BYTES;
  // A fresh, exactly sized buffer (not a pooled Buffer) so that its ArrayBuffer can be transferred.
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(8, SNAPSHOT_FORMAT_VERSION, true);
  view.setUint32(12, image.entries.length, true);
  view.setBigUint64(16, BigInt(tableLength), true);
  view.setBigUint64(24, BigInt(dataLength), true);
  let at = HEADER_BYTES;
  view.setUint32(at, prefix.byteLength, true);
  bytes.set(prefix, at + 4);
  at += 4 + prefix.byteLength;
  let data = HEADER_BYTES + tableLength;
  image.entries.forEach((entry, i) => {
    const path = paths[i];
    view.setUint8(at, entry.kind === 'file' ? KIND_FILE : KIND_DIRECTORY);
    view.setUint32(at + 1, path.byteLength, true);
    bytes.set(path, at + 5);
    at += 5 + path.byteLength;
    view.setFloat64(at, entry.createdAt, true);
    view.setFloat64(at + 8, entry.modifiedAt, true);
    at += 16;
    if (entry.kind === 'file') {
      view.setBigUint64(at, BigInt(entry.generation), true);
      view.setBigUint64(at + 8, BigInt(entry.size), true);
      at += 16;
      for (const chunk of entry.chunks) {
        bytes.set(chunk, data);
        data += chunk.byteLength;
      }
    }
  });
  view.setUint32(total - CHECKSUM_BYTES, crc32(bytes.subarray(0, total - CHECKSUM_BYTES)), true);
  return bytes;
}

function invalid(reason: string): InvalidArgumentError {
  return new InvalidArgumentError(`Invalid snapshot bytes: ${reason}.`);
}

/** A u64 field that must fit a safe integer. */
function safeU64(view: DataView, offset: number, what: string): number {
  const value = view.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`${what} is out of range`);
  return Number(value);
}

/**
 * Decodes bytes written by {@link encodeImage}. Every file's content is copied into a buffer of its
 * own, so the image keeps nothing of the input alive and later changes to the input do not show.
 */
export function decodeImage(input: Uint8Array): TreeImage {
  // A plain view: on a Buffer, `slice` would share memory instead of copying.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const length = bytes.byteLength;
  if (length < HEADER_BYTES + CHECKSUM_BYTES) throw invalid(`${length} bytes is too short for a snapshot`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw invalid('not a dmemfs snapshot (bad magic number)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const version = view.getUint32(8, true);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    throw invalid(`unsupported format version ${version} (this version reads ${SNAPSHOT_FORMAT_VERSION})`);
  }
  const entryCount = view.getUint32(12, true);
  const tableLength = safeU64(view, 16, 'the entry table length');
  const dataLength = safeU64(view, 24, 'the data length');
  const expected = HEADER_BYTES + tableLength + dataLength + CHECKSUM_BYTES;
  if (expected > length) throw invalid(`truncated: the header announces ${expected} bytes, got ${length}`);
  if (expected < length) throw invalid(`${length - expected} unexpected bytes after the end`);
  const stored = view.getUint32(length - CHECKSUM_BYTES, true);
  if (crc32(bytes.subarray(0, length - CHECKSUM_BYTES)) !== stored) throw invalid('checksum mismatch');
  if (entryCount === 0 || entryCount > tableLength / MIN_ENTRY_BYTES) {
    throw invalid(`${entryCount} entries cannot fit in a ${tableLength}-byte table`);
  }

  const tableEnd = HEADER_BYTES + tableLength;
  let at = HEADER_BYTES;
  const need = (bytesNeeded: number, what: string): void => {
    if (bytesNeeded > tableEnd - at) throw invalid(`the entry table ends inside ${what}`);
  };
  const readString = (what: string): string => {
    need(4, what);
    const size = view.getUint32(at, true);
    at += 4;
    need(size, what);
    let text: string;
    try {
      text = utf8.decode(bytes.subarray(at, at + size));
    } catch {
      throw invalid(`${what} is not valid UTF-8`);
    }
    at += size;
    return text;
  };

  const prefix = readString('the prefix');
  const entries: ImageEntry[] = [];
  let data = tableEnd;
  const dataEnd = tableEnd + dataLength;
  for (let i = 0; i < entryCount; i++) {
    need(1, `entry ${i}`);
    const kind = view.getUint8(at);
    at += 1;
    if (kind !== KIND_DIRECTORY && kind !== KIND_FILE) throw invalid(`entry ${i} has unknown kind ${kind}`);
    const path = readString(`the path of entry ${i}`);
    need(16, `the timestamps of '${path}'`);
    const createdAt = view.getFloat64(at, true);
    const modifiedAt = view.getFloat64(at + 8, true);
    at += 16;
    if (kind === KIND_DIRECTORY) {
      entries.push({ kind: 'directory', path, createdAt, modifiedAt });
      continue;
    }
    need(16, `the size of '${path}'`);
    const generation = safeU64(view, at, `the generation of '${path}'`);
    const size = safeU64(view, at + 8, `the size of '${path}'`);
    at += 16;
    if (size > dataEnd - data) throw invalid(`the content of '${path}' runs past the data section`);
    const chunks = size === 0 ? [] : [bytes.slice(data, data + size)];
    data += size;
    entries.push({ kind: 'file', path, createdAt, modifiedAt, generation, size, chunks });
  }
  if (at !== tableEnd) throw invalid(`${tableEnd - at} unused bytes at the end of the entry table`);
  if (data !== dataEnd) throw invalid(`${dataEnd - data} bytes of the data section belong to no file`);
  try {
    return TreeImage.fromEntries(prefix, entries);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw invalid(error.message.replace(/\.$/, ''));
    throw error;
  }
}
