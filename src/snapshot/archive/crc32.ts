/**
 * CRC-32 (the zip/gzip polynomial), computed incrementally. Uses `zlib.crc32` where the runtime has it
 * (Node.js 20.15 and later) and a table-driven fallback otherwise.
 *
 * @module
 */

import * as zlib from 'node:zlib';

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  return table;
}

/** The table-driven implementation; exported so that it can be checked against `zlib.crc32`. */
export function crc32Fallback(data: Uint8Array, previous = 0): number {
  const t = crcTable();
  let crc = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `data`, continuing from `previous` (the CRC of the bytes before it; 0 to start). */
export const crc32: (data: Uint8Array, previous?: number) => number =
  typeof native === 'function' ? (data, previous = 0) => native(data, previous) : crc32Fallback;
