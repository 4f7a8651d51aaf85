/**
 * The async view: D-MemFS's test_async.py inventory (22 cases), then the parts dmemfs adds: one view
 * per filesystem, async iterables, the full handle surface and argument errors as rejections.
 */
import { describe, expect, test } from 'vitest';
import {
  AsyncMemoryFileHandle,
  AsyncMemoryFileSystem,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileHandle,
  MemoryFileSystem,
  MFSQuotaExceededError,
  MFSTextHandle,
  NotADirectoryError,
  SEEK_CUR,
  SEEK_END,
  UnsupportedOperationError,
} from '../../src/index.js';
import { expectConsistentStats } from '../helpers.js';

const MiB = 1024 * 1024;

/** D-MemFS's `async_mfs` fixture: a 1 MiB filesystem. */
function asyncMfs(): AsyncMemoryFileSystem {
  return new AsyncMemoryFileSystem({ maxQuota: MiB });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('test_async.py', () => {
  test('write and read back through async handles', async () => {
    const afs = asyncMfs();
    const writer = await afs.open('/hello.bin', 'wb');
    expect(await writer.write(Buffer.from('hello async world'))).toBe(17);
    await writer.close();
    const reader = await afs.open('/hello.bin', 'rb');
    expect((await reader.read()).toString()).toBe('hello async world');
    await reader.close();
  });

  test('mkdir and listdir', async () => {
    const afs = asyncMfs();
    await afs.mkdir('/d/sub1');
    await afs.mkdir('/d/sub2');
    expect((await afs.listdir('/d')).sort()).toEqual(['sub1', 'sub2']);
  });

  test('await using closes the handle', async () => {
    const afs = asyncMfs();
    let escaped: AsyncMemoryFileHandle;
    {
      await using f = await afs.open('/ctx.bin', 'wb');
      await f.write(Buffer.from('ctx'));
      escaped = f;
      expect(f.closed).toBe(false);
    }
    expect(escaped.closed).toBe(true);
    expect((await afs.readFile('/ctx.bin')).toString()).toBe('ctx');
    await afs.remove('/ctx.bin'); // nothing holds it any more
  });

  test('opening a missing file rejects with FileNotFoundError', async () => {
    const afs = asyncMfs();
    await expect(afs.open('/nonexistent.bin', 'rb')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  test('a write over the quota rejects with MFSQuotaExceededError', async () => {
    const afs = asyncMfs();
    await using f = await afs.open('/big.bin', 'wb');
    await expect(f.write(Buffer.alloc(2 * MiB))).rejects.toBeInstanceOf(MFSQuotaExceededError);
    expect(await f.tell()).toBe(0);
  });

  test('stat', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/s.bin', 'data');
    const stat = await afs.stat('/s.bin');
    expect(stat.size).toBe(4);
    expect(stat.isDir).toBe(false);
    expect(typeof stat.createdAt).toBe('number');
    expect(typeof stat.modifiedAt).toBe('number');
  });

  test('copy, remove and exists', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/src.bin', 'copy me');
    await afs.copy('/src.bin', '/dst.bin');
    expect(await afs.exists('/dst.bin')).toBe(true);
    expect((await afs.readFile('/dst.bin')).toString()).toBe('copy me');
    await afs.remove('/src.bin');
    expect(await afs.exists('/src.bin')).toBe(false);
  });

  test('importTree and exportTree', async () => {
    const afs = asyncMfs();
    await afs.importTree({ '/a/x.bin': Buffer.from('x'), '/a/y.bin': 'y' });
    const exported = await afs.exportTree('/a');
    expect([...exported.keys()]).toEqual(['/a/x.bin', '/a/y.bin']);
    expect(exported.get('/a/y.bin')!.toString()).toBe('y');
  });

  test('walk', async () => {
    const afs = asyncMfs();
    await afs.mkdir('/dir/sub');
    await afs.writeFile('/dir/f.bin', 'f');
    const [first] = await collect(afs.walk('/dir'));
    expect(first).toEqual(['/dir', ['sub'], ['f.bin']]);
  });

  test('ten concurrent tasks create ten files', async () => {
    const afs = asyncMfs();
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await using f = await afs.open(`/file_${i}.bin`, 'wb');
        await f.write(Buffer.from(`content_${i}`));
      }),
    );
    expect((await afs.listdir('/')).length).toBe(10);
    for (let i = 0; i < 10; i++) expect(await afs.readFile(`/file_${i}.bin`, 'utf8')).toBe(`content_${i}`);
  });

  test('glob', async () => {
    const afs = asyncMfs();
    await afs.mkdir('/dir/sub');
    await afs.writeFile('/dir/a.txt', 'a');
    await afs.writeFile('/dir/sub/b.txt', 'b');
    await afs.writeFile('/dir/c.bin', 'c');
    expect(await afs.glob('/dir/**/*.txt')).toEqual(['/dir/a.txt', '/dir/sub/b.txt']);
  });

  test('rename', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/old.bin', 'r');
    await afs.rename('/old.bin', '/new.bin');
    expect(await afs.exists('/old.bin')).toBe(false);
    expect(await afs.readFile('/new.bin', 'utf8')).toBe('r');
  });

  test('move creates the destination parents', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/m.bin', 'm');
    await afs.move('/m.bin', '/deep/er/m.bin');
    expect(await afs.isFile('/deep/er/m.bin')).toBe(true);
  });

  test('rmtree frees the quota', async () => {
    const afs = asyncMfs();
    await afs.mkdir('/t');
    await afs.writeFile('/t/a.bin', 'aaaa');
    await afs.rmtree('/t');
    expect(await afs.exists('/t')).toBe(false);
    expect((await afs.stats()).usedBytes).toBe(0);
  });

  test('copyTree', async () => {
    const afs = asyncMfs();
    await afs.importTree({ '/s/a.bin': 'a', '/s/d/b.bin': 'b' });
    await afs.copyTree('/s', '/t');
    expect(await afs.readFile('/t/d/b.bin', 'utf8')).toBe('b');
    expectConsistentStats(afs.sync);
  });

  test('handle seek and tell', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/st.bin', 'hello world');
    await using f = await afs.open('/st.bin', 'rb');
    expect(await f.seek(6)).toBe(6);
    expect(await f.tell()).toBe(6);
    expect((await f.read()).toString()).toBe('world');
    expect(await f.seek(-5, SEEK_END)).toBe(6);
    expect(await f.seek(-1, SEEK_CUR)).toBe(5);
  });

  test('isDir', async () => {
    const afs = asyncMfs();
    await afs.mkdir('/d');
    await afs.writeFile('/f', 'x');
    expect(await afs.isDir('/d')).toBe(true);
    expect(await afs.isDir('/f')).toBe(false);
    expect(await afs.isDir('/missing')).toBe(false);
  });

  test('stats', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/x.bin', 'stats');
    const stats = await afs.stats();
    expect(stats.usedBytes).toBeGreaterThan(0);
    expect(stats.quotaBytes).toBe(MiB);
    expect(stats.fileCount).toBe(1);
  });

  test('getSize', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/five.bin', '12345');
    expect(await afs.getSize('/five.bin')).toBe(5);
  });

  test('isFile', async () => {
    const afs = asyncMfs();
    await afs.mkdir('/d');
    await afs.writeFile('/f', 'x');
    expect(await afs.isFile('/f')).toBe(true);
    expect(await afs.isFile('/d')).toBe(false);
    expect(await afs.isFile('/missing')).toBe(false);
  });

  test('handle capability methods, flush and truncate', async () => {
    const afs = asyncMfs();
    {
      await using f = await afs.open('/cap.bin', 'wb');
      expect(await f.writable()).toBe(true);
      expect(await f.readable()).toBe(false);
      expect(await f.seekable()).toBe(true);
      await f.write(Buffer.from('abcdef'));
      await f.flush();
      expect(await f.truncate(3)).toBe(3);
    }
    expect(await afs.readFile('/cap.bin', 'utf8')).toBe('abc');
  });

  test('exportAsBuffer', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/e.bin', 'export');
    const copy = await afs.exportAsBuffer('/e.bin');
    expect(copy.toString()).toBe('export');
    copy.fill(0);
    expect(await afs.readFile('/e.bin', 'utf8')).toBe('export');
  });
});

