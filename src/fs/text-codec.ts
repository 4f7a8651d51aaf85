/**
 * Text encodings for the text handle: turning an encoding label into a streaming decoder and,
 * for the encodings that can be written, into an encoder.
 *
 * Labels are resolved once, here, for both directions:
 *
 * - WHATWG labels (those `TextDecoder` accepts: `utf-8`, `shift_jis`, `euc-jp`, `windows-1252`,
 *   `utf-16le`, …) plus Python's spellings of the UTF encodings (`utf_8`, `utf-16-le`, `utf_16_be`, …),
 *   all case-insensitive.
 * - `latin1` and its aliases (`latin-1`, `iso-8859-1`, `l1`, `cp819`, …) mean true ISO-8859-1, as in
 *   Python and in Node's `Buffer`: byte n is U+00nn both ways, so any bytes survive a round trip. (The
 *   WHATWG standard maps these labels to windows-1252, which decodes 0x80–0x9F differently; ask for
 *   `windows-1252` to get that.)
 * - `ascii` and `us-ascii` mean 7-bit ASCII: bytes 0x80–0xFF are decode errors.
 * - `utf-16`, `ucs-2` and the other WHATWG aliases of UTF-16LE mean UTF-16LE, without a byte order
 *   mark. Python's `utf-16` writes a BOM on every call, which litters text written in several calls
 *   with U+FEFF; here each write encodes independently and adds nothing.
 *
 * A byte order mark is never added and never stripped: it is text like any other character. A text
 * handle cannot know whether it starts at the beginning of a file, so treating U+FEFF specially would
 * be a guess.
 *
 * @module
 */

import { TextDecoder } from 'node:util';
import { InvalidArgumentError } from './errors.js';
import { describeValue } from './message-format.js';

/**
 * How a text handle deals with bytes it cannot decode and characters it cannot encode: `'strict'`
 * throws `InvalidArgumentError`; `'replace'` substitutes U+FFFD when decoding, and when encoding `?`
 * (single-byte encodings) or U+FFFD (UTF encodings).
 */
export type TextErrors = 'strict' | 'replace';

/** The encodings a text handle can write, by canonical name. Reading supports every WHATWG encoding. */
export const TEXT_WRITE_ENCODINGS: readonly string[] = Object.freeze([
  'utf-8',
  'utf-16le',
  'utf-16be',
  'latin1',
  'ascii',
]);

/** A decoder fed one block of bytes at a time. */
export interface StreamingTextDecoder {
  /**
   * Decodes `bytes` after everything fed before. Characters split across calls are held back until
   * complete; `final: true` ends the stream, so an incomplete trailing sequence becomes an error
   * (strict) or U+FFFD (replace), and the decoder starts afresh. Strict mode throws
   * `InvalidArgumentError` naming the encoding; the decoder then starts afresh too.
   */
  decode(bytes: Uint8Array, final: boolean): string;
}

const LATIN1_LABELS = new Set([
  'latin1',
  'latin-1',
  'latin_1',
  'l1',
  'iso-8859-1',
  'iso8859-1',
  'iso8859_1',
  'iso88591',
  'iso_8859-1',
  'iso_8859_1',
  'iso_8859-1:1987',
  'iso-ir-100',
  'csisolatin1',
  'cp819',
  'ibm819',
]);

const ASCII_LABELS = new Set(['ascii', 'us-ascii', 'ansi_x3.4-1968']);

/** Python's spellings of the UTF encodings, which the WHATWG standard does not list. */
const PYTHON_UTF_LABELS = new Map([
  ['utf_8', 'utf-8'],
  ['u8', 'utf-8'],
  ['utf16', 'utf-16le'],
  ['utf_16', 'utf-16le'],
  ['utf-16-le', 'utf-16le'],
  ['utf_16_le', 'utf-16le'],
  ['utf-16-be', 'utf-16be'],
  ['utf_16_be', 'utf-16be'],
]);

/**
 * Resolves an encoding label to its canonical name: a WHATWG encoding name, `'latin1'` or `'ascii'`.
 * Throws `InvalidArgumentError` for a label nobody knows, `TypeError` for a non-string.
 */
