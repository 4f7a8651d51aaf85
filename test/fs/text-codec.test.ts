import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/fs/errors.js';
import {
  createTextDecoder,
  createTextEncoder,
  resolveEncoding,
  TEXT_WRITE_ENCODINGS,
  type TextErrors,
} from '../../src/fs/text-codec.js';
import { errorOf } from '../helpers.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('resolveEncoding', () => {
  it.each([
    ['utf-8', 'utf-8'],
    ['UTF8', 'utf-8'],
    ['  utf-8\n', 'utf-8'],
    ['utf_8', 'utf-8'],
    ['utf-16', 'utf-16le'],
    ['UTF-16LE', 'utf-16le'],
    ['ucs-2', 'utf-16le'],
    ['utf-16-le', 'utf-16le'],
    ['utf_16_be', 'utf-16be'],
    ['UTF-16BE', 'utf-16be'],
    ['latin1', 'latin1'],
    ['Latin-1', 'latin1'],
    ['ISO-8859-1', 'latin1'],
    ['l1', 'latin1'],
    ['ascii', 'ascii'],
    ['US-ASCII', 'ascii'],
    ['windows-1252', 'windows-1252'],
    ['cp1252', 'windows-1252'],
    ['Shift_JIS', 'shift_jis'],
    ['sjis', 'shift_jis'],
    ['EUC-JP', 'euc-jp'],
  ])('%j → %j', (label, canonical) => {
    expect(resolveEncoding(label)).toBe(canonical);
  });

  it('rejects an unknown label with InvalidArgumentError naming it', () => {
    expect(() => resolveEncoding('klingon')).toThrow(InvalidArgumentError);
    expect(() => resolveEncoding('klingon')).toThrow("Unknown encoding: 'klingon'.");
  });

  it('rejects a non-string label with TypeError', () => {
    expect(() => resolveEncoding(8 as unknown as string)).toThrow(TypeError);
  });
});