describe('one filesystem, two views', () => {
  test('mfs.promises is one object, and its sync is the facade', () => {
    const mfs = new MemoryFileSystem();
    expect(mfs.promises).toBe(mfs.promises);
    expect(mfs.promises.sync).toBe(mfs);
    expect(mfs.promises).toBeInstanceOf(AsyncMemoryFileSystem);
  });

  test('new AsyncMemoryFileSystem(options) has one sync facade, whose promises is the view', () => {
    const afs = new AsyncMemoryFileSystem({ maxQuota: 4096, maxNodes: 3 });
    expect(afs.sync).toBeInstanceOf(MemoryFileSystem);
    expect(afs.sync).toBe(afs.sync);
    expect(afs.sync.promises).toBe(afs);
    expect(afs.sync.stats().quotaBytes).toBe(4096);
  });

  test('both views share the tree, the quota and the locks', async () => {
    const mfs = new MemoryFileSystem({ maxQuota: 1000, chunkOverheadOverride: 0 });
    const afs = mfs.promises;
    mfs.writeFile('/a.bin', Buffer.alloc(600));
    await expect(afs.writeFile('/b.bin', Buffer.alloc(600))).rejects.toBeInstanceOf(MFSQuotaExceededError);
    await afs.writeFile('/b.bin', Buffer.alloc(400));
    expect(mfs.stats().usedBytes).toBe(1000);
    await using held = await afs.open('/a.bin', 'r+b');
    expect(() => mfs.open('/a.bin', 'rb')).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    expect(() => mfs.remove('/a.bin')).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    await held.close();
    mfs.remove('/a.bin');
    expect(await afs.exists('/a.bin')).toBe(false);
  });

  test('constructor options are validated as for MemoryFileSystem', () => {
    expect(() => new AsyncMemoryFileSystem({ maxQuota: -1 })).toThrow(InvalidArgumentError);
    expect(() => new AsyncMemoryFileSystem({ nope: 1 } as never)).toThrow(InvalidArgumentError);
  });
});

