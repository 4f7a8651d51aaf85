/**
 * Hand-built hostile archives for tests.
 *
 * Archive libraries refuse to write unsafe names or inconsistent headers, so the bytes are built here
 * directly: a minimal zip writer (local headers, central directory, end record; stored and deflate
 * members) and a minimal tar writer (512-byte ustar/v7/GNU header blocks with checksums, PAX records),
 * each letting a test override any field to lie. Bombs are built by deflating zeros incrementally,
 * so the inflated size is never held in memory.
 */

import { Readable } from 'node:stream';
import { createDeflateRaw, createGzip, deflateRawSync, gzipSync } from 'node:zlib';
import { crc32 } from '../../../src/snapshot/archive/crc32.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

// ---------------------------------------------------------------------------------------------------
// zip

/** One member of a hand-built zip. Every header field can be made to lie. */
export interface RawZipMember {
  /** The stored name: a string is UTF-8 encoded (and flagged as such when not ASCII), bytes go in raw. */
  readonly name: string | Uint8Array;
  /** The member's real uncompressed bytes (default: none). */
  readonly data?: Uint8Array;
  /** 0 (stored, default) or 8 (deflate), or any other number to claim an unsupported method. */
  readonly method?: number;
  /** Ready-made compressed bytes, used instead of compressing `data`. */
  readonly compressed?: Uint8Array;
  /** Declared CRC-32 (default: the real one of `data`). */
  readonly crc32?: number;
  /** Declared uncompressed size (default: the real one). */
  readonly size?: number;
  /** Unix mode for the external attributes, e.g. `0o120777` for a symlink. */
  readonly mode?: number;
  /** Extra general-purpose flag bits (bit 0: encrypted). */
  readonly flags?: number;
  /** DOS date and time fields (default: 2020-01-02 03:04:06 local). */
  readonly dosDate?: number;
  readonly dosTime?: number;
}

const UTF8_FLAG = 0x800;
const DEFAULT_DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 2;
const DEFAULT_DOS_TIME = (3 << 11) | (4 << 5) | (6 >> 1);

/**
 * Builds a zip archive holding `members`, in order, with a central directory and an end record.
 * `prefix` is put in front with every offset shifted past it, as self-extracting archives do.
 */
export function buildZip(
  members: readonly RawZipMember[],
  { prefix = new Uint8Array(0) as Uint8Array }: { prefix?: Uint8Array } = {},
): Uint8Array {
  const locals: Buffer[] = [Buffer.from(prefix)];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const member of members) {
    const data = Buffer.from(member.data ?? new Uint8Array(0));
    const method = member.method ?? 0;
    const compressed = Buffer.from(member.compressed ?? (method === 8 ? deflateRawSync(data) : data));
    const name =
      typeof member.name === 'string' ? Buffer.from(member.name, 'utf8') : Buffer.from(member.name);
    const utf8 = typeof member.name === 'string' && /[^\x20-\x7e]/.test(member.name) ? UTF8_FLAG : 0;
    const fields: ZipFields = {
      flags: utf8 | (member.flags ?? 0),
      method,
      dosTime: member.dosTime ?? DEFAULT_DOS_TIME,
      dosDate: member.dosDate ?? DEFAULT_DOS_DATE,
      crc: member.crc32 ?? crc32(data),
      compressedSize: compressed.length,
      size: member.size ?? data.length,
      name,
    };
    const local = Buffer.concat([localHeader(fields), compressed]);
    centrals.push(centralHeader(fields, member.mode, offset));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([...locals, directory, endRecord(members.length, directory.length, offset)]);
}

interface ZipFields {
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  name: Buffer;
}

function localHeader(f: ZipFields): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(f.flags, 6);
  header.writeUInt16LE(f.method, 8);
  header.writeUInt16LE(f.dosTime, 10);
  header.writeUInt16LE(f.dosDate, 12);
  header.writeUInt32LE(f.crc >>> 0, 14);
  header.writeUInt32LE(f.compressedSize, 18);
  header.writeUInt32LE(f.size, 22);
  header.writeUInt16LE(f.name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, f.name]);
}

function centralHeader(f: ZipFields, mode: number | undefined, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(mode === undefined ? 20 : (3 << 8) | 20, 4); // made by: unix when a mode is given
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(f.flags, 8);
  header.writeUInt16LE(f.method, 10);
  header.writeUInt16LE(f.dosTime, 12);
  header.writeUInt16LE(f.dosDate, 14);
  header.writeUInt32LE(f.crc >>> 0, 16);
  header.writeUInt32LE(f.compressedSize, 20);
  header.writeUInt32LE(f.size, 24);
  header.writeUInt16LE(f.name.length, 28);
  header.writeUInt32LE(mode === undefined ? 0 : (mode << 16) >>> 0, 38);
  header.writeUInt32LE(offset, 42);
  return Buffer.concat([header, f.name]);
}