export function resolveEncoding(label: string): string {
  if (typeof label !== 'string') {
    throw new TypeError(`The "encoding" argument must be a string; got ${typeof label}.`);
  }
  const key = label.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
  if (LATIN1_LABELS.has(key)) return 'latin1';
  if (ASCII_LABELS.has(key)) return 'ascii';
  const alias = PYTHON_UTF_LABELS.get(key);
  if (alias !== undefined) return alias;
  try {
    return new TextDecoder(key).encoding;
  } catch (error) {
    throw new InvalidArgumentError(`Unknown encoding: '${label}'.`, { cause: error });
  }
}

/** Throws `InvalidArgumentError` unless `errors` is `'strict'` or `'replace'`. */
export function assertTextErrors(errors: unknown): asserts errors is TextErrors {
  if (errors !== 'strict' && errors !== 'replace') {
    throw new InvalidArgumentError(
      `Invalid errors: ${describeValue(errors)}. Expected 'strict' or 'replace'.`,
    );
  }
}

/**
 * Creates a streaming decoder for `encoding` (any WHATWG label, or one of the aliases described in
 * this module). Throws `InvalidArgumentError` for an unknown label or a bad `errors` value.
 */
export function createTextDecoder(encoding: string, errors: TextErrors): StreamingTextDecoder {
  assertTextErrors(errors);
  const canonical = resolveEncoding(encoding);
  if (canonical === 'latin1') return new Latin1Decoder();
  if (canonical === 'ascii') return new AsciiDecoder(encoding, errors);
  return new WhatwgDecoder(canonical, encoding, errors);
}

/**
 * Creates an encoder for `encoding`, which must be one of {@link TEXT_WRITE_ENCODINGS} or an alias of
 * one. Each call encodes its text on its own: no state carries over, no byte order mark is added.
 *
 * Throws `InvalidArgumentError` for an encoding that cannot be written (the message lists those that
 * can), an unknown label or a bad `errors` value. The returned function throws `InvalidArgumentError`
 * in strict mode for a lone surrogate or a character the encoding cannot represent, and `TypeError`
 * for a non-string.
 */
export function createTextEncoder(encoding: string, errors: TextErrors): (text: string) => Uint8Array {
  assertTextErrors(errors);
  const canonical = resolveEncoding(encoding);
  const strict = errors === 'strict';
  let encode: (text: string) => Uint8Array;
  switch (canonical) {
    case 'utf-8':
      encode = (text) => encodeUtf8(text, encoding, strict);
      break;
    case 'utf-16le':
      encode = (text) => encodeUtf16(text, encoding, strict, true);
      break;
    case 'utf-16be':
      encode = (text) => encodeUtf16(text, encoding, strict, false);
      break;
    case 'latin1':
      encode = (text) => encodeSingleByte(text, encoding, strict, 0xff);
      break;
    case 'ascii':
      encode = (text) => encodeSingleByte(text, encoding, strict, 0x7f);
      break;
    default:
      throw new InvalidArgumentError(
        `Cannot write text as '${encoding}': writing supports ${TEXT_WRITE_ENCODINGS.join(', ')} ` +
          '(and their aliases). Reading supports every WHATWG encoding.',
      );
  }
  return (text) => {
    if (typeof text !== 'string') {
      throw new TypeError(`The "text" argument must be a string; got ${typeof text}.`);
    }
    return encode(text);
  };
}

class WhatwgDecoder implements StreamingTextDecoder {
  #decoder: TextDecoder;
  readonly #canonical: string;
  readonly #label: string;
  readonly #errors: TextErrors;

  constructor(canonical: string, label: string, errors: TextErrors) {
    this.#canonical = canonical;
    this.#label = label;
    this.#errors = errors;
    this.#decoder = this.#create();
  }

  #create(): TextDecoder {
    return new TextDecoder(this.#canonical, { fatal: this.#errors === 'strict', ignoreBOM: true });
  }