describe('async iterables', () => {
  test('walk is top-down and can be pruned through dirnames', async () => {
    const afs = asyncMfs();
    await afs.importTree({
      '/a/1.bin': '1',
      '/a/skip/2.bin': '2',
      '/a/keep/3.bin': '3',
      '/a/keep/deep/4.bin': '4',
    });
    const seen: string[] = [];
    for await (const [dirpath, dirnames, filenames] of afs.walk('/a')) {
      seen.push(`${dirpath}:${filenames.join(',')}`);
      const skip = dirnames.indexOf('skip');
      if (skip !== -1) dirnames.splice(skip, 1);
    }
    expect(seen).toEqual(['/a:1.bin', '/a/keep:3.bin', '/a/keep/deep:4.bin']);
  });

  test('walk of a missing path or a file rejects on the first step', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/f', 'x');
    const walk = afs.walk('/missing');
    await expect(walk.next()).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(afs.walk('/f').next()).rejects.toBeInstanceOf(NotADirectoryError);
  });

  test('walk skips directories removed while it is suspended', async () => {
    const afs = asyncMfs();
    await afs.mkdir('/r/a');
    await afs.mkdir('/r/b');
    const seen: string[] = [];
    for await (const [dirpath] of afs.walk('/r')) {
      seen.push(dirpath);
      if (dirpath === '/r') await afs.rmtree('/r/a');
    }
    expect(seen).toEqual(['/r', '/r/b']);
  });

  test('iterExportTree yields lazily, skips removed files, and honours onlyDirty', async () => {
    const afs = asyncMfs();
    await afs.importTree({ '/x/1.bin': 'one', '/x/2.bin': 'two', '/x/3.bin': 'three' });
    await afs.writeFile('/x/3.bin', 'THREE');
    const seen: [string, string][] = [];
    for await (const [path, bytes] of afs.iterExportTree('/x')) {
      seen.push([path, bytes.toString()]);
      if (path === '/x/1.bin') await afs.remove('/x/2.bin');
    }
    expect(seen).toEqual([
      ['/x/1.bin', 'one'],
      ['/x/3.bin', 'THREE'],
    ]);
    const dirty = await afs.exportTree('/', { onlyDirty: true });
    expect([...dirty.keys()]).toEqual(['/x/3.bin']);
    expect((await afs.exportTree('/x/1.bin')).get('/x/1.bin')!.toString()).toBe('one');
    expect((await afs.exportTree('/nothing')).size).toBe(0);
  });
});

