import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  MFSQuotaExceededError,
  UnsupportedOperationError,
} from '../../src/fs/errors.js';
import { createTextEncoder, TEXT_WRITE_ENCODINGS } from '../../src/fs/text-codec.js';
import { type BinaryHandle, MFSTextHandle, type TextErrors } from '../../src/fs/text-handle.js';
import { errorOf } from '../helpers.js';

const BLOCK = 8192;

/** A BytesIO-like binary handle: a growable byte array with a cursor and an optional size cap. */
class BytesHandle implements BinaryHandle {
  closed = false;
  /** Every `size` passed to read(), in order. */
  readonly readSizes: number[] = [];
  #data: Uint8Array;
  #cursor = 0;
  readonly #capacity: number;
  readonly #readable: boolean;

  constructor(initial: Uint8Array | string = '', options: { capacity?: number; readable?: boolean } = {}) {
    this.#data = typeof initial === 'string' ? new TextEncoder().encode(initial) : initial.slice();
    this.#capacity = options.capacity ?? Number.POSITIVE_INFINITY;
    this.#readable = options.readable ?? true;
  }

  get bytes(): Uint8Array {
    return this.#data.slice();
  }

  get cursor(): number {
    return this.#cursor;
  }

  seek(position: number): void {
    this.#cursor = position;
  }

