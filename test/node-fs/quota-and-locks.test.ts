/**
 * What a view adds over a disk: a full quota is a real `ENOSPC` that leaves earlier data intact, and
 * a file held by an open engine handle (or another fd) is `EBUSY`.
 */
import { describe, expect, test } from 'vitest';
import { MemoryFileSystem } from '../../src/index.js';
import { createNodeFs } from '../../src/node-fs/index.js';

function small(maxQuota = 1024, maxNodes?: number) {
  const mfs = new MemoryFileSystem({ maxQuota, chunkOverheadOverride: 0, ...(maxNodes ? { maxNodes } : {}) });
  return { mfs, fs: createNodeFs(mfs) };
}

describe('a full quota is ENOSPC', () => {
  test('a log that outgrows the quota fails like a full disk and keeps every earlier line', () => {
    const { mfs, fs } = small(100);
    const lines: string[] = [];
    let failure: NodeJS.ErrnoException | undefined;
    for (let i = 0; i < 20; i++) {
      const line = `line ${String(i).padStart(3, '0')}\n`;
      try {
        fs.appendFileSync('/app.log', line);
        lines.push(line);
      } catch (error) {
        failure = error as NodeJS.ErrnoException;
        break;
      }
    }
    expect(failure).toMatchObject({ code: 'ENOSPC', errno: -28, syscall: 'write' });
    expect(failure?.message).toBe('ENOSPC: no space left on device, write');
    expect(lines).toHaveLength(11);
    expect(fs.readFileSync('/app.log', 'utf8')).toBe(lines.join(''));
    expect(mfs.stats().usedBytes).toBe(99);
  });

  test('writeFile over the quota leaves the old content', () => {
    const { fs } = small(64);
    fs.writeFileSync('/config.json', '{"v":1}');
    expect(() => fs.writeFileSync('/config.json', 'x'.repeat(65))).toThrow(
      expect.objectContaining({ code: 'ENOSPC', syscall: 'write' }),
    );
    expect(fs.readFileSync('/config.json', 'utf8')).toBe('{"v":1}');
  });

  test('an fd write, a truncate, a copy and a cp over the quota change nothing', async () => {
    const { mfs, fs } = small(40);
    fs.writeFileSync('/a', 'a'.repeat(30));
    const fd = fs.openSync('/a', 'r+');
    expect(() => fs.writeSync(fd, 'b'.repeat(20), 30)).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(() => fs.ftruncateSync(fd, 100)).toThrow(
      expect.objectContaining({ code: 'ENOSPC', syscall: 'ftruncate' }),
    );
    fs.closeSync(fd);
    expect(() => fs.truncateSync('/a', 100)).toThrow(
      expect.objectContaining({ code: 'ENOSPC', syscall: 'ftruncate' }),
    );
    expect(() => fs.copyFileSync('/a', '/b')).toThrow(
      expect.objectContaining({ code: 'ENOSPC', syscall: 'copyfile', path: '/a', dest: '/b' }),
    );
    fs.mkdirSync('/tree');
    fs.writeFileSync('/tree/one', '1234');
    expect(() => fs.cpSync('/tree', '/copy', { recursive: true })).not.toThrow();
    expect(() => fs.cpSync('/a', '/copy2')).toThrow(
      expect.objectContaining({ code: 'ENOSPC', syscall: 'copyfile' }),
    );
    await expect(fs.promises.cp('/a', '/copy3')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(fs.existsSync('/copy2')).toBe(false);
    expect(fs.readFileSync('/a', 'utf8')).toBe('a'.repeat(30));
    expect(mfs.stats().usedBytes).toBe(38);
  });

  test('a write stream that hits the quota errors with ENOSPC and closes its fd', async () => {
    const { fs } = small(10);
    const stream = fs.createWriteStream('/out.bin');
    const error = new Promise<NodeJS.ErrnoException>((resolve) => stream.on('error', resolve));
    const closed = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    await new Promise<void>((resolve) => stream.write(Buffer.alloc(8), () => resolve()));
    stream.write(Buffer.alloc(8));
    expect((await error).code).toBe('ENOSPC');
    await closed;
    expect(fs.statSync('/out.bin').size).toBe(8);
    expect(() => fs.unlinkSync('/out.bin')).not.toThrow();
  });

  test('the node cap is ENOSPC on the call that creates', () => {
    const { fs } = small(1024, 2);
    fs.mkdirSync('/d');
    expect(() => fs.writeFileSync('/f', 'x')).toThrow(
      expect.objectContaining({ code: 'ENOSPC', syscall: 'open', path: '/f' }),
    );
    expect(() => fs.mkdirSync('/e')).toThrow(expect.objectContaining({ code: 'ENOSPC', syscall: 'mkdir' }));
    expect(() => fs.openSync('/g', 'w')).toThrow(
      expect.objectContaining({ code: 'ENOSPC', syscall: 'open' }),
    );
    expect(fs.readdirSync('/')).toEqual(['d']);
  });

  test('statfs reports the quota as the disk', () => {
    const { fs } = small(64 * 1024);
    fs.writeFileSync('/a', Buffer.alloc(4096));
    const info = fs.statfsSync('/');
    expect(info).toMatchObject({ bsize: 4096, blocks: 16, bfree: 15, bavail: 15, files: 0, ffree: 0 });
    expect(fs.statfsSync('/', { bigint: true }).bfree).toBe(15n);
  });
});

describe('a file that is open elsewhere is EBUSY', () => {
  test('an engine handle pins its file against unlink, rename, rm and writes', () => {
    const { mfs, fs } = small();
    fs.writeFileSync('/held', 'data');
    fs.writeFileSync('/other', 'other');
    const handle = mfs.open('/held', 'rb');
    expect(() => fs.unlinkSync('/held')).toThrow(
      expect.objectContaining({ code: 'EBUSY', syscall: 'unlink', path: '/held' }),
    );
    expect(() => fs.renameSync('/held', '/moved')).toThrow(
      expect.objectContaining({ code: 'EBUSY', syscall: 'rename', path: '/held', dest: '/moved' }),
    );
    expect(() => fs.renameSync('/held', '/other')).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    expect(fs.readFileSync('/other', 'utf8')).toBe('other');
    expect(() => fs.renameSync('/other', '/held')).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    expect(() => fs.writeFileSync('/held', 'x')).toThrow(
      expect.objectContaining({ code: 'EBUSY', message: "EBUSY: resource busy or locked, open '/held'" }),
    );
    expect(() => fs.openSync('/held', 'r+')).toThrow(
      expect.objectContaining({ code: 'EBUSY', syscall: 'open' }),
    );
    expect(fs.readFileSync('/held', 'utf8')).toBe('data');
    fs.mkdirSync('/dir');
    mfs.writeFile('/dir/f', 'f');
    const inner = mfs.open('/dir/f', 'rb');
    expect(() => fs.rmSync('/dir', { recursive: true })).toThrow(
      expect.objectContaining({ code: 'EBUSY', syscall: 'rm' }),
    );
    expect(fs.existsSync('/dir/f')).toBe(true);
    inner.close();
    handle.close();
    fs.renameSync('/other', '/held');
    expect(fs.readFileSync('/held', 'utf8')).toBe('other');
  });

  test('two fds follow the engine lock: many readers or one writer', () => {
    const { fs } = small();
    fs.writeFileSync('/f', 'abc');
    const reader1 = fs.openSync('/f', 'r');
    const reader2 = fs.openSync('/f', 'r');
    expect(() => fs.openSync('/f', 'a')).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    expect(() => fs.openSync('/f', 'w')).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    expect(fs.readFileSync('/f', 'utf8')).toBe('abc');
    fs.closeSync(reader1);
    fs.closeSync(reader2);
    const writer = fs.openSync('/f', 'a');
    expect(() => fs.readFileSync('/f')).toThrow(expect.objectContaining({ code: 'EBUSY', syscall: 'open' }));
    fs.closeSync(writer);
    expect(fs.readFileSync('/f', 'utf8')).toBe('abc');
  });
});
