/**
 * Recognizing archive formats by their leading bytes.
 *
 * @module
 */

/** How many leading bytes the built-in checks need: one tar header block. */
export const DETECT_HEAD_BYTES = 512;

const TAR_BLOCK = 512;
const TAR_CHECKSUM_OFFSET = 148;
const TAR_CHECKSUM_LENGTH = 8;
const TAR_MAGIC_OFFSET = 257;
const USTAR = [0x75, 0x73, 0x74, 0x61, 0x72]; // "ustar", shared by POSIX ("ustar\0") and GNU ("ustar ")

/**
 * A zip starts with a local file header (`PK\x03\x04`), or, when it has no entries at all, with the
 * end-of-central-directory record (`PK\x05\x06`).
 */
export function looksLikeZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  );
}

/** A gzip member starts with `1f 8b`. */
export function looksLikeGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * A tar starts with a header block that says `ustar` at offset 257 (POSIX and GNU tar), or, for
 * old v7 archives without that magic, whose checksum field matches the block. A block of zeros is
 * the end-of-archive marker, so an archive that starts with one is an empty tar.
 */
export function looksLikeTar(head: Uint8Array): boolean {
  if (head.length < TAR_BLOCK) return false;
  if (USTAR.every((byte, i) => head[TAR_MAGIC_OFFSET + i] === byte)) return true;
  if (head.subarray(0, TAR_BLOCK).every((byte) => byte === 0)) return true;
  return tarChecksumMatches(head);
}

/**
 * The checksum is the sum of the header bytes with the checksum field itself counted as spaces.
 * Some historic tars summed signed bytes, so both sums are accepted.
 */
function tarChecksumMatches(block: Uint8Array): boolean {
  const stored = parseOctal(block.subarray(TAR_CHECKSUM_OFFSET, TAR_CHECKSUM_OFFSET + TAR_CHECKSUM_LENGTH));
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    const inField = i >= TAR_CHECKSUM_OFFSET && i < TAR_CHECKSUM_OFFSET + TAR_CHECKSUM_LENGTH;
    const byte = inField ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** An octal number padded with spaces or NULs, as tar writes them; `undefined` when it is not one. */
function parseOctal(field: Uint8Array): number | undefined {
  const text = String.fromCharCode(...field)
    .replace(/\0.*$/s, '')
    .trim();
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : undefined;
}