describe('whole-file conveniences', () => {
  test('readFile decodes, and refuses unknown encodings before reading', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/t.txt', 'héllo');
    expect(await afs.readFile('/t.txt', 'utf8')).toBe('héllo');
    expect(await afs.readFile('/t.txt', 'base64')).toBe(Buffer.from('héllo').toString('base64'));
    await expect(afs.readFile('/t.txt', 'klingon' as BufferEncoding)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(afs.readFile('/missing', 'klingon' as BufferEncoding)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(afs.readFile('/')).rejects.toBeInstanceOf(IsADirectoryError);
  });

  test('writeFile modes match the sync API, generations included', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/w.bin', 'one');
    await afs.writeFile('/w.bin', 'two', { mode: 'ab' });
    await expect(afs.writeFile('/w.bin', 'x', { mode: 'xb' })).rejects.toBeInstanceOf(FileExistsError);
    await expect(afs.writeFile('/w.bin', 'x', { mode: 'rb' as never })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await afs.writeFile('/n.bin', '', { mode: 'xb' });
    const sync = new MemoryFileSystem({ maxQuota: MiB });
    sync.writeFile('/w.bin', 'one');
    sync.writeFile('/w.bin', 'two', { mode: 'ab' });
    expect(await afs.readFile('/w.bin', 'utf8')).toBe('onetwo');
    expect((await afs.stat('/w.bin')).generation).toBe(sync.stat('/w.bin').generation);
    expect(await afs.getSize('/n.bin')).toBe(0);
  });

  test('writeFile is atomic: a refused write leaves the file as it was', async () => {
    const afs = new AsyncMemoryFileSystem({ maxQuota: 100, chunkOverheadOverride: 0 });
    await afs.writeFile('/keep.bin', 'original');
    await expect(afs.writeFile('/keep.bin', Buffer.alloc(200))).rejects.toBeInstanceOf(MFSQuotaExceededError);
    await expect(afs.writeFile('/new.bin', Buffer.alloc(200))).rejects.toBeInstanceOf(MFSQuotaExceededError);
    expect(await afs.readFile('/keep.bin', 'utf8')).toBe('original');
    expect(await afs.exists('/new.bin')).toBe(false);
    expect((await afs.stats()).usedBytes).toBe(8);
  });

  test('exportAsBuffer checks maxSize and kinds', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/e.bin', '123456');
    await expect(afs.exportAsBuffer('/e.bin', { maxSize: 5 })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect((await afs.exportAsBuffer('/e.bin', { maxSize: 6 })).length).toBe(6);
    await expect(afs.exportAsBuffer('/')).rejects.toBeInstanceOf(IsADirectoryError);
    await expect(afs.exportAsBuffer('/missing')).rejects.toBeInstanceOf(FileNotFoundError);
  });
});

describe('AsyncMemoryFileHandle', () => {
  test('readInto, path, mode, closed and sync', async () => {
    const afs = asyncMfs();
    await afs.writeFile('/h.bin', 'abcdef');
    const f = await afs.open('h.bin', 'r');
    expect(f.path).toBe('/h.bin');
    expect(f.mode).toBe('rb');
    expect(f.sync).toBeInstanceOf(MemoryFileHandle);
    const target = new Uint8Array(4);
    expect(await f.readInto(target)).toBe(4);
    expect(Buffer.from(target).toString()).toBe('abcd');
    expect(f.sync.tell()).toBe(4);
    await f.close();
    await f.close();
    expect(f.closed).toBe(true);
    expect(f.sync.closed).toBe(true);
    await expect(f.read()).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  test('the sync handle works with MFSTextHandle', async () => {
    const afs = asyncMfs();
    {
      await using f = await afs.open('/t.txt', 'wb');
      new MFSTextHandle(f.sync).write('línea 1\nlínea 2\n');
    }
    await using f = await afs.open('/t.txt', 'rb');
    expect([...new MFSTextHandle(f.sync)]).toEqual(['línea 1\n', 'línea 2\n']);
  });

  test('handle errors reject: wrong types with TypeError, bad values with InvalidArgumentError', async () => {
    const afs = asyncMfs();
    await using f = await afs.open('/h.bin', 'wb');
    await expect(f.write('text' as never)).rejects.toBeInstanceOf(TypeError);
    await expect(f.seek(-1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(f.read()).rejects.toMatchObject({ code: 'EBADF' });
  });

  test('cannot be constructed directly', () => {
    expect(() => new AsyncMemoryFileHandle(Symbol('x'), {} as MemoryFileHandle)).toThrow(TypeError);
  });
});

describe('argument errors are rejections, not synchronous throws', () => {
  test('open', async () => {
    const afs = asyncMfs();
    const pending = afs.open(42 as never, 'rb');
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toBeInstanceOf(TypeError);
    await expect(afs.open('/a', 'rt')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(afs.open('/a', 'wb', { lockTimeout: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(afs.open('/a', 'wb', { signal: 'stop' as never })).rejects.toBeInstanceOf(TypeError);
    await expect(afs.open('/../a', 'wb')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await afs.exists('/a')).toBe(false);
  });

  test('the other methods', async () => {
    const afs = asyncMfs();
    await expect(afs.mkdir('/d', { existOk: 'yes' as never })).rejects.toBeInstanceOf(TypeError);
    await expect(afs.glob(1 as never)).rejects.toBeInstanceOf(TypeError);
    await expect(afs.importTree(null as never)).rejects.toBeInstanceOf(TypeError);
    await expect(afs.rmtree('/')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(afs.remove('/')).rejects.toBeInstanceOf(IsADirectoryError);
    await expect(afs.writeFile('/x', 5 as never)).rejects.toBeInstanceOf(TypeError);
    expect(await afs.exists('/../x')).toBe(false);
    expect(await afs.listdir('/')).toEqual([]);
  });
});

describe('streams from the async view', () => {
  test('createWriteStream and createReadStream work on the same tree', async () => {
    const afs = asyncMfs();
    const out = afs.createWriteStream('/s.bin');
    out.end('streamed');
    await new Promise((resolve, reject) => out.on('finish', resolve).on('error', reject));
    const chunks: Buffer[] = [];
    for await (const chunk of afs.createReadStream('/s.bin')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('streamed');
    expect(afs.sync.readFile('/s.bin', 'utf8')).toBe('streamed');
  });
});
