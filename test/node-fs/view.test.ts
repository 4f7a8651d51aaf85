/**
 * The view's three forms, descriptors, `FileHandle`s, streams, paths, `Stats`/`Dirent`/`Dir`,
 * unsupported calls, and per-call routing to the current filesystem.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError, MemoryFileSystem } from '../../src/index.js';
import {
  BigIntStats,
  createNodeFs,
  Dir,
  Dirent,
  FIRST_DESCRIPTOR,
  FileHandle,
  FsSystemError,
  ReadStream,
  Stats,
  WriteStream,
} from '../../src/node-fs/index.js';

function view(options?: { cwd?: string }) {
  const mfs = new MemoryFileSystem();
  return { mfs, fs: createNodeFs(mfs, options) };
}

describe('the callback form', () => {
  test('calls back on a later tick, with results and with errors', async () => {
    const { fs } = view();
    fs.writeFileSync('/a', 'abc');
    const events: string[] = [];
    const done = new Promise<void>((resolve) => {
      fs.readFile('/a', 'utf8', (error, text) => {
        events.push(`read ${error} ${text}`);
        fs.stat('/missing', (statError) => {
          events.push(`stat ${(statError as NodeJS.ErrnoException).code}`);
          resolve();
        });
        events.push('stat called');
      });
    });
    events.push('readFile called');
    await done;
    expect(events).toEqual(['readFile called', 'read null abc', 'stat called', 'stat ENOENT']);
  });

  test('argument errors throw at once; a missing callback too', () => {
    const { fs } = view();
    expect(() => fs.stat(5 as unknown as string, () => {})).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
    expect(() => (fs.readFile as unknown as (p: string, o: string) => void)('/a', 'utf8')).toThrow(
      /The "cb" argument must be of type function. Received type string \('utf8'\)/,
    );
  });

  test('every call is there in callback form', async () => {
    const { fs } = view();
    const call = <T>(run: (done: (error: Error | null, ...results: unknown[]) => void) => void) =>
      new Promise<unknown[]>((resolve, reject) =>
        run((error, ...results) => (error ? reject(error) : resolve(results as T[]))),
      );
    await call((done) => fs.mkdir('/d/e', { recursive: true }, done));
    await call((done) => fs.writeFile('/d/f', 'hello', done));
    await call((done) => fs.appendFile('/d/f', '!', done));
    expect(await call((done) => fs.readdir('/d', done))).toEqual([['e', 'f']]);
    expect(await call((done) => fs.access('/d/f', done))).toEqual([]);
    const [fd] = (await call((done) => fs.open('/d/f', 'r+', done))) as [number];
    expect(fd).toBeGreaterThanOrEqual(FIRST_DESCRIPTOR);
    const buffer = Buffer.alloc(5);
    expect(await call((done) => fs.read(fd, buffer, 0, 5, 0, done))).toEqual([5, buffer]);
    const [bytes, defaultBuffer] = await call((done) => fs.read(fd, done));
    expect(bytes).toBe(6);
    expect((defaultBuffer as Buffer).byteLength).toBe(16_384);
    expect(await call((done) => fs.write(fd, 'HE', 0, done))).toEqual([2, 'HE']);
    expect(await call((done) => fs.writev(fd, [Buffer.from('!')], 6, done))).toEqual([1, [Buffer.from('!')]]);
    const target = [Buffer.alloc(7)];
    expect(await call((done) => fs.readv(fd, target, 0, done))).toEqual([7, target]);
    expect(target[0].toString()).toBe('HEllo!!');
    expect(((await call((done) => fs.fstat(fd, done)))[0] as Stats).size).toBe(7);
    await call((done) => fs.ftruncate(fd, 3, done));
    await call((done) => fs.fsync(fd, done));
    await call((done) => fs.fdatasync(fd, done));
    await call((done) => fs.close(fd, done));
    await expect(call((done) => fs.close(fd, done))).rejects.toMatchObject({
      code: 'EBADF',
      syscall: 'close',
    });
    await call((done) => fs.truncate('/d/f', 2, done));
    await call((done) => fs.copyFile('/d/f', '/d/g', done));
    await call((done) => fs.cp('/d', '/c', { recursive: true }, done));
    await expect(call((done) => fs.cp('/nope', '/x', done))).rejects.toMatchObject({ code: 'ENOENT' });
    await call((done) => fs.rename('/d/g', '/d/h', done));
    expect((await call((done) => fs.lstat('/d/h', done)))[0]).toBeInstanceOf(Stats);
    expect(await call((done) => fs.realpath('/d/../d/h', done))).toEqual(['/d/h']);
    expect(await call((done) => fs.realpath.native('/d/h', done))).toEqual(['/d/h']);
    await expect(call((done) => fs.readlink('/d/h', done))).rejects.toMatchObject({ code: 'EINVAL' });
    const [made] = (await call((done) => fs.mkdtemp('/d/t-', done))) as [string];
    expect(made).toMatch(/^\/d\/t-[A-Za-z0-9]{6}$/);
    await call((done) => fs.rmdir(made, done));
    await call((done) => fs.unlink('/d/h', done));
    expect(((await call((done) => fs.statfs('/', done)))[0] as { bsize: number }).bsize).toBe(4096);
    const [dir] = (await call((done) => fs.opendir('/d', done))) as [Dir];
    expect(dir.readSync()?.name).toBe('e');
    dir.closeSync();
    await call((done) => fs.rm('/c', { recursive: true }, done));
    expect(await new Promise((resolve) => fs.exists('/c', resolve))).toBe(false);
    expect(await new Promise((resolve) => fs.exists('/d', resolve))).toBe(true);
    expect(fs.readFileSync('/d/f', 'utf8')).toBe('HE');
  });
});

describe('the promises form', () => {
  test('every call is there and rejects instead of throwing', async () => {
    const { fs } = view();
    const p = fs.promises;
    await p.mkdir('/d');
    await p.writeFile('/d/f', 'abc');
    await p.appendFile('/d/f', 'def');
    await p.writeFile(
      '/d/chunks',
      (async function* () {
        yield 'x';
        yield Buffer.from('y');
      })(),
    );
    expect(await p.readFile('/d/chunks', 'utf8')).toBe('xy');
    expect(await p.readFile('/d/f', { encoding: 'utf8' })).toBe('abcdef');
    await p.access('/d/f');
    await p.copyFile('/d/f', '/d/g');
    await p.rename('/d/g', '/d/h');
    await p.truncate('/d/h', 1);
    expect((await p.stat('/d/h')).size).toBe(1);
    expect((await p.lstat('/d')).isDirectory()).toBe(true);
    expect(await p.readdir('/d')).toEqual(['f', 'chunks', 'h']);
    expect(await p.realpath('/d/./h')).toBe('/d/h');
    await expect(p.readlink('/d/h')).rejects.toMatchObject({ code: 'EINVAL' });
    expect(await p.mkdtemp('/d/x')).toMatch(/^\/d\/x.{6}$/);
    expect((await p.statfs('/')).bsize).toBe(4096);
    await p.unlink('/d/h');
    await p.rmdir((await p.mkdtemp('/t')) as string);
    const dir = await p.opendir('/d');
    const names: string[] = [];
    for await (const entry of dir) names.push(entry.name);
    expect(names.slice(0, 2)).toEqual(['f', 'chunks']);
    await p.rm('/d', { recursive: true });
    await expect(p.stat(42 as unknown as string)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    const controller = new AbortController();
    controller.abort();
    await expect(p.readFile('/x', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(p.writeFile('/x', 'x', { signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORT_ERR',
    });
    expect(fs.existsSync('/x')).toBe(false);
    expect(p.constants.O_CREAT).toBe(fs.constants.O_CREAT);
  });

  test('FileHandle reads, writes, stats, truncates and closes', async () => {
    const { fs } = view();
    fs.writeFileSync('/f', 'hello');
    const handle = await fs.promises.open('/f', 'r+');
    expect(handle).toBeInstanceOf(FileHandle);
    expect(handle.fd).toBeGreaterThanOrEqual(FIRST_DESCRIPTOR);
    const buffer = Buffer.alloc(5);
    expect(await handle.read(buffer, 0, 5, 0)).toEqual({ bytesRead: 5, buffer });
    expect((await handle.read({ buffer: Buffer.alloc(2), position: 1 })).buffer.toString()).toBe('el');
    expect(await handle.write('J', 0)).toMatchObject({ bytesWritten: 1, buffer: 'J' });
    expect(await handle.writev([Buffer.from('!')], 5)).toMatchObject({ bytesWritten: 1 });
    const parts = [Buffer.alloc(3), Buffer.alloc(3)];
    expect(await handle.readv(parts, 0)).toEqual({ bytesRead: 6, buffers: parts });
    expect(Buffer.concat(parts).toString()).toBe('Jello!');
    expect((await handle.stat()).size).toBe(6);
    await handle.truncate(2);
    expect(await handle.readFile('utf8')).toBe('Je');
    await handle.writeFile('ab');
    await handle.appendFile('cd');
    await handle.sync();
    await handle.datasync();
    await expect(fs.promises.readFile(handle, 'utf8')).resolves.toBe('');
    await expect(handle.chmod(0o777)).rejects.toMatchObject({ code: 'ENOSYS', syscall: 'fchmod' });
    await expect(handle.chown(0, 0)).rejects.toMatchObject({ code: 'ENOSYS', syscall: 'fchown' });
    await handle.utimes(0, 1_000);
    expect((await handle.stat()).mtimeMs).toBe(1_000_000);
    let closed = false;
    (handle as unknown as FileHandle).on('close', () => {
      closed = true;
    });
    await handle.close();
    expect(closed).toBe(true);
    expect(handle.fd).toBe(-1);
    await handle.close();
    await expect(handle.read(Buffer.alloc(1))).rejects.toMatchObject({
      code: 'EBADF',
      syscall: 'read',
      message: 'file closed',
    });
    await expect(handle.stat()).rejects.toMatchObject({ syscall: 'fstat' });
    await expect(fs.promises.readFile(handle)).rejects.toMatchObject({ message: 'file closed' });
    expect(fs.readFileSync('/f', 'utf8')).toBe('Jeabcd');
  });

  test('FileHandle closes with await using, and streams and reads lines over its fd', async () => {
    const { fs } = view();
    fs.writeFileSync('/lines.txt', 'one\ntwo\nthree\n');
    let fd: number;
    {
      await using handle = await fs.promises.open('/lines.txt');
      fd = handle.fd;
      const lines: string[] = [];
      for await (const line of handle.readLines()) lines.push(line);
      expect(lines).toEqual(['one', 'two', 'three']);
    }
    expect(() => fs.fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    const writer = await fs.promises.open('/copy.txt', 'w');
    const stream = writer.createWriteStream();
    await new Promise<void>((resolve) => stream.end('copied', () => resolve()));
    await new Promise<void>((resolve) => stream.on('close', () => resolve()));
    expect(writer.fd).toBe(-1);
    const reader = await fs.promises.open('/copy.txt');
    const chunks: string[] = [];
    for await (const chunk of reader.createReadStream({ encoding: 'utf8' })) chunks.push(chunk as string);
    expect(chunks.join('')).toBe('copied');
  });
});

describe('descriptors', () => {
  test('numeric flags map as their string forms do', () => {
    const { fs } = view();
    const { O_CREAT, O_EXCL, O_RDWR, O_WRONLY, O_TRUNC, O_APPEND } = fs.constants;
    const fd = fs.openSync('/f', O_CREAT | O_EXCL | O_RDWR);
    fs.writeSync(fd, 'abc');
    fs.closeSync(fd);
    expect(() => fs.openSync('/f', O_CREAT | O_EXCL | O_WRONLY)).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    const appender = fs.openSync('/f', O_WRONLY | O_APPEND);
    fs.writeSync(appender, 'd', 0);
    fs.closeSync(appender);
    expect(fs.readFileSync('/f', 'utf8')).toBe('abcd');
    fs.closeSync(fs.openSync('/f', O_WRONLY | O_TRUNC));
    expect(fs.readFileSync('/f', 'utf8')).toBe('');
    expect(() => fs.openSync('/f', 'nope')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
    expect(() => fs.openSync('/f', {} as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  test('numbers are reused lowest first and start high', () => {
    const { fs } = view();
    fs.writeFileSync('/f', '');
    const a = fs.openSync('/f', 'r');
    const b = fs.openSync('/f', 'r');
    expect([a, b]).toEqual([FIRST_DESCRIPTOR, FIRST_DESCRIPTOR + 1]);
    fs.closeSync(a);
    expect(fs.openSync('/f', 'r')).toBe(FIRST_DESCRIPTOR);
  });

  test('a directory fd can be stat-ed until the directory goes', () => {
    const { fs } = view();
    fs.mkdirSync('/d');
    const fd = fs.openSync('/d', 'r');
    expect(fs.fstatSync(fd).isDirectory()).toBe(true);
    expect(() => fs.writeSync(fd, 'x')).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'write' }));
    expect(() => fs.ftruncateSync(fd)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    fs.rmdirSync('/d');
    expect(() => fs.fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'fstat' }));
    fs.closeSync(fd);
  });

  test('reads and writes accept options objects, bigint positions and typed arrays', () => {
    const { fs } = view();
    const fd = fs.openSync('/f', 'w+');
    const writeSync = fs.writeSync as (...args: unknown[]) => number;
    const readSync = fs.readSync as (...args: unknown[]) => number;
    expect(writeSync(fd, new Uint16Array([0x6968]), { position: 0 })).toBe(2);
    expect(fs.writeSync(fd, 'zz', 2n as unknown as number, 'latin1')).toBe(2);
    const into = new Uint8Array(4);
    expect(fs.readSync(fd, into, { offset: 0, length: 4, position: 0n as unknown as number })).toBe(4);
    expect(Buffer.from(into).toString()).toBe('hizz');
    expect(fs.readSync(fd, Buffer.alloc(0))).toBe(0);
    expect(() => fs.readSync(fd, 'x' as unknown as Buffer)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
    expect(() => readSync(fd, Buffer.alloc(2), 3)).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
    expect(() => fs.readSync(fd, Buffer.alloc(2), 0, 1, -5n as unknown as number)).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
    expect(() => fs.readvSync(fd, 'x' as unknown as Buffer[])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
    expect(() => fs.fstatSync('3' as unknown as number)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
    expect(() => fs.fstatSync(2 ** 31)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
    fs.ftruncateSync(fd);
    expect(fs.fstatSync(fd, { bigint: true }).size).toBe(0n);
    fs.closeSync(fd);
    expect(() => fs.truncateSync(fd as unknown as string, 1)).toThrow(
      expect.objectContaining({ code: 'EBADF', syscall: 'ftruncate' }),
    );
  });

  test('readFile and writeFile take an fd', () => {
    const { fs } = view();
    fs.writeFileSync('/f', 'abc');
    const fd = fs.openSync('/f', 'a+');
    fs.writeFileSync(fd, 'def');
    fs.appendFileSync(fd, 'g');
    fs.truncateSync(fd as unknown as string, 6);
    expect(fs.readFileSync(fd, 'utf8')).toBe('');
    fs.closeSync(fd);
    expect(fs.readFileSync('/f', 'utf8')).toBe('abcdef');
  });
});

describe('streams', () => {
  test('a read stream honours start, end, encoding and highWaterMark', async () => {
    const { fs } = view();
    fs.writeFileSync('/f', '0123456789');
    const stream = fs.createReadStream('/f', { start: 2, end: 7, highWaterMark: 2, encoding: 'utf8' });
    expect(stream).toBeInstanceOf(ReadStream);
    expect(stream.pending).toBe(true);
    const opened = new Promise<number>((resolve) => stream.on('open', resolve));
    const ready = new Promise<void>((resolve) => stream.on('ready', resolve));
    const chunks: string[] = [];
    stream.on('data', (chunk) => {
      chunks.push(chunk as string);
    });
    await new Promise<void>((resolve) => stream.on('close', () => resolve()));
    expect(await opened).toBeGreaterThanOrEqual(FIRST_DESCRIPTOR);
    await ready;
    expect(chunks).toEqual(['23', '45', '67']);
    expect(stream.bytesRead).toBe(6);
    expect(stream.path).toBe('/f');
    const tail: Buffer[] = [];
    for await (const chunk of fs.createReadStream('/f', { end: 3 })) tail.push(chunk as Buffer);
    expect(Buffer.concat(tail).toString()).toBe('0123');
    expect(() => fs.createReadStream('/f', { start: 5, end: 2 })).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
    expect(() => fs.createReadStream(7 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  test('a stream on a missing file errors, and an fd stream keeps its fd without autoClose', async () => {
    const { fs } = view();
    const missing = fs.createReadStream('/missing');
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => missing.on('error', resolve));
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'open', path: '/missing' });
    fs.writeFileSync('/f', 'abc');
    const fd = fs.openSync('/f', 'r');
    const stream = fs.createReadStream('/ignored', { fd, autoClose: false, encoding: 'utf8' });
    let text = '';
    for await (const chunk of stream) text += chunk;
    expect(text).toBe('abc');
    expect(fs.fstatSync(fd).size).toBe(3);
    const closing = fs.createReadStream('/f');
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    expect(closing.destroyed).toBe(true);
    fs.closeSync(fd);
  });

  test('a write stream writes at start, counts bytes and closes with close()', async () => {
    const { fs } = view();
    fs.writeFileSync('/f', 'abcdef');
    const stream = fs.createWriteStream('/f', { flags: 'r+', start: 2 });
    expect(stream).toBeInstanceOf(WriteStream);
    stream.write('XY');
    stream.write(Buffer.from('Z'));
    await new Promise<void>((resolve) => stream.close(() => resolve()));
    expect(stream.bytesWritten).toBe(3);
    expect(fs.readFileSync('/f', 'utf8')).toBe('abXYZf');
    await new Promise<void>((resolve) => stream.close(() => resolve()));
    const kept = fs.createWriteStream('/g', { autoClose: false });
    kept.write('1');
    await new Promise<void>((resolve) => kept.close(() => resolve()));
    expect((kept as unknown as WriteStream).fd).toBeNull();
    expect(() => fs.unlinkSync('/g')).not.toThrow();
    const soon = fs.createWriteStream('/h', 'latin1');
    soon.write('é');
    (soon as unknown as WriteStream).destroySoon();
    await new Promise<void>((resolve) => soon.on('close', () => resolve()));
    expect(fs.readFileSync('/h')).toEqual(Buffer.from([0xe9]));
    const failing = fs.createWriteStream('/nope/x');
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => failing.on('error', resolve));
    expect(error.code).toBe('ENOENT');
  });
});

describe('paths', () => {
  test('Buffers and file URLs name the same files as strings', () => {
    const { fs } = view();
    fs.writeFileSync(Buffer.from('/a b'), 'x');
    expect(fs.readFileSync(new URL('file:///a%20b'), 'utf8')).toBe('x');
    expect(fs.existsSync(new URL('file://localhost/a%20b'))).toBe(true);
    expect(fs.existsSync('/a\0b')).toBe(false);
  });

  test('relative paths resolve against the virtual cwd, never process.cwd()', () => {
    const { fs } = view({ cwd: '/project/' });
    fs.mkdirSync('/project');
    expect(fs.mkdirSync('a/b', { recursive: true })).toBe('a');
    fs.writeFileSync('a/b/f', 'x');
    expect(fs.readdirSync('/project/a/b')).toEqual(['f']);
    expect(fs.realpathSync('a/./b/../b/f')).toBe('/project/a/b/f');
    expect(() => fs.readFileSync('nope')).toThrow("ENOENT: no such file or directory, open 'nope'");
    expect(
      fs.readdirSync('a', { withFileTypes: true, recursive: true }).map((entry) => entry.parentPath),
    ).toEqual(['a', 'a/b']);
    expect(fs.mkdtempSync('tmp-')).toMatch(/^tmp-.{6}$/);
    expect(fs.mkdtempSync(Buffer.from('/project/t-') as unknown as string, 'buffer')).toBeInstanceOf(Buffer);
    expect(fs.realpathSync('a', 'buffer')).toEqual(Buffer.from('/project/a'));
    expect(fs.readdirSync('a', { encoding: 'buffer', recursive: true })).toEqual([
      Buffer.from('b'),
      Buffer.from('b/f'),
    ]);
    expect(() => fs.mkdtempSync('/nope/x')).toThrow(
      expect.objectContaining({ code: 'ENOENT', path: '/nope/xXXXXXX' }),
    );
    expect(() => fs.mkdtempSync('/project/a/b/f/x')).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  test('options are checked', () => {
    const mfs = new MemoryFileSystem();
    expect(() => createNodeFs(mfs, { cwd: 'relative' })).toThrow(InvalidArgumentError);
    expect(() => createNodeFs(mfs, { cwd: 5 as unknown as string })).toThrow(TypeError);
    expect(() => createNodeFs(mfs, { cdw: '/' } as unknown as { cwd: string })).toThrow(InvalidArgumentError);
    expect(() => createNodeFs(mfs, null as unknown as { cwd: string })).toThrow(TypeError);
    expect(() => createNodeFs({} as MemoryFileSystem)).toThrow(TypeError);
    expect(createNodeFs(mfs, {}).realpathSync('.')).toBe('/');
  });
});

describe('Stats, Dirent and Dir', () => {
  test('stats look like a disk: modes, links, sizes, blocks, ids and times', () => {
    let now = 1_700_000_000_000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    const fs = createNodeFs(mfs);
    fs.mkdirSync('/d/e', { recursive: true });
    now += 5_000;
    fs.writeFileSync('/d/f', Buffer.alloc(5000));
    const file = fs.statSync('/d/f');
    const directory = fs.statSync('/d');
    expect(file).toBeInstanceOf(Stats);
    expect(file).toMatchObject({
      mode: 0o100644,
      nlink: 1,
      size: 5000,
      blocks: 16,
      blksize: 4096,
      rdev: 0,
      mtimeMs: now,
    });
    expect(directory).toMatchObject({ mode: 0o40755, nlink: 3, size: 4096, blocks: 8 });
    expect(file.mtime).toEqual(new Date(now));
    expect(directory.birthtimeMs).toBe(now - 5_000);
    expect([
      file.isFile(),
      file.isDirectory(),
      file.isSymbolicLink(),
      file.isFIFO(),
      file.isSocket(),
    ]).toEqual([true, false, false, false, false]);
    expect([file.isCharacterDevice(), file.isBlockDevice(), directory.isDirectory()]).toEqual([
      false,
      false,
      true,
    ]);
    expect(file.dev).toBe(directory.dev);
    expect(file.ino).not.toBe(directory.ino);
    const ino = file.ino;
    fs.renameSync('/d/f', '/d/g');
    expect(fs.statSync('/d/g').ino).toBe(ino);
    expect(fs.statSync('/d/g').ino).toBe(ino);
    now += 1;
    fs.unlinkSync('/d/g');
    fs.writeFileSync('/d/g', 'new');
    expect(fs.statSync('/d/g').ino).not.toBe(ino);
    const big = fs.statSync('/d/g', { bigint: true });
    expect(big).toBeInstanceOf(BigIntStats);
    expect(big.size).toBe(3n);
    expect(big.mtimeNs).toBe(BigInt(now) * 1_000_000n);
    expect(big.isFile()).toBe(true);
    expect(createNodeFs(new MemoryFileSystem()).statSync('/').dev).not.toBe(file.dev);
  });

  test('Dirents name their kind and parent', () => {
    const { fs } = view();
    fs.mkdirSync('/d/sub', { recursive: true });
    fs.writeFileSync('/d/f', '');
    const [sub, f] = fs.readdirSync('/d', { withFileTypes: true });
    expect(sub).toBeInstanceOf(Dirent);
    expect([sub.name, sub.parentPath, sub.path, sub.isDirectory(), sub.isFile()]).toEqual([
      'sub',
      '/d',
      '/d',
      true,
      false,
    ]);
    expect([
      f.isFile(),
      f.isSymbolicLink(),
      f.isFIFO(),
      f.isSocket(),
      f.isCharacterDevice(),
      f.isBlockDevice(),
    ]).toEqual([true, false, false, false, false, false]);
  });

  test('Dir reads one entry at a time, by promise or callback, and refuses use after close', async () => {
    const { fs } = view();
    fs.mkdirSync('/d/sub', { recursive: true });
    fs.writeFileSync('/d/f', '');
    const dir = fs.opendirSync('/d');
    expect(dir).toBeInstanceOf(Dir);
    expect(dir.path).toBe('/d');
    expect((await dir.read())?.name).toBe('sub');
    const second = await new Promise<{ name: string } | null | undefined>((resolve, reject) =>
      dir.read((error, entry) => (error ? reject(error) : resolve(entry))),
    );
    expect(second?.name).toBe('f');
    expect(await dir.read()).toBeNull();
    await new Promise<void>((resolve, reject) => dir.close((error) => (error ? reject(error) : resolve())));
    expect(() => dir.readSync()).toThrow(expect.objectContaining({ code: 'ERR_DIR_CLOSED' }));
    await expect(dir.close()).rejects.toMatchObject({ code: 'ERR_DIR_CLOSED' });
    await expect(
      new Promise((resolve, reject) => dir.read((error) => (error ? reject(error) : resolve(null)))),
    ).rejects.toMatchObject({
      code: 'ERR_DIR_CLOSED',
    });
    await expect(
      new Promise((resolve, reject) => dir.close((error) => (error ? reject(error) : resolve(null)))),
    ).rejects.toMatchObject({
      code: 'ERR_DIR_CLOSED',
    });
    const recursive = fs.opendirSync('/d', { recursive: true });
    const names: string[] = [];
    for (let entry = recursive.readSync(); entry !== null; entry = recursive.readSync())
      names.push(entry.name);
    expect(names).toEqual(['sub', 'f']);
    await recursive.close();
    expect(() => fs.opendirSync('/d', 5 as unknown as undefined)).toThrow(TypeError);
  });
});

describe('unsupported calls fail loudly with ENOSYS', () => {
  test.each(['chmod', 'chown', 'lchown', 'lchmod', 'link', 'symlink'] as const)(
    '%s in all three forms',
    async (call) => {
      const { fs } = view();
      const expected = expect.objectContaining({ code: 'ENOSYS', errno: -38, syscall: call, path: '/x' });
      const sync = fs[`${call}Sync`] as (...args: unknown[]) => unknown;
      expect(() => sync('/x', 1, 2)).toThrow(expected);
      const viaCallback = await new Promise((resolve) =>
        (fs[call] as (...args: unknown[]) => void)('/x', 1, 2, resolve),
      );
      expect(viaCallback).toEqual(expected);
      await expect(
        (fs.promises[call] as (...args: unknown[]) => Promise<unknown>)('/x', 1, 2),
      ).rejects.toEqual(expected);
    },
  );

  test('descriptor variants, watching and blobs', async () => {
    const { fs } = view();
    expect(() => fs.fchmodSync(3, 0o644)).toThrow(
      /ENOSYS: function not implemented, fchmod \(not supported by dmemfs's node:fs view/,
    );
    expect(() => fs.watch('/')).toThrow(expect.objectContaining({ code: 'ENOSYS', syscall: 'watch' }));
    expect(() => fs.watchFile('/', () => {})).toThrow(expect.objectContaining({ syscall: 'watchFile' }));
    expect(() => fs.unwatchFile('/')).toThrow(expect.objectContaining({ syscall: 'unwatchFile' }));
    expect(() => fs.promises.watch('/')).toThrow(expect.objectContaining({ code: 'ENOSYS' }));
    await expect(fs.openAsBlob('/x')).rejects.toMatchObject({ code: 'ENOSYS', syscall: 'openAsBlob' });
    expect(() => fs.chmodSync(new URL('http://x/'), 0o644)).toThrow(
      'ENOSYS: function not implemented, chmod (',
    );
    fs.writeFileSync('/f', 'x');
    expect(() => fs.copyFileSync('/f', '/g', fs.constants.COPYFILE_FICLONE_FORCE)).toThrow(
      expect.objectContaining({ code: 'ENOSYS', syscall: 'copyfile' }),
    );
    fs.copyFileSync('/f', '/g', fs.constants.COPYFILE_FICLONE);
    expect(fs.readFileSync('/g', 'utf8')).toBe('x');
  });
});

describe('Node-specific error shapes', () => {
  test('rm of a directory is a SystemError with ERR_FS_EISDIR', () => {
    const { fs } = view();
    fs.mkdirSync('/d');
    let error: unknown;
    try {
      fs.rmSync('/d');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FsSystemError);
    expect(String(error)).toBe(
      'SystemError [ERR_FS_EISDIR]: Path is a directory: rm returned EISDIR (is a directory) /d',
    );
    expect(error).toMatchObject({
      errno: 21,
      syscall: 'rm',
      path: '/d',
      info: { code: 'EISDIR', errno: 21 },
    });
    expect(() => fs.rmSync('/', { recursive: true })).toThrow(
      expect.objectContaining({ code: 'EBUSY', syscall: 'rmdir' }),
    );
    expect(() => fs.rmdirSync('/')).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    expect(() => fs.renameSync('/', '/x')).toThrow(
      expect.objectContaining({ code: 'EBUSY', syscall: 'rename' }),
    );
  });

  test('errors from the engine keep it as the cause', () => {
    const { mfs, fs } = view();
    fs.writeFileSync('/f', 'x');
    const handle = mfs.open('/f', 'rb');
    try {
      fs.unlinkSync('/f');
    } catch (error) {
      expect((error as Error).cause).toMatchObject({ name: 'BlockingIOError', code: 'EBUSY' });
    } finally {
      handle.close();
    }
    expect.assertions(1);
  });

  test('rmdir with recursive removes a tree; cp checks its options', () => {
    const { fs } = view();
    fs.mkdirSync('/d/e', { recursive: true });
    fs.rmdirSync('/d', { recursive: true });
    expect(fs.existsSync('/d')).toBe(false);
    fs.writeFileSync('/f', 'x');
    expect(() => fs.cpSync('/f', '/g', { filter: 5 } as unknown as object)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
    expect(() => fs.cpSync('/f', '/g', { recursive: 'yes' } as unknown as object)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
    expect(() => fs.cpSync('/f', '/g', { filter: (async () => true) as unknown as () => boolean })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_RETURN_VALUE' }),
    );
    expect(() => fs.cpSync('/f', '/g', { mode: fs.constants.COPYFILE_EXCL })).not.toThrow();
    expect(() => fs.cpSync('/f', '/g', { mode: fs.constants.COPYFILE_EXCL })).toThrow(
      expect.objectContaining({ code: 'EEXIST', syscall: 'copyfile' }),
    );
    expect(() => fs.cpSync('/f', '/f/x/y')).toThrow(
      expect.objectContaining({ code: 'ENOTDIR', syscall: 'mkdir' }),
    );
  });

  test('cp can keep modification times', () => {
    let now = 1_000;
    const mfs = new MemoryFileSystem({ clock: () => now });
    const fs = createNodeFs(mfs);
    fs.mkdirSync('/src');
    fs.writeFileSync('/src/a', 'a');
    now = 9_000;
    fs.cpSync('/src', '/kept', { recursive: true, preserveTimestamps: true });
    fs.cpSync('/src', '/fresh', { recursive: true });
    expect(fs.statSync('/kept/a').mtimeMs).toBe(1_000);
    expect(fs.statSync('/fresh/a').mtimeMs).toBe(9_000);
  });
});

describe('routing each call to the current filesystem', () => {
  test('two concurrent async tasks in different contexts see only their own files', async () => {
    const current = new AsyncLocalStorage<MemoryFileSystem>();
    const fs = createNodeFs(() => {
      const mfs = current.getStore();
      if (mfs === undefined) throw new Error('no filesystem in this context');
      return mfs;
    });
    const task = (name: string) =>
      current.run(new MemoryFileSystem(), async () => {
        await fs.promises.writeFile('/who', name);
        await delay(5);
        const seen = await fs.promises.readFile('/who', 'utf8');
        await delay(5);
        fs.appendFileSync('/who', '!');
        return [seen, fs.readFileSync('/who', 'utf8'), fs.readdirSync('/')];
      });
    const [a, b] = await Promise.all([task('a'), task('b')]);
    expect(a).toEqual(['a', 'a!', ['who']]);
    expect(b).toEqual(['b', 'b!', ['who']]);
    expect(() => fs.readdirSync('/')).toThrow('no filesystem in this context');
    expect(() => createNodeFs(() => 'x' as unknown as MemoryFileSystem).readdirSync('/')).toThrow(TypeError);
    expect(() => createNodeFs(() => null as unknown as MemoryFileSystem).readdirSync('/')).toThrow(
      /got null/,
    );
  });
});
