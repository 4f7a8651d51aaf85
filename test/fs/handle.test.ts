import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  InvalidArgumentError,
  MemoryFileHandle,
  MemoryFileSystem,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
  UnsupportedOperationError,
} from '../../src/index.js';
import { errorOf, readBytes, writeBytes } from '../helpers.js';

function withFile(content = 'hello world') {
  const mfs = new MemoryFileSystem({ maxQuota: 1024 * 1024 });
  writeBytes(mfs, '/f.bin', content);
  return mfs;
}

describe('reading and seeking (D-MemFS test_handle_io)', () => {
  test('read in pieces, seek to a position, seek relative and from the end, tell', () => {
    const mfs = withFile();
    using f = mfs.open('/f.bin', 'rb');
    expect(f.tell()).toBe(0);
    expect(f.read(5).toString()).toBe('hello');
    expect(f.tell()).toBe(5);
    expect(f.read(6).toString()).toBe(' world');
    expect(f.seek(6)).toBe(6);
    expect(f.read().toString()).toBe('world');
    f.seek(0);
    f.read(3);
    expect(f.seek(3, SEEK_CUR)).toBe(6);
    expect(f.read().toString()).toBe('world');
    expect(f.seek(-5, SEEK_END)).toBe(6);
    expect(f.read().toString()).toBe('world');
    expect(f.seek(0, SEEK_SET)).toBe(0);
  });

  test('read at or past the end is empty and leaves the cursor; read(0) is empty', () => {
    const mfs = withFile('abc');
    using f = mfs.open('/f.bin', 'rb');
    expect(f.read(0).byteLength).toBe(0);
    f.seek(10);
    expect(f.read().byteLength).toBe(0);
    expect(f.tell()).toBe(10);
    f.seek(0);
    expect(f.read(-7).toString()).toBe('abc');
    expect(f.read().byteLength).toBe(0);
  });

  test('invalid seeks are InvalidArgumentError with the D-MemFS texts', () => {
    const mfs = withFile();
    using f = mfs.open('/f.bin', 'rb');
    expect(() => f.seek(-1, SEEK_SET)).toThrow('seek offset must be >= 0 for SEEK_SET');
    expect(() => f.seek(1, SEEK_END)).toThrow(/SEEK_END with positive offset/);
    expect(() => f.seek(-1, SEEK_CUR)).toThrow('Resulting cursor position -1 is negative.');
    expect(() => f.seek(0, 99 as 0)).toThrow('Invalid whence value: 99. Must be 0, 1, or 2.');
    expect(() => f.seek(1.5)).toThrow(InvalidArgumentError);
    expect(() => f.seek('1' as unknown as number)).toThrow(TypeError);
    expect(f.tell()).toBe(0);
  });

  test('readInto fills any view by bytes and returns the count', () => {
    const mfs = withFile('abcdef');
    using f = mfs.open('/f.bin', 'rb');
    const target = new Uint8Array(4);
    expect(f.readInto(target)).toBe(4);
    expect(Buffer.from(target).toString()).toBe('abcd');
    expect(f.read().toString()).toBe('ef');
    f.seek(0);
    const ints = new Int32Array(1);
    expect(f.readInto(ints)).toBe(4);
    expect(Buffer.from(ints.buffer).toString()).toBe('abcd');
    f.seek(6);
    expect(f.readInto(new Uint8Array(3))).toBe(0);
  });

  test('read size must be an integer', () => {
    const mfs = withFile();
    using f = mfs.open('/f.bin', 'rb');
    expect(() => f.read(1.5)).toThrow(InvalidArgumentError);
    expect(() => f.read('2' as unknown as number)).toThrow(TypeError);
  });
});