describe('createTextEncoder', () => {
  it('lists the writable encodings', () => {
    expect(TEXT_WRITE_ENCODINGS).toEqual(['utf-8', 'utf-16le', 'utf-16be', 'latin1', 'ascii']);
    expect(Object.isFrozen(TEXT_WRITE_ENCODINGS)).toBe(true);
  });

  it('encodes UTF-8', () => {
    expect(createTextEncoder('utf-8', 'strict')('aé\u{1F600}')).toEqual(
      bytes(0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80),
    );
  });

  it('encodes UTF-16LE and UTF-16BE without a byte order mark', () => {
    expect(createTextEncoder('utf-16le', 'strict')('a\u{1F600}')).toEqual(
      bytes(0x61, 0, 0x3d, 0xd8, 0, 0xde),
    );
    expect(createTextEncoder('utf-16be', 'strict')('a\u{1F600}')).toEqual(
      bytes(0, 0x61, 0xd8, 0x3d, 0xde, 0),
    );
    const utf16 = createTextEncoder('utf-16', 'strict');
    expect([...utf16('ab'), ...utf16('c')]).toEqual([0x61, 0, 0x62, 0, 0x63, 0]);
  });

  it('encodes latin1 as ISO-8859-1, C1 controls included', () => {
    expect(createTextEncoder('latin-1', 'strict')('aé\u0080\u00ff')).toEqual(bytes(0x61, 0xe9, 0x80, 0xff));
  });

  it('encodes ASCII', () => {
    expect(createTextEncoder('us-ascii', 'strict')('Hi!\n')).toEqual(bytes(0x48, 0x69, 0x21, 0x0a));
  });

  it.each(['utf-8', 'utf-16le', 'utf-16be'])('strict %s refuses a lone surrogate, naming it', (encoding) => {
    const encode = createTextEncoder(encoding, 'strict');
    expect(() => encode('ab\uD800c')).toThrow(InvalidArgumentError);
    expect(() => encode('ab\uD800c')).toThrow(
      `Cannot encode the lone surrogate U+D800 at character 2 as '${encoding}' (errors: 'strict').`,
    );
    expect(() => encode('\u{1F600}\uDC00')).toThrow('U+DC00 at character 1');
  });

  it('replace writes U+FFFD for a lone surrogate in the UTF encodings', () => {
    expect(createTextEncoder('utf-8', 'replace')('a\uD800b')).toEqual(bytes(0x61, 0xef, 0xbf, 0xbd, 0x62));
    expect(createTextEncoder('utf-16le', 'replace')('a\uDC00')).toEqual(bytes(0x61, 0, 0xfd, 0xff));
    expect(createTextEncoder('utf-16be', 'replace')('\uD800\u{1F600}')).toEqual(
      bytes(0xff, 0xfd, 0xd8, 0x3d, 0xde, 0),
    );
  });

  it('strict latin1 and ascii refuse characters they cannot represent', () => {
    expect(() => createTextEncoder('latin1', 'strict')('a€')).toThrow(
      "Cannot encode '€' (U+20AC) at character 1 as 'latin1' (errors: 'strict').",
    );
    expect(() => createTextEncoder('ascii', 'strict')('\u{1F600}é')).toThrow(
      "Cannot encode '\u{1F600}' (U+1F600) at character 0 as 'ascii'",
    );
    expect(() => createTextEncoder('ascii', 'strict')('aé')).toThrow(InvalidArgumentError);
  });

  it('replace writes one ? per unrepresentable character in latin1 and ascii', () => {
    expect(createTextEncoder('latin1', 'replace')('a€\u{1F600}b\uD800')).toEqual(
      bytes(0x61, 0x3f, 0x3f, 0x62, 0x3f),
    );
    expect(createTextEncoder('ascii', 'replace')('é\u{1F600}z')).toEqual(bytes(0x3f, 0x3f, 0x7a));
  });

  it.each(['shift_jis', 'windows-1252', 'euc-jp'])(
    'refuses to write %s, listing what can be written',
    (encoding) => {
      expect(() => createTextEncoder(encoding, 'strict')).toThrow(InvalidArgumentError);
      expect(() => createTextEncoder(encoding, 'strict')).toThrow(
        `Cannot write text as '${encoding}': writing supports utf-8, utf-16le, utf-16be, latin1, ascii`,
      );
    },
  );

  it('rejects unknown labels, bad errors values and non-string text', () => {
    expect(() => createTextEncoder('klingon', 'strict')).toThrow("Unknown encoding: 'klingon'.");
    expect(() => createTextEncoder('utf-8', 'ignore' as TextErrors)).toThrow(
      "Invalid errors: 'ignore'. Expected 'strict' or 'replace'.",
    );
    expect(() => createTextEncoder('utf-8', undefined as unknown as TextErrors)).toThrow(
      InvalidArgumentError,
    );
    expect(() => createTextEncoder('utf-8', 'strict')(5 as unknown as string)).toThrow(TypeError);
  });
});