function endRecord(count: number, directorySize: number, directoryOffset: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(directorySize, 12);
  record.writeUInt32LE(directoryOffset, 16);
  return record;
}

/** A zip with one stored file `name` (for unsafe-name tests). */
export function zipNamed(name: string | Uint8Array, data: Uint8Array = Buffer.from('payload')): Uint8Array {
  return buildZip([{ name, data }]);
}

/**
 * Deflates `size` zero bytes incrementally (1 MiB at a time, fast level), never holding them.
 * Returns the raw deflate bytes and the CRC-32 of the zeros.
 */
export async function deflatedZeros(size: number): Promise<{ compressed: Buffer; crc: number }> {
  const deflater = createDeflateRaw({ level: 1 });
  const parts: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  const zeros = Buffer.alloc(MiB);
  let crc = 0;
  for (let left = size; left > 0; left -= zeros.length) {
    const piece = left >= zeros.length ? zeros : zeros.subarray(0, left);
    crc = crc32(piece, crc);
    if (!deflater.write(piece)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await ended;
  return { compressed: Buffer.concat(parts), crc };
}

/**
 * A zip bomb: one deflate member `bomb.bin` that honestly declares `size` bytes (1 GiB by default)
 * of zeros, from a few MB of compressed data. `declaredSize` makes it lie about its size.
 */
export async function zipBomb(size = GiB, declaredSize = size): Promise<Uint8Array> {
  const { compressed, crc } = await deflatedZeros(size);
  return buildZip([{ name: 'bomb.bin', method: 8, compressed, crc32: crc, size: declaredSize }]);
}

/**
 * An "overlapping" zip: `copies` central-directory records, each with its own name, all pointing at
 * one local member. Each entry inflates the same data again, so the total is `copies` times it
 * while the archive holds it once: only counting bytes across entries catches this.
 */
export function overlappingZip(copies: number, data: Uint8Array): Uint8Array {
  const compressed = deflateRawSync(data);
  const fields = (name: string): ZipFields => ({
    flags: 0,
    method: 8,
    dosTime: DEFAULT_DOS_TIME,
    dosDate: DEFAULT_DOS_DATE,
    crc: crc32(data),
    compressedSize: compressed.length,
    size: data.length,
    name: Buffer.from(name),
  });
  const local = Buffer.concat([localHeader(fields('shared.bin')), compressed]);
  const directory = Buffer.concat(
    Array.from({ length: copies }, (_, i) => centralHeader(fields(`copy-${i}.bin`), undefined, 0)),
  );
  return Buffer.concat([local, directory, endRecord(copies, directory.length, local.length)]);
}

// ---------------------------------------------------------------------------------------------------
// tar

/** One member of a hand-built tar. */
export interface RawTarMember {
  /** Name field (at most 100 UTF-8 bytes; use `pax` for anything else). */
  readonly name: string;
  /** Type flag character: '0' file (default), '1' hard link, '2' symlink, '3' char device, '4' block device, '5' directory, '6' FIFO, or any other. */
  readonly typeflag?: string;
  /** The real data following the header (default: none). */
  readonly data?: Uint8Array;
  /** Declared size (default: the real one). */
  readonly size?: number;
  readonly linkname?: string;
  readonly mode?: number;
  /** Seconds since the epoch (default: 2020-01-02T03:04:05Z). */
  readonly mtime?: number;
  /** Header dialect: POSIX `ustar` (default), GNU `ustar  `, or old v7 without magic. */
  readonly dialect?: 'ustar' | 'gnu' | 'v7';
  /** Store a wrong checksum. */
  readonly badChecksum?: boolean;
  /** PAX records to put in an extended header in front of this member. */
  readonly pax?: Readonly<Record<string, string>>;
}

const BLOCK = 512;
const DEFAULT_MTIME = Date.UTC(2020, 0, 2, 3, 4, 5) / 1000;

/** One 512-byte tar header block. */
export function tarHeader(member: RawTarMember): Buffer {
  const block = Buffer.alloc(BLOCK);
  const name = Buffer.from(member.name, 'utf8');
  if (name.length > 100) throw new RangeError(`tar name too long for a plain header: ${member.name}`);
  name.copy(block, 0);
  writeOctal(block, 100, 8, member.mode ?? (member.typeflag === '5' ? 0o755 : 0o644));
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, member.size ?? member.data?.length ?? 0);
  writeOctal(block, 136, 12, member.mtime ?? DEFAULT_MTIME);
  block.write(member.typeflag ?? '0', 156, 'latin1');
  if (member.linkname !== undefined) block.write(member.linkname, 157, 100, 'utf8');
  const dialect = member.dialect ?? 'ustar';
  if (dialect === 'ustar') block.write('ustar\x0000', 257, 'latin1');
  if (dialect === 'gnu') block.write('ustar  \x00', 257, 'latin1');
  let sum = 0;
  block.fill(0x20, 148, 156);
  for (const byte of block) sum += byte;
  writeOctal(block, 148, 7, member.badChecksum ? sum + 1 : sum);
  return block;
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

/** A PAX record: `"<length> <key>=<value>\n"`, where the length counts the whole record. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

function padded(data: Uint8Array): Buffer {
  const rest = data.length % BLOCK;
  return Buffer.concat([Buffer.from(data), Buffer.alloc(rest === 0 ? 0 : BLOCK - rest)]);
}

/**
 * Builds a tar holding `members`; each is a header, its data padded to a block and, before it, a PAX
 * header when asked. Ends with the two zero blocks unless `end` is false.
 */
export function buildTar(members: readonly RawTarMember[], { end = true } = {}): Uint8Array {
  const parts: Buffer[] = [];
  for (const member of members) {
    if (member.pax !== undefined) {
      const records = Buffer.from(
        Object.entries(member.pax)
          .map(([key, value]) => paxRecord(key, value))
          .join(''),
      );
      parts.push(tarHeader({ name: 'PaxHeader', typeflag: 'x', size: records.length }), padded(records));
    }
    parts.push(tarHeader(member), padded(member.data ?? new Uint8Array(0)));
  }
  if (end) parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** A tar with one file `name` (for unsafe-name tests); names over 100 bytes or with NUL go via PAX. */
export function tarNamed(name: string, data: Uint8Array = Buffer.from('payload')): Uint8Array {
  const plain = Buffer.byteLength(name) <= 100 && !name.includes('\0');
  return buildTar([plain ? { name, data } : { name: 'placeholder', data, pax: { path: name } }]);
}

/** gzip of `data`, in one piece. */
export function gzip(data: Uint8Array): Uint8Array {
  return gzipSync(data);
}

/**
 * A tar.gz "bomb": one member `zeros.bin` of `size` zero bytes (1 GiB by default), gzipped
 * incrementally so that the zeros are never held in memory. A few MB compressed.
 */
export async function tarGzBomb(size = GiB): Promise<Uint8Array> {
  function* plainTar(): Generator<Uint8Array> {
    yield tarHeader({ name: 'zeros.bin', size });
    const zeros = Buffer.alloc(MiB);
    for (let left = size; left > 0; left -= zeros.length) {
      yield left >= zeros.length ? zeros : zeros.subarray(0, left);
    }
    yield Buffer.alloc(BLOCK - (size % BLOCK || BLOCK));
    yield Buffer.alloc(2 * BLOCK);
  }
  const parts: Buffer[] = [];
  for await (const chunk of Readable.from(plainTar(), { objectMode: false }).pipe(createGzip({ level: 1 }))) {
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------------
// catalogue

/** Unsafe member names, each with a word its refusal must contain. */
export const UNSAFE_NAMES: ReadonlyArray<readonly [name: string, reason: string]> = [
  ['/etc/passwd', 'absolute'],
  ['\\windows\\evil.txt', 'absolute'],
  ['\\\\server\\share\\x', 'absolute'],
  ['../evil.txt', '..'],
  ['..', '..'],
  ['a/../../x', '..'],
  ['a/../b', '..'],
  ['..\\x', '..'],
  ['a\\..\\..\\x', '..'],
  ['C:/x', 'drive letter'],
  ['c:\\x', 'drive letter'],
  ['C:x', 'drive letter'],
  ['./C:/x', 'drive letter'],
  ['a\0b', 'NUL'],
  ['', 'empty'],
  ['.', 'names no file'],
  ['./', 'names no file'],
];

/** Bytes that are no archive of any kind. */
export function garbage(length = 4096, seed = 7): Uint8Array {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  // Make sure it does not accidentally start like a zip, gzip or tar.
  bytes[0] = 0x00;
  bytes[1] = 0x01;
  return bytes;
}