describe('writing', () => {
  test('ab appends even after seek(0)', () => {
    const mfs = withFile('hello');
    {
      using f = mfs.open('/f.bin', 'ab');
      f.seek(0);
      f.write(Buffer.from(' world'));
    }
    expect(readBytes(mfs, '/f.bin').toString()).toBe('hello world');
  });

  test('wb truncates an existing file', () => {
    const mfs = withFile('long content');
    writeBytes(mfs, '/f.bin', 'hi');
    expect(readBytes(mfs, '/f.bin').toString()).toBe('hi');
  });

  test('r+b writes in place', () => {
    const mfs = withFile('hello world');
    {
      using f = mfs.open('/f.bin', 'r+b');
      f.seek(6);
      f.write(Buffer.from('Python'));
    }
    expect(readBytes(mfs, '/f.bin').toString()).toBe('hello Python');
  });

  test('writing after seeking past the end zero-fills the gap', () => {
    const mfs = new MemoryFileSystem();
    {
      using f = mfs.open('/f.bin', 'wb');
      f.write(Buffer.from('abcd'));
      f.seek(10);
      f.write(Buffer.from('Z'));
      expect(f.tell()).toBe(11);
    }
    expect(readBytes(mfs, '/f.bin')).toEqual(Buffer.from('abcd\0\0\0\0\0\0Z'));
  });

  test('write returns the byte count, accepts any ArrayBufferView, and copies it', () => {
    const mfs = new MemoryFileSystem();
    const source = new Uint16Array([0x4241, 0x4443]);
    {
      using f = mfs.open('/f.bin', 'wb');
      expect(f.write(source)).toBe(4);
      expect(f.write(new DataView(new ArrayBuffer(2)))).toBe(2);
      expect(f.write(new Uint8Array(0))).toBe(0);
    }
    source[0] = 0;
    expect(readBytes(mfs, '/f.bin')).toEqual(Buffer.from([0x41, 0x42, 0x43, 0x44, 0, 0]));
  });

  test('write of a non-buffer is a TypeError (strings point to MFSTextHandle)', () => {
    const mfs = new MemoryFileSystem();
    using f = mfs.open('/f.bin', 'wb');
    expect(() => f.write('text' as unknown as Uint8Array)).toThrow(
      /bytes-like object is required.*MFSTextHandle/,
    );
    expect(() => f.write(123 as unknown as Uint8Array)).toThrow(TypeError);
  });

  test('truncate: to the cursor by default; shrinking moves the cursor; growing does not', () => {
    const mfs = withFile('abcdef');
    using f = mfs.open('/f.bin', 'r+b');
    f.seek(6);
    expect(f.truncate(3)).toBe(3);
    expect(f.tell()).toBe(3);
    f.seek(2);
    expect(f.truncate()).toBe(2);
    f.seek(1);
    expect(f.truncate(20)).toBe(20);
    expect(f.tell()).toBe(1);
    f.close();
    expect(readBytes(mfs, '/f.bin')).toEqual(Buffer.concat([Buffer.from('ab'), Buffer.alloc(18)]));
  });

  test('truncate validates its size', () => {
    const mfs = withFile();
    using f = mfs.open('/f.bin', 'r+b');
    expect(() => f.truncate(-1)).toThrow('truncate size must be >= 0');
    expect(() => f.truncate(1.5)).toThrow(InvalidArgumentError);
  });
});