  read(size = -1): Uint8Array {
    if (!this.#readable) throw new UnsupportedOperationError('EBADF', "not readable in mode 'wb'");
    this.readSizes.push(size);
    const end = size < 0 ? this.#data.length : Math.min(this.#data.length, this.#cursor + size);
    const start = Math.min(this.#cursor, end);
    this.#cursor = Math.max(this.#cursor, end);
    return this.#data.slice(start, end);
  }

  write(data: ArrayBufferView): number {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const end = this.#cursor + bytes.length;
    const newSize = Math.max(this.#data.length, end);
    if (newSize > this.#capacity) {
      throw new MFSQuotaExceededError(newSize - this.#data.length, this.#capacity - this.#data.length);
    }
    if (newSize > this.#data.length) {
      const grown = new Uint8Array(newSize);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data.set(bytes, this.#cursor);
    this.#cursor = end;
    return bytes.length;
  }
}

/** Writes `text` with a fresh text handle, rewinds, and returns the handle for reading. */
function writeThenRewind(text: string, encoding = 'utf-8'): BytesHandle {
  const handle = new BytesHandle();
  new MFSTextHandle(handle, { encoding }).write(text);
  handle.seek(0);
  return handle;
}

function readAll(handle: BinaryHandle, options?: { encoding?: string; errors?: TextErrors }): string {
  return new MFSTextHandle(handle, options).read();
}

describe('MFSTextHandle — reference suite cases', () => {
  it('round-trips UTF-8 text written in two calls', () => {
    const handle = new BytesHandle();
    const text = new MFSTextHandle(handle);
    text.write('こんにちは世界\n');
    text.write('Hello, World!\n');
    handle.seek(0);
    expect(readAll(handle)).toBe('こんにちは世界\nHello, World!\n');
  });

  it('reads Shift_JIS (which it cannot write)', () => {
    const shiftJis = Uint8Array.of(
      0x93,
      0xfa,
      0x96,
      0x7b,
      0x8c,
      0xea,
      0x83,
      0x65,
      0x83,
      0x58,
      0x83,
      0x67,
      0x0a,
    );
    const handle = new BytesHandle(shiftJis);
    const text = new MFSTextHandle(handle, { encoding: 'shift_jis' });
    expect(text.read()).toBe('日本語テスト\n');
    // Writing is refused at write time, naming what can be written, and nothing is written.
    expect(() => text.write('x')).toThrow(InvalidArgumentError);
    expect(() => text.write('x')).toThrow('writing supports utf-8, utf-16le, utf-16be, latin1, ascii');
    expect(handle.bytes).toEqual(shiftJis);
  });

  it('write returns the character count; read(3) reads three characters', () => {
    const handle = new BytesHandle();
    expect(new MFSTextHandle(handle).write('hello')).toBe(5);
    expect(new MFSTextHandle(new BytesHandle('abcde')).read(3)).toBe('abc');
  });

  it('read(2) counts characters, not bytes', () => {
    const text = new MFSTextHandle(new BytesHandle('あいうえお'));
    expect([text.read(2), text.read(2), text.read(2), text.read(2)]).toEqual(['あい', 'うえ', 'お', '']);
  });

  it('read(1) then readline continues from the buffered text', () => {
    const text = new MFSTextHandle(new BytesHandle('あい\nうえ\n'));
    expect([text.read(1), text.readline(), text.readline(), text.readline()]).toEqual([
      'あ',
      'い\n',
      'うえ\n',
      '',
    ]);
  });

  it('readline with LF, including a last line without newline', () => {
    const text = new MFSTextHandle(new BytesHandle('line1\nline2\nline3'));
    expect([text.readline(), text.readline(), text.readline(), text.readline()]).toEqual([
      'line1\n',
      'line2\n',
      'line3',
      '',
    ]);
  });

  it('readline with CRLF and bare CR', () => {
    const text = new MFSTextHandle(new BytesHandle('x\r\ny\rz\n\nw'));
    const lines = Array.from({ length: 6 }, () => text.readline());
    expect(lines).toEqual(['x\r\n', 'y\r', 'z\n', '\n', 'w', '']);
  });

  it('iterates over lines', () => {
    expect([...new MFSTextHandle(new BytesHandle('alpha\nbeta\ngamma'))]).toEqual([
      'alpha\n',
      'beta\n',
      'gamma',
    ]);
    expect([...new MFSTextHandle(new BytesHandle(''))]).toEqual([]);
  });

  it('exposes encoding and errors as given', () => {
    const text = new MFSTextHandle(new BytesHandle(), { encoding: 'latin-1', errors: 'replace' });
    expect(text.encoding).toBe('latin-1');
    expect(text.errors).toBe('replace');
    const defaults = new MFSTextHandle(new BytesHandle());
    expect(defaults.encoding).toBe('utf-8');
    expect(defaults.errors).toBe('strict');
  });

  it('a quota error from the binary handle propagates and nothing is written', () => {
    const handle = new BytesHandle('', { capacity: 10 });
    const text = new MFSTextHandle(handle);
    expect(() => text.write('this text is longer than ten bytes')).toThrow(MFSQuotaExceededError);
    expect(handle.bytes).toEqual(new Uint8Array());
    expect(text.write('fits')).toBe(4);
    expect(handle.bytes).toEqual(new TextEncoder().encode('fits'));
  });

  it('leaves the binary handle open', () => {
    const handle = new BytesHandle('abc');
    const text = new MFSTextHandle(handle);
    expect([...text]).toEqual(['abc']);
    expect(handle.closed).toBe(false);
  });
});

describe('MFSTextHandle — characters', () => {
  it('counts an astral character as one', () => {
    const handle = new BytesHandle();
    expect(new MFSTextHandle(handle).write('a\u{1F600}b')).toBe(3);
    handle.seek(0);
    const text = new MFSTextHandle(handle);
    expect([text.read(2), text.read(5), text.read()]).toEqual(['a\u{1F600}', 'b', '']);
  });

  it('counts a lone surrogate written with replace as one character', () => {
    const handle = new BytesHandle();
    expect(new MFSTextHandle(handle, { errors: 'replace' }).write('a\uD800b')).toBe(3);
    handle.seek(0);
    expect(readAll(handle)).toBe('a\uFFFDb');
  });

  it('read(0) returns "" and read(-5) reads everything', () => {
    const text = new MFSTextHandle(new BytesHandle('abc'));
    expect(text.read(0)).toBe('');
    expect(text.read(-5)).toBe('abc');
  });

  it('readline(limit) caps the characters, but takes the \\n after a \\r', () => {
    const text = new MFSTextHandle(new BytesHandle('abcdef\n\r\na\r\nb'));
    expect(text.readline(3)).toBe('abc');
    expect(text.readline(0)).toBe('');
    expect(text.readline()).toBe('def\n');
    expect(text.readline(1)).toBe('\r\n');
    expect(text.readline(2)).toBe('a\r\n');
    expect(text.readline(5)).toBe('b');
    expect(text.readline(5)).toBe('');
  });

  it('readline(limit) counts an astral character as one', () => {
    const text = new MFSTextHandle(new BytesHandle('\u{1F600}\u{1F601}\u{1F602}\n'));
    expect(text.readline(2)).toBe('\u{1F600}\u{1F601}');
    expect(text.readline(2)).toBe('\u{1F602}\n');
  });

  it('a \\r at the very end ends the last line', () => {
    const text = new MFSTextHandle(new BytesHandle('a\rb\r'));
    expect([text.readline(), text.readline(), text.readline()]).toEqual(['a\r', 'b\r', '']);
  });

  it('reads through any WHATWG encoding', () => {
    expect(readAll(new BytesHandle(Uint8Array.of(0xc6, 0xfc, 0xcb, 0xdc)), { encoding: 'euc-jp' })).toBe(
      '日本',
    );
    expect(readAll(new BytesHandle(Uint8Array.of(0x80, 0x41)), { encoding: 'windows-1252' })).toBe('€A');
    expect(readAll(new BytesHandle(Uint8Array.of(0x80, 0x41)), { encoding: 'latin1' })).toBe('\u0080A');
  });

  it('writes UTF-16 without a byte order mark on each call', () => {
    const handle = new BytesHandle();
    const text = new MFSTextHandle(handle, { encoding: 'utf-16' });
    text.write('ab');
    text.write('c');
    expect(handle.bytes).toEqual(Uint8Array.of(0x61, 0, 0x62, 0, 0x63, 0));
  });

  it('keeps a byte order mark in the text', () => {
    const handle = new BytesHandle(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61));
    expect(readAll(handle)).toBe('\uFEFFa');
  });
});

describe('MFSTextHandle — decode errors', () => {
  const invalid = Uint8Array.of(0x61, 0x62, 0xff, 0x63, 0x64);
  const incompleteTail = Uint8Array.of(0x61, 0x62, 0xe3, 0x81);

  it('strict: invalid bytes throw InvalidArgumentError naming the encoding', () => {
    const error = errorOf(() => readAll(new BytesHandle(invalid)));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).code).toBe('EINVAL');
    expect((error as Error).message).toContain("'utf-8'");
  });

  it('replace: invalid bytes become U+FFFD', () => {
    expect(readAll(new BytesHandle(invalid), { errors: 'replace' })).toBe('ab\uFFFDcd');
  });

  it('strict: an incomplete tail fails only when reading reaches it', () => {
    const text = new MFSTextHandle(new BytesHandle(incompleteTail));
    expect(text.read(1)).toBe('a');
    expect(text.read(1)).toBe('b');
    expect(() => text.read(1)).toThrow(InvalidArgumentError);
    expect(text.read()).toBe('');
  });

  it('strict: a readline that fails gives back the text it had taken', () => {
    const text = new MFSTextHandle(new BytesHandle(incompleteTail));
    expect(text.read(1)).toBe('a');
    expect(() => text.readline()).toThrow(InvalidArgumentError);
    expect(text.readline()).toBe('b');
    expect(text.readline()).toBe('');
  });

  it('strict: a read(k) that fails gives back the text it had taken', () => {
    const text = new MFSTextHandle(new BytesHandle(incompleteTail));
    expect(() => text.read(5)).toThrow(InvalidArgumentError);
    expect(text.read(5)).toBe('ab');
  });

  it('strict: text of the block holding bad bytes is lost, text after it still reads', () => {
    const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
    const firstBlock = ascii('z'.repeat(BLOCK));
    const badBlock = [...ascii('b'), 0xff, ...ascii('y'.repeat(BLOCK - 2))];
    const handle = new BytesHandle(Uint8Array.from([...firstBlock, ...badBlock, ...ascii('tail')]));
    const text = new MFSTextHandle(handle);
    expect(text.read(BLOCK)).toBe('z'.repeat(BLOCK));
    expect(() => text.read(1)).toThrow(InvalidArgumentError);
    expect(text.read()).toBe('tail');
  });

  it('strict: read() that fails on the tail keeps the text decoded before it', () => {
    const text = new MFSTextHandle(new BytesHandle(incompleteTail));
    expect(() => text.read()).toThrow(InvalidArgumentError);
    expect(text.read()).toBe('ab');
  });

  it('replace: an incomplete tail becomes U+FFFD', () => {
    const text = new MFSTextHandle(new BytesHandle(incompleteTail), { errors: 'replace' });
    expect(text.read(2)).toBe('ab');
    expect(text.read(2)).toBe('\uFFFD');
    expect(text.read(2)).toBe('');
  });
});

describe('MFSTextHandle — block reads', () => {
  it('reads the binary handle in blocks, not byte by byte', () => {
    const handle = new BytesHandle('x'.repeat(20_000));
    const text = new MFSTextHandle(handle);
    expect(text.read(1)).toBe('x');
    expect(handle.readSizes).toEqual([BLOCK]);
    expect(text.read(BLOCK - 1)).toBe('x'.repeat(BLOCK - 1));
    expect(handle.readSizes).toEqual([BLOCK]);
    expect(text.read()).toHaveLength(20_000 - BLOCK);
    // Two more blocks (the second one short), then the empty read that proves EOF.
    expect(handle.readSizes).toEqual([BLOCK, BLOCK, BLOCK, BLOCK]);
  });

  it('readline over many lines needs one call per block', () => {
    const content = 'line\n'.repeat(10_000); // 50,000 bytes
    const handle = new BytesHandle(content);
    const lines = [...new MFSTextHandle(handle)];
    expect(lines).toHaveLength(10_000);
    expect(lines.every((line) => line === 'line\n')).toBe(true);
    expect(handle.readSizes.length).toBeLessThanOrEqual(Math.ceil(50_000 / BLOCK) + 2);
  });

  it('a UTF-8 character split across the block boundary', () => {
    const text = new MFSTextHandle(new BytesHandle(`${'a'.repeat(BLOCK - 1)}あb`));
    expect(text.read(BLOCK - 1)).toBe('a'.repeat(BLOCK - 1));
    expect([text.read(1), text.read(1), text.read(1)]).toEqual(['あ', 'b', '']);
  });

  it('a surrogate pair split across the block boundary in UTF-16', () => {
    const handle = writeThenRewind(`${'a'.repeat(BLOCK / 2 - 1)}\u{1F600}z`, 'utf-16le');
    const text = new MFSTextHandle(handle, { encoding: 'utf-16le' });
    expect(text.read(BLOCK / 2)).toBe(`${'a'.repeat(BLOCK / 2 - 1)}\u{1F600}`);
    expect(text.read()).toBe('z');
  });

  it('\\r\\n split across the block boundary is one line ending', () => {
    const text = new MFSTextHandle(new BytesHandle(`${'x'.repeat(BLOCK - 1)}\r\ny`));
    expect(text.readline()).toBe(`${'x'.repeat(BLOCK - 1)}\r\n`);
    expect(text.readline()).toBe('y');
  });

  it('a bare \\r at the end of a block', () => {
    const text = new MFSTextHandle(new BytesHandle(`${'x'.repeat(BLOCK - 1)}\rz\n`));
    expect(text.readline()).toBe(`${'x'.repeat(BLOCK - 1)}\r`);
    expect(text.readline()).toBe('z\n');
  });

  it('a line longer than several blocks', () => {
    const long = `${'é'.repeat(3 * BLOCK)}\n`;
    const text = new MFSTextHandle(new BytesHandle(`${long}end`));
    expect(text.readline()).toBe(long);
    expect(text.readline()).toBe('end');
  });
});

describe('MFSTextHandle — writing and read-ahead', () => {
  it('writes straight through when nothing was read', () => {
    const handle = new BytesHandle('0123456789');
    handle.seek(4);
    new MFSTextHandle(handle).write('ab');
    expect(new TextDecoder().decode(handle.bytes)).toBe('0123ab6789');
    expect(handle.readSizes).toEqual([]);
  });

  it('writes on a handle that cannot read', () => {
    const handle = new BytesHandle('', { readable: false });
    const text = new MFSTextHandle(handle);
    expect(text.write('ok')).toBe(2);
    expect(() => text.read()).toThrow("not readable in mode 'wb'");
  });

  it('refuses to write while read-ahead text is buffered', () => {
    const handle = new BytesHandle('abcdef');
    const text = new MFSTextHandle(handle);
    expect(text.read(2)).toBe('ab');
    const error = errorOf(() => text.write('X'));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as UnsupportedOperationError).code).toBe('ENOTSUP');
    expect((error as Error).message).toContain('read-ahead');
    expect(new TextDecoder().decode(handle.bytes)).toBe('abcdef');
    expect(text.read()).toBe('cdef');
  });

  it('writes after reading to the end, appending', () => {
    const handle = new BytesHandle('abc');
    const text = new MFSTextHandle(handle);
    expect(text.read()).toBe('abc');
    expect(text.write('d')).toBe(1);
    expect(new TextDecoder().decode(handle.bytes)).toBe('abcd');
  });

  it('writes after consuming exactly one block when that block is the whole file', () => {
    const handle = new BytesHandle('q'.repeat(BLOCK));
    const text = new MFSTextHandle(handle);
    expect(text.read(BLOCK)).toHaveLength(BLOCK);
    text.write('!');
    expect(handle.bytes).toHaveLength(BLOCK + 1);
    expect(handle.bytes[BLOCK]).toBe(0x21);
  });

  it('refuses to write after consuming exactly one block when more follows', () => {
    const handle = new BytesHandle(`${'q'.repeat(BLOCK)}rest`);
    const text = new MFSTextHandle(handle);
    expect(text.read(BLOCK)).toHaveLength(BLOCK);
    expect(() => text.write('!')).toThrow(UnsupportedOperationError);
    expect(text.read()).toBe('rest');
  });

  it('refuses to write while the stream ends in an undecoded tail (replace mode)', () => {
    const handle = new BytesHandle(Uint8Array.of(0x61, 0xe3, 0x81));
    const text = new MFSTextHandle(handle, { errors: 'replace' });
    expect(text.read(1)).toBe('a');
    expect(() => text.write('x')).toThrow(UnsupportedOperationError);
    expect(text.read()).toBe('\uFFFD');
    expect(text.write('x')).toBe(1);
  });

  it('strict write refuses unencodable text and writes nothing', () => {
    const handle = new BytesHandle();
    const text = new MFSTextHandle(handle, { encoding: 'latin1' });
    expect(() => text.write('ok€')).toThrow(InvalidArgumentError);
    expect(handle.bytes).toEqual(new Uint8Array());
    const replacing = new MFSTextHandle(handle, { encoding: 'latin1', errors: 'replace' });
    expect(replacing.write('ok€')).toBe(3);
    expect(handle.bytes).toEqual(Uint8Array.of(0x6f, 0x6b, 0x3f));
  });
});

describe('MFSTextHandle — argument and state checks', () => {
  it('every operation on a closed handle throws EBADF, buffered text or not', () => {
    const handle = new BytesHandle('abc\ndef');
    const text = new MFSTextHandle(handle);
    expect(text.read(1)).toBe('a');
    handle.closed = true;
    for (const operation of [
      () => text.read(1),
      () => text.readline(),
      () => text.write('x'),
      () => [...text],
    ]) {
      const error = errorOf(operation);
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect((error as UnsupportedOperationError).code).toBe('EBADF');
      expect((error as Error).message).toBe('I/O operation on closed file.');
    }
  });

  it('rejects an unknown encoding and a bad errors value at construction', () => {
    expect(() => new MFSTextHandle(new BytesHandle(), { encoding: 'klingon' })).toThrow(InvalidArgumentError);
    expect(() => new MFSTextHandle(new BytesHandle(), { errors: 'ignore' as TextErrors })).toThrow(
      "Invalid errors: 'ignore'. Expected 'strict' or 'replace'.",
    );
  });

  it('rejects values of the wrong type with TypeError', () => {
    const handle = new BytesHandle('abc');
    expect(() => new MFSTextHandle(null as unknown as BinaryHandle)).toThrow(TypeError);
    expect(() => new MFSTextHandle({ read: () => new Uint8Array() } as unknown as BinaryHandle)).toThrow(
      TypeError,
    );
    expect(() => new MFSTextHandle(handle, { encoding: 8 as unknown as string })).toThrow(TypeError);
    expect(() => new MFSTextHandle(handle, 'utf-8' as unknown as object)).toThrow(TypeError);
    expect(() => new MFSTextHandle(handle, null as unknown as object)).toThrow(TypeError);
    const text = new MFSTextHandle(handle);
    expect(() => text.read('2' as unknown as number)).toThrow(TypeError);
    expect(() => text.readline(null as unknown as number)).toThrow(TypeError);
    expect(() => text.write(42 as unknown as string)).toThrow(TypeError);
  });

  it('rejects non-integer sizes with InvalidArgumentError', () => {
    const text = new MFSTextHandle(new BytesHandle('abc'));
    expect(() => text.read(1.5)).toThrow(InvalidArgumentError);
    expect(() => text.readline(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => text.read(Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
    expect(text.read()).toBe('abc');
  });
});

describe('MFSTextHandle — properties', () => {
  /** Strings each writable encoding can represent; the UTF ones get all of Unicode, astral included. */
  const repertoire: Record<string, fc.Arbitrary<string>> = {
    'utf-8': fc.string({ unit: 'binary', maxLength: 3000 }),
    'utf-16le': fc.string({ unit: 'binary', maxLength: 3000 }),
    'utf-16be': fc.string({ unit: 'binary', maxLength: 3000 }),
    latin1: fc.string({
      unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)),
      maxLength: 10_000,
    }),
    ascii: fc.string({ unit: 'binary-ascii', maxLength: 10_000 }),
  };

  it('covers every writable encoding', () => {
    expect(Object.keys(repertoire).sort()).toEqual([...TEXT_WRITE_ENCODINGS].sort());
  });

  it.each(Object.entries(repertoire))('%s: text written in pieces reads back whole', (encoding, strings) => {
    fc.assert(
      fc.property(strings, fc.array(fc.nat(), { maxLength: 4 }), (text, cuts) => {
        const chars = Array.from(text);
        const points = [
          0,
          ...cuts.map((cut) => cut % (chars.length + 1)).sort((a, b) => a - b),
          chars.length,
        ];
        const handle = new BytesHandle();
        const writer = new MFSTextHandle(handle, { encoding });
        let written = 0;
        for (let i = 1; i < points.length; i++) {
          written += writer.write(chars.slice(points[i - 1], points[i]).join(''));
        }
        expect(written).toBe(chars.length);
        expect(handle.bytes).toEqual(createTextEncoder(encoding, 'strict')(text));
        handle.seek(0);
        expect(readAll(handle, { encoding })).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  it('random read(k) sizes concatenate to the original, k characters at a time', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 4000 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('utf-8', 'utf-16le', 'utf-16be'),
        (original, sizes, encoding) => {
          const text = new MFSTextHandle(writeThenRewind(original, encoding), { encoding });
          const expectedChars = Array.from(original);
          let consumed = 0;
          let result = '';
          for (let i = 0; ; i++) {
            const size = sizes[i % sizes.length];
            const piece = text.read(size);
            if (piece === '') break;
            const pieceLength = Array.from(piece).length;
            expect(pieceLength).toBe(Math.min(size, expectedChars.length - consumed));
            consumed += pieceLength;
            result += piece;
          }
          expect(result).toBe(original);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('lines read back concatenate to the original, each ending at a line break', () => {
    const lineish = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\n', '\r', '\r\n', 'a', 'é'),
        fc.string({ unit: 'binary', maxLength: 1 }),
      ),
      maxLength: 3000,
    });
    fc.assert(
      fc.property(lineish, (original) => {
        const lines = [...new MFSTextHandle(writeThenRewind(original))];
        expect(lines.join('')).toBe(original);
        lines.forEach((line, i) => {
          // One line ending at most, and only at the end; only the last line may lack one.
          expect(line).toMatch(/^[^\r\n]*(\r\n|\r|\n)?$/);
          if (i < lines.length - 1) expect(line).toMatch(/[\r\n]$/);
          // A \r\n pair is never split between two lines.
          if (line.endsWith('\r') && i < lines.length - 1) expect(lines[i + 1].startsWith('\n')).toBe(false);
        });
      }),
      { numRuns: 80 },
    );
  });
});
