import { describe, expect, test } from 'vitest';
import {
  MemoryFileSystem,
  MFSQuotaExceededError,
  MFSTextHandle,
  UnsupportedOperationError,
} from '../../src/index.js';

describe('MFSTextHandle over real file handles', () => {
  test('UTF-8 round trip, read line by line (the README example)', () => {
    const mfs = new MemoryFileSystem();
    mfs.mkdir('/data');
    {
      using f = mfs.open('/data/hello.bin', 'wb');
      const th = new MFSTextHandle(f, { encoding: 'utf-8' });
      expect(th.write('こんにちは世界\n')).toBe(8);
      th.write('Hello, World!\n');
    }
    using f = mfs.open('/data/hello.bin', 'rb');
    expect([...new MFSTextHandle(f)]).toEqual(['こんにちは世界\n', 'Hello, World!\n']);
  });

  test('read(size) counts code points across a large file', () => {
    const mfs = new MemoryFileSystem();
    const text = 'a😀b'.repeat(5000);
    {
      using f = mfs.open('/t', 'wb');
      new MFSTextHandle(f).write(text);
    }
    using f = mfs.open('/t', 'rb');
    const th = new MFSTextHandle(f);
    expect(th.read(2)).toBe('a😀');
    expect(th.read(1)).toBe('b');
    expect(th.read().length).toBe(text.length - 4);
    expect(th.read()).toBe('');
  });

  test('UTF-16 and latin1 are writable; shift_jis is readable but not writable', () => {
    const mfs = new MemoryFileSystem();
    for (const encoding of ['utf-16le', 'utf-16be', 'latin1']) {
      {
        using f = mfs.open(`/${encoding}`, 'wb');
        new MFSTextHandle(f, { encoding }).write('Grüße\n');
      }
      using f = mfs.open(`/${encoding}`, 'rb');
      expect(new MFSTextHandle(f, { encoding }).readline()).toBe('Grüße\n');
    }
    mfs.writeFile('/sjis', Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]));
    {
      using f = mfs.open('/sjis', 'rb');
      expect(new MFSTextHandle(f, { encoding: 'shift_jis' }).read()).toBe('日本語');
    }
    using w = mfs.open('/sjis', 'ab');
    expect(() => new MFSTextHandle(w, { encoding: 'shift_jis' }).write('x')).toThrow(/utf-8/);
  });

  test('a quota refusal propagates and writes nothing', () => {
    const mfs = new MemoryFileSystem({ maxQuota: 10 });
    using f = mfs.open('/t', 'wb');
    const th = new MFSTextHandle(f);
    expect(() => th.write('this is far too long')).toThrow(MFSQuotaExceededError);
    expect(mfs.getSize('/t')).toBe(0);
  });

  test('mode errors come from the binary handle', () => {
    const mfs = new MemoryFileSystem();
    using f = mfs.open('/t', 'wb');
    expect(() => new MFSTextHandle(f).read()).toThrow(UnsupportedOperationError);
  });
});