describe('modes, capabilities and closing', () => {
  test('each operation checks the mode: EBADF', () => {
    const mfs = withFile();
    {
      using w = mfs.open('/f.bin', 'wb');
      const error = errorOf(() => w.read()) as UnsupportedOperationError;
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(error.code).toBe('EBADF');
      expect(error.message).toBe("not readable in mode 'wb'");
      expect(() => w.readInto(new Uint8Array(1))).toThrow(UnsupportedOperationError);
    }
    using r = mfs.open('/f.bin', 'rb');
    expect(() => r.write(Buffer.from('x'))).toThrow("not writable in mode 'rb'");
    expect(() => r.truncate(0)).toThrow(UnsupportedOperationError);
  });

  test('capabilities per mode', () => {
    const mfs = withFile();
    const expectations: [string, boolean, boolean][] = [
      ['rb', true, false],
      ['r+b', true, true],
      ['ab', false, true],
      ['wb', false, true],
    ];
    for (const [mode, readable, writable] of expectations) {
      using f = mfs.open('/f.bin', mode);
      expect([f.readable(), f.writable(), f.seekable()]).toEqual([readable, writable, true]);
      expect(f.flush()).toBeUndefined();
    }
  });

  test('a closed handle: every operation is EBADF; close is idempotent; closed reflects it', () => {
    const mfs = withFile();
    const f = mfs.open('/f.bin', 'rb');
    expect(f.closed).toBe(false);
    f.close();
    f.close();
    expect(f.closed).toBe(true);
    for (const action of [
      () => f.read(),
      () => f.tell(),
      () => f.seek(0),
      () => f.flush(),
      () => f.readable(),
      () => f.writable(),
      () => f.seekable(),
    ]) {
      const error = errorOf(action) as UnsupportedOperationError;
      expect(error.code).toBe('EBADF');
      expect(error.message).toBe('I/O operation on closed file.');
    }
  });

  test('using closes at the end of the block and releases the lock', () => {
    const mfs = withFile();
    let handle: MemoryFileHandle;
    {
      using f = mfs.open('/f.bin', 'r+b');
      handle = f;
      expect(f.closed).toBe(false);
    }
    expect(handle.closed).toBe(true);
    mfs.remove('/f.bin');
  });

  test('path and mode are exposed; handles cannot be constructed directly', () => {
    const mfs = withFile();
    using f = mfs.open('f.bin/', 'r');
    expect(f.path).toBe('/f.bin');
    expect(f.mode).toBe('rb');
    const Ctor = MemoryFileHandle as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Ctor(Symbol('x'))).toThrow(/created by mfs.open/);
  });
});

describe('generation and timestamps through a handle', () => {
  test('each non-empty write bumps generation once and sets modifiedAt; empty writes do not', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    using f = mfs.open('/g', 'wb');
    expect(mfs.stat('/g')).toMatchObject({ generation: 0, createdAt: 1000, modifiedAt: 1000 });
    now = 2000;
    f.write(Buffer.from('a'));
    f.write(Buffer.from('b'));
    f.write(Buffer.alloc(0));
    expect(mfs.stat('/g')).toMatchObject({ generation: 2, createdAt: 1000, modifiedAt: 2000 });
    now = 3000;
    f.truncate(2);
    expect(mfs.stat('/g')).toMatchObject({ generation: 2, modifiedAt: 2000 });
    f.truncate(1);
    expect(mfs.stat('/g')).toMatchObject({ generation: 3, modifiedAt: 3000 });
  });

  test('wb reopen always bumps generation; ab/r+b/rb opens without writes do not', () => {
    let now = 1000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    mfs.open('/g', 'wb').close();
    now = 2000;
    mfs.open('/g', 'wb').close();
    expect(mfs.stat('/g')).toMatchObject({ generation: 1, modifiedAt: 2000 });
    now = 3000;
    for (const mode of ['ab', 'r+b', 'rb']) mfs.open('/g', mode).close();
    expect(mfs.stat('/g')).toMatchObject({ generation: 1, modifiedAt: 2000 });
  });
});

describe('a handle garbage-collected while open', () => {
  test('releases its lock and emits a ResourceWarning', () => {
    const script = fileURLToPath(new URL('./scripts/leaked-handle.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
      encoding: 'utf8',
    });
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(result.blockedBefore).toBe(true);
    expect(result.existsAfter).toBe(false);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ name: 'ResourceWarning', code: 'DMEMFS_UNCLOSED_HANDLE' });
    expect(result.warnings[0].message).toMatch(
      /'\/leak\.bin' \(mode 'r\+b'\) was garbage-collected while open/,
    );
  });
});
