/**
 * `MFSTextHandle`: a text view over a binary handle.
 *
 * @module
 */

import { InvalidArgumentError, UnsupportedOperationError } from './errors.js';
import {
  createTextDecoder,
  createTextEncoder,
  isHighSurrogate,
  isLowSurrogate,
  type StreamingTextDecoder,
  type TextErrors,
} from './text-codec.js';

export type { TextErrors } from './text-codec.js';

/** What a text handle needs from the binary handle it wraps (a `MemoryFileHandle` provides it). */
export interface BinaryHandle {
  /**
   * Reads up to `size` bytes from the cursor and advances it; `-1`/`undefined` reads to EOF. Returns
   * an empty array only at EOF.
   */
  read(size?: number): Uint8Array;
  /** Writes all of `data` at the cursor and returns the byte count; on error nothing is written. */
  write(data: ArrayBufferView): number;
  readonly closed: boolean;
}

/** Options of {@link MFSTextHandle}. */
export interface TextHandleOptions {
  /** Any WHATWG encoding label for reading; see `TEXT_WRITE_ENCODINGS` for writing. Default `'utf-8'`. */
  encoding?: string;
  /** Default `'strict'`. */
  errors?: TextErrors;
}

/** Bytes asked of the binary handle per read: large enough that decoding, not calls, dominates. */
const READ_BLOCK_SIZE = 8192;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Reads and writes text through a binary handle. Sizes and counts are in characters (Unicode code
 * points: `"a😀b"` is 3), and a surrogate pair is never split.
 *
 * Reading decodes the binary handle in blocks of 8 KiB and keeps decoded characters that were not
 * consumed yet, so the binary handle's cursor is usually ahead of the text position. Consequences:
 *
 * - {@link MFSTextHandle.write | write} throws `UnsupportedOperationError` (`ENOTSUP`) while
 *   read-ahead characters are buffered, because the bytes would land after text not read yet. Writing
 *   works on a text handle that has not read, or has read to the end.
 * - Moving the binary handle (seek, direct reads or writes) while the text handle holds read-ahead text
 *   leaves that text stale; use a fresh text handle after repositioning.
 * - In strict mode a decode error is raised by the read that needs the block holding the bad bytes.
 *   A read that throws gives back the text it had taken, so text decoded before that block is still
 *   delivered by later reads; text of the block itself is lost, so reading on after such an error
 *   yields text with a gap.
 *
 * Line endings: `readline` ends a line after `\n`, `\r\n` or a lone `\r`. Text is never translated.
 * At the end of the data an incomplete multibyte sequence throws (strict) or reads as U+FFFD (replace).
 * The end is not sticky: if the file grows, later reads return the new text.
 *
 * The text handle owns no resources: it neither closes nor flushes the binary handle. When that handle
 * is closed, every operation throws `UnsupportedOperationError` (`EBADF`).
 */
export class MFSTextHandle implements Iterable<string> {
  /** The encoding label, as given. */
  readonly encoding: string;
  /** How undecodable bytes and unencodable characters are handled. */
  readonly errors: TextErrors;

  readonly #handle: BinaryHandle;
  readonly #decoder: StreamingTextDecoder;
  #encode: ((text: string) => Uint8Array) | undefined;
  /** Decoded text; characters before `#offset` are consumed. */
  #text = '';
  #offset = 0;
  /** True after a block was decoded without ending the stream: the decoder may hold part of a character. */
  #decoderMayHoldBytes = false;

  /**
   * Wraps `handle`. Throws `InvalidArgumentError` for an unknown encoding or a bad `errors` value,
   * `TypeError` for a value of the wrong type. Whether the encoding can be written is checked by the
   * first {@link MFSTextHandle.write | write}, so a text handle can read encodings it cannot write.
   */
  constructor(handle: BinaryHandle, options: TextHandleOptions = {}) {
    if (
      handle === null ||
      typeof handle !== 'object' ||
      typeof handle.read !== 'function' ||
      typeof handle.write !== 'function'
    ) {
      throw new TypeError('The "handle" argument must be a binary handle with read() and write() methods.');
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError(
        `The "options" argument must be an object; got ${options === null ? 'null' : typeof options}.`,
      );
    }
    const encoding = options.encoding ?? 'utf-8';
    const errors = options.errors ?? 'strict';
    this.#decoder = createTextDecoder(encoding, errors);
    this.#handle = handle;
    this.encoding = encoding;
    this.errors = errors;
  }

  /**
   * Encodes `text` and writes it through the binary handle at once; returns the number of characters
   * (code points) written. Each call encodes independently (no byte order mark is ever added).
   *
   * Throws `InvalidArgumentError` if the encoding cannot be written, or in strict mode if `text` holds
   * a character the encoding cannot represent (nothing is written then); `UnsupportedOperationError`
   * (`ENOTSUP`) while read-ahead text is buffered; and whatever the binary handle throws (a quota error
   * leaves the file unchanged).
   */
  write(text: string): number {
    this.#assertOpen();
    if (typeof text !== 'string') {
      throw new TypeError(`The "text" argument must be a string; got ${typeof text}.`);
    }
    this.#assertNoReadAhead();
    this.#encode ??= createTextEncoder(this.encoding, this.errors);
    this.#handle.write(this.#encode(text));
    return countCodePoints(text);
  }