describe('createTextDecoder', () => {
  it('holds back a character split across calls', () => {
    const decoder = createTextDecoder('utf-8', 'strict');
    expect(decoder.decode(bytes(0x61, 0xe3, 0x81), false)).toBe('a');
    expect(decoder.decode(bytes(0x82, 0x62), false)).toBe('あb');
    expect(decoder.decode(bytes(), true)).toBe('');
  });

  it('strict: an invalid or incomplete sequence throws InvalidArgumentError naming the encoding', () => {
    const decoder = createTextDecoder('UTF-8', 'strict');
    expect(() => decoder.decode(bytes(0x61, 0xff), false)).toThrow(InvalidArgumentError);
    // The decoder starts afresh after an error.
    expect(decoder.decode(bytes(0x62, 0xe3), false)).toBe('b');
    const error = errorOf(() => decoder.decode(bytes(), true));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.code).toBe('EINVAL');
    expect(error.message).toBe(
      "Cannot decode the data as 'UTF-8': invalid or incomplete byte sequence (errors: 'strict').",
    );
  });

  it('replace: invalid bytes and an incomplete tail become U+FFFD', () => {
    const decoder = createTextDecoder('utf-8', 'replace');
    expect(decoder.decode(bytes(0x61, 0xff, 0x62, 0xe3, 0x81), false)).toBe('a\uFFFDb');
    expect(decoder.decode(bytes(), true)).toBe('\uFFFD');
  });

  it('keeps a byte order mark as a character', () => {
    expect(createTextDecoder('utf-8', 'strict').decode(bytes(0xef, 0xbb, 0xbf, 0x61), true)).toBe('\uFEFFa');
    expect(createTextDecoder('utf-16', 'strict').decode(bytes(0xff, 0xfe, 0x61, 0), true)).toBe('\uFEFFa');
  });

  it('decodes latin1 as ISO-8859-1 but windows-1252 as windows-1252', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    expect(createTextDecoder('iso-8859-1', 'strict').decode(all, true)).toBe(expected);
    // One-shot decoding too (some Node releases get windows-1252 wrong there, nodejs/node#56542).
    expect(createTextDecoder('windows-1252', 'strict').decode(bytes(0x80, 0x92, 0x41), true)).toBe(
      '€\u2019A',
    );
  });

  it('decodes ASCII strictly or with replacement', () => {
    expect(createTextDecoder('ascii', 'strict').decode(bytes(0x61, 0x7f), false)).toBe('a\u007f');
    expect(() => createTextDecoder('ascii', 'strict').decode(bytes(0x61, 0x80), false)).toThrow(
      "Cannot decode the data as 'ascii': byte 0x80 is not ASCII (errors: 'strict').",
    );
    expect(createTextDecoder('ascii', 'replace').decode(bytes(0x80, 0x61, 0xff, 0xfe), true)).toBe(
      '\uFFFDa\uFFFD\uFFFD',
    );
  });

  it('decodes other WHATWG encodings such as Shift_JIS and EUC-JP', () => {
    const shiftJis = bytes(0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x0a);
    const decoder = createTextDecoder('shift_jis', 'strict');
    // Split inside a double-byte character.
    expect(decoder.decode(shiftJis.subarray(0, 3), false)).toBe('日');
    expect(decoder.decode(shiftJis.subarray(3), true)).toBe('本語テスト\n');
    expect(createTextDecoder('euc-jp', 'strict').decode(bytes(0xc6, 0xfc, 0xcb, 0xdc), true)).toBe('日本');
  });

  it('rejects unknown labels and bad errors values', () => {
    expect(() => createTextDecoder('klingon', 'strict')).toThrow(InvalidArgumentError);
    expect(() => createTextDecoder('utf-8', 'surrogateescape' as TextErrors)).toThrow(InvalidArgumentError);
  });
});

describe('encoder and decoder agree', () => {
  const repertoire: Record<string, fc.Arbitrary<string>> = {
    'utf-8': fc.string({ unit: 'binary' }),
    'utf-16le': fc.string({ unit: 'binary' }),
    'utf-16be': fc.string({ unit: 'binary' }),
    latin1: fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) }),
    ascii: fc.string({ unit: 'binary-ascii' }),
  };

  it('covers every writable encoding', () => {
    expect(Object.keys(repertoire).sort()).toEqual([...TEXT_WRITE_ENCODINGS].sort());
  });

  it.each(Object.entries(repertoire))('%s: decode(encode(text)) === text', (encoding, strings) => {
    const encode = createTextEncoder(encoding, 'strict');
    fc.assert(
      fc.property(strings, (text) => {
        expect(createTextDecoder(encoding, 'strict').decode(encode(text), true)).toBe(text);
      }),
    );
  });

  it('latin1: encode(decode(bytes)) returns any bytes unchanged', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (data) => {
        const text = createTextDecoder('latin1', 'strict').decode(data, true);
        expect(createTextEncoder('latin1', 'strict')(text)).toEqual(data);
      }),
    );
  });
});