  decode(bytes: Uint8Array, final: boolean): string {
    try {
      // Bytes always go through streaming mode, and the stream is ended by a separate empty call:
      // some Node releases (since 20.18.3, nodejs/node#56542) decode windows-1252 as ISO-8859-1 in
      // one-shot mode, while streaming mode decodes it correctly.
      const text = bytes.length > 0 ? this.#decoder.decode(bytes, { stream: true }) : '';
      return final ? text + this.#decoder.decode() : text;
    } catch (error) {
      // Start afresh explicitly rather than rely on how a runtime leaves a failed decoder.
      this.#decoder = this.#create();
      throw new InvalidArgumentError(
        `Cannot decode the data as '${this.#label}': invalid or incomplete byte sequence (errors: 'strict').`,
        { cause: error },
      );
    }
  }
}

class Latin1Decoder implements StreamingTextDecoder {
  decode(bytes: Uint8Array): string {
    // Every byte is a character, so there is nothing to hold back and nothing to reject.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

class AsciiDecoder implements StreamingTextDecoder {
  readonly #label: string;
  readonly #strict: boolean;

  constructor(label: string, errors: TextErrors) {
    this.#label = label;
    this.#strict = errors === 'strict';
  }

  decode(bytes: Uint8Array): string {
    let text = '';
    let runStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] < 0x80) continue;
      if (this.#strict) {
        throw new InvalidArgumentError(
          `Cannot decode the data as '${this.#label}': byte 0x${bytes[i].toString(16)} is not ASCII ` +
            "(errors: 'strict').",
        );
      }
      text += latin1Text(bytes, runStart, i);
      text += '\uFFFD';
      runStart = i + 1;
    }
    return text + latin1Text(bytes, runStart, bytes.length);
  }
}

function latin1Text(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

const REPLACEMENT_CHARACTER = 0xfffd;
const QUESTION_MARK = 0x3f;
const utf8Encoder = new TextEncoder();

/** True for a UTF-16 unit that starts a surrogate pair. */
export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** True for a UTF-16 unit that ends a surrogate pair. */
export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The UTF-16 index of the first surrogate that is not half of a pair, or -1. */
function findLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++;
    } else if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      return i;
    }
  }
  return -1;
}

function unencodableError(text: string, index: number, encoding: string): InvalidArgumentError {
  const codePoint = text.codePointAt(index)!;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  const position = Array.from(text.slice(0, index)).length;
  const what =
    isHighSurrogate(codePoint) || isLowSurrogate(codePoint)
      ? `the lone surrogate U+${hex}`
      : `'${String.fromCodePoint(codePoint)}' (U+${hex})`;
  return new InvalidArgumentError(
    `Cannot encode ${what} at character ${position} as '${encoding}' (errors: 'strict').`,
  );
}

function encodeUtf8(text: string, encoding: string, strict: boolean): Uint8Array {
  if (strict) {
    const lone = findLoneSurrogate(text);
    if (lone >= 0) throw unencodableError(text, lone, encoding);
  }
  // TextEncoder already writes U+FFFD for a lone surrogate, which is what 'replace' asks for.
  return utf8Encoder.encode(text);
}

function encodeUtf16(text: string, encoding: string, strict: boolean, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      view.setUint16(i * 2, unit, littleEndian);
      i++;
      unit = text.charCodeAt(i);
    } else if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      if (strict) throw unencodableError(text, i, encoding);
      unit = REPLACEMENT_CHARACTER;
    }
    view.setUint16(i * 2, unit, littleEndian);
  }
  return bytes;
}

/** Encodes into one byte per character; characters above `max` fail (strict) or become `?`. */
function encodeSingleByte(text: string, encoding: string, strict: boolean, max: number): Uint8Array {
  const bytes = new Uint8Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const codePoint = text.codePointAt(i)!;
    if (codePoint <= max) {
      bytes[length++] = codePoint;
      continue;
    }
    if (strict) throw unencodableError(text, i, encoding);
    bytes[length++] = QUESTION_MARK;
    if (codePoint > 0xffff) i++; // one `?` per character, not per UTF-16 unit
  }
  return length === bytes.length ? bytes : bytes.slice(0, length);
}