  /**
   * Reads up to `size` characters (code points); a negative `size` (the default) reads to the end.
   * Returns `""` at the end. Fewer characters than asked mean the end was reached.
   */
  read(size = -1): string {
    this.#assertOpen();
    assertInteger(size, 'size');
    if (size < 0) {
      while (this.#fill()) {
        // Decode everything; the loop ends at EOF.
      }
      return this.#consume(this.#text.length);
    }
    let result = '';
    try {
      let remaining = size;
      while (remaining > 0 && this.#ensureText()) {
        const { end, count } = advanceCodePoints(this.#text, this.#offset, remaining);
        result += this.#consume(end);
        remaining -= count;
      }
    } catch (error) {
      this.#unconsume(result);
      throw error;
    }
    return result;
  }

  /**
   * Reads one line, including its ending (`\n`, `\r\n` or `\r`); at the end returns what is left, then
   * `""`. A non-negative `limit` caps the characters read; as in the reference implementation a line
   * that reaches `\r` still takes a following `\n`, so `readline(1)` on `"\r\n"` returns `"\r\n"`.
   */
  readline(limit = -1): string {
    this.#assertOpen();
    assertInteger(limit, 'limit');
    let line = '';
    try {
      let count = 0;
      while (limit < 0 || count < limit) {
        if (!this.#ensureText()) return line;
        const text = this.#text;
        let i = this.#offset;
        while (i < text.length && (limit < 0 || count < limit)) {
          const unit = text.charCodeAt(i);
          i += unitsOfCodePointAt(text, i);
          count++;
          if (unit === LF) return line + this.#consume(i);
          if (unit === CR) {
            line += this.#consume(i);
            return line + this.#consumeLineFeed();
          }
        }
        line += this.#consume(i);
      }
      return line;
    } catch (error) {
      this.#unconsume(line);
      throw error;
    }
  }

  /** Yields {@link MFSTextHandle.readline | readline} results until the end. */
  *[Symbol.iterator](): Iterator<string> {
    for (let line = this.readline(); line !== ''; line = this.readline()) {
      yield line;
    }
  }

  /** After a `\r`: takes a `\n` that follows, so `\r\n` stays one line ending. */
  #consumeLineFeed(): string {
    if (!this.#ensureText() || this.#text.charCodeAt(this.#offset) !== LF) return '';
    return this.#consume(this.#offset + 1);
  }

  /** Returns the buffered text up to `end` and marks it consumed. */
  #consume(end: number): string {
    const taken = this.#text.slice(this.#offset, end);
    this.#offset = end;
    return taken;
  }

  /** Puts text taken by a read that then failed back in front of the buffer, so no text is lost. */
  #unconsume(taken: string): void {
    if (taken === '') return;
    this.#text = taken + this.#text.slice(this.#offset);
    this.#offset = 0;
  }

  /** Makes sure unconsumed text is buffered; false at EOF. */
  #ensureText(): boolean {
    while (this.#offset === this.#text.length) {
      if (!this.#fill()) return false;
    }
    return true;
  }

  /**
   * Reads and decodes one block. Returns false once the handle is at EOF and the decoder has nothing
   * left to give.
   */
  #fill(): boolean {
    const bytes = this.#handle.read(READ_BLOCK_SIZE);
    // Only an empty read proves EOF; ending the stream then turns an incomplete trailing sequence into
    // an error or U+FFFD instead of holding it back forever.
    const final = bytes.length === 0;
    let decoded: string;
    try {
      decoded = this.#decoder.decode(bytes, final);
    } catch (error) {
      this.#decoderMayHoldBytes = false; // the decoder started afresh
      throw error;
    }
    this.#decoderMayHoldBytes = !final;
    if (decoded.length > 0) {
      // Drop the consumed prefix so the buffer never grows beyond the read-ahead.
      this.#text = this.#offset === this.#text.length ? decoded : this.#text.slice(this.#offset) + decoded;
      this.#offset = 0;
    }
    return !final || decoded.length > 0;
  }

  #assertNoReadAhead(): void {
    // Only the decoder knows whether it holds part of a character; reading on settles it: at EOF the
    // stream ends and the decoder empties, anywhere else decoded text shows up in the buffer.
    if (this.#offset === this.#text.length && this.#decoderMayHoldBytes) this.#ensureText();
    if (this.#offset < this.#text.length || this.#decoderMayHoldBytes) {
      throw new UnsupportedOperationError(
        'ENOTSUP',
        'Cannot write through MFSTextHandle while it holds read-ahead text: it reads the binary handle ' +
          'in blocks, so the bytes would land after text not read yet. Read to the end first, or ' +
          'reposition the binary handle and write through a new MFSTextHandle.',
      );
    }
  }

  #assertOpen(): void {
    if (this.#handle.closed) {
      throw new UnsupportedOperationError('EBADF', 'I/O operation on closed file.');
    }
  }
}

function assertInteger(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`The "${name}" argument must be a number; got ${typeof value}.`);
  }
  if (!Number.isInteger(value)) {
    throw new InvalidArgumentError(`${name} must be an integer; got ${value}.`);
  }
}

/** 2 when a surrogate pair starts at `index`, else 1. */
function unitsOfCodePointAt(text: string, index: number): number {
  if (!isHighSurrogate(text.charCodeAt(index)) || index + 1 >= text.length) return 1;
  return isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
}

/** Walks up to `limit` code points from `start`; returns where it stopped and how many it passed. */
function advanceCodePoints(text: string, start: number, limit: number): { end: number; count: number } {
  let end = start;
  let count = 0;
  while (count < limit && end < text.length) {
    end += unitsOfCodePointAt(text, end);
    count++;
  }
  return { end, count };
}

function countCodePoints(text: string): number {
  return advanceCodePoints(text, 0, text.length).count;
}
