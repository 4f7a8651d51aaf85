/**
 * Real directories: `exportToDirectory` and `importFromDirectory` against the host filesystem, in a
 * fresh temporary directory per test.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ImportBudget } from '../../src/fs/index.js';
import {
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileSystem,
  MFSQuotaExceededError,
  NotADirectoryError,
} from '../../src/index.js';
import { readHostFile } from '../../src/snapshot/host-import.js';
import { expectConsistentStats, manualClock } from '../helpers.js';
import { contentsOf, listTree } from './tree-listing.js';

let work: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'dmemfs-host-'));
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const T0 = 1_600_000_000_000;

/** A tree with empty directories, binary data, nested files and distinct modification times. */
function sampleTree(): MemoryFileSystem {
  const clock = manualClock(T0);
  const mfs = new MemoryFileSystem({ clock: clock.now });
  mfs.mkdir('/data/empty/deeper');
  clock.set(T0 + 1_000);
  mfs.mkdir('/data/sub');
  clock.set(T0 + 2_345);
  mfs.writeFile('/data/sub/a.bin', Buffer.from([0, 1, 2, 255]));
  clock.set(T0 + 3_000);
  {
    using f = mfs.open('/data/log.txt', 'ab');
    f.write(Buffer.from('one '));
    f.write(Buffer.from('two'));
  }
  mfs.writeFile('/data/zero', '');
  mfs.writeFile('/outside.txt', 'not under /data');
  return mfs;
}

/** Every path under `dir` (relative, with '/'), directories marked with a trailing slash. */
function hostListing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => {
      const rel = join(d.parentPath ?? d.path, d.name)
        .slice(dir.length + 1)
        .replaceAll('\\', '/');
      return d.isDirectory() ? `${rel}/` : rel;
    })
    .sort();
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('exportToDirectory', () => {
  test('writes directories (empty ones too) and files with their modification times', async () => {
    const mfs = sampleTree();
    const target = join(work, 'new', 'out');
    const result = await mfs.exportToDirectory(target);
    expect(result).toEqual({ files: 4, directories: 4, bytes: 4 + 7 + 0 + 15 });
    expect(hostListing(target)).toEqual([
      'data/',
      'data/empty/',
      'data/empty/deeper/',
      'data/log.txt',
      'data/sub/',
      'data/sub/a.bin',
      'data/zero',
      'outside.txt',
    ]);
    expect(readFileSync(join(target, 'data/sub/a.bin'))).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(readFileSync(join(target, 'data/log.txt'), 'utf8')).toBe('one two');
    expect(Math.round(statSync(join(target, 'data/sub/a.bin')).mtimeMs)).toBe(T0 + 2_345);
    expect(Math.round(statSync(join(target, 'data/log.txt')).mtimeMs)).toBe(T0 + 3_000);
    expect(Math.round(statSync(join(target, 'data/sub')).mtimeMs)).toBe(T0 + 1_000);
    expect(Math.round(statSync(join(target, 'data/empty/deeper')).mtimeMs)).toBe(T0);
  });

  test('a prefix is written relative to the directory; a file prefix under its own name', async () => {
    const mfs = sampleTree();
    expect(await mfs.exportToDirectory(join(work, 'd'), { prefix: '/data/sub' })).toEqual({
      files: 1,
      directories: 0,
      bytes: 4,
    });
    expect(hostListing(join(work, 'd'))).toEqual(['a.bin']);
    expect(await mfs.exportToDirectory(join(work, 'f'), { prefix: '/data/log.txt' })).toEqual({
      files: 1,
      directories: 0,
      bytes: 7,
    });
    expect(readFileSync(join(work, 'f', 'log.txt'), 'utf8')).toBe('one two');
  });

  test('merges into an existing directory: other host files stay, same-named files are overwritten', async () => {
    const mfs = sampleTree();
    mkdirSync(join(work, 'data', 'sub'), { recursive: true });
    writeFileSync(join(work, 'data', 'sub', 'a.bin'), 'a much longer old content');
    writeFileSync(join(work, 'keep.txt'), 'keep');
    await mfs.exportToDirectory(work);
    expect(readFileSync(join(work, 'keep.txt'), 'utf8')).toBe('keep');
    expect(readFileSync(join(work, 'data', 'sub', 'a.bin'))).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  test('exports the tree as it was at the call, even while the filesystem changes', async () => {
    const mfs = sampleTree();
    const handle = mfs.open('/data/log.txt', 'ab'); // open for writing: exported as it is now
    const pending = mfs.exportToDirectory(work);
    handle.write(Buffer.from(' three'));
    handle.close();
    mfs.rmtree('/data/sub');
    await pending;
    expect(readFileSync(join(work, 'data/log.txt'), 'utf8')).toBe('one two');
    expect(readFileSync(join(work, 'data/sub/a.bin'))).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  test('refuses a target of the wrong kind before writing anything', async () => {
    const mfs = sampleTree();
    mkdirSync(join(work, 'data'));
    writeFileSync(join(work, 'data', 'sub'), 'a file where a directory goes');
    const wrongFile = await rejectionOf(mfs.exportToDirectory(work));
    expect(wrongFile).toBeInstanceOf(FileExistsError);
    expect(wrongFile).toMatchObject({ code: 'EEXIST', path: '/data/sub' });
    expect(hostListing(work)).toEqual(['data/', 'data/sub']);

    rmSync(join(work, 'data', 'sub'));
    mkdirSync(join(work, 'data', 'log.txt'));
    const wrongDir = await rejectionOf(mfs.exportToDirectory(work));
    expect(wrongDir).toBeInstanceOf(IsADirectoryError);
    expect(hostListing(work)).toEqual(['data/', 'data/log.txt/']);
  });

  test.skipIf(process.platform === 'win32')(
    'never writes through a symbolic link or into a special file',
    async () => {
      const mfs = sampleTree();
      const elsewhere = join(work, 'elsewhere');
      mkdirSync(elsewhere);
      const target = join(work, 'target');
      mkdirSync(join(target, 'data'), { recursive: true });
      symlinkSync(elsewhere, join(target, 'data', 'sub'));
      const throughDir = await rejectionOf(mfs.exportToDirectory(target));
      expect(throughDir).toBeInstanceOf(InvalidArgumentError);
      expect((throughDir as Error).message).toMatch(/symbolic link/);
      rmSync(join(target, 'data', 'sub'));
      writeFileSync(join(elsewhere, 'victim'), 'untouched');
      symlinkSync(join(elsewhere, 'victim'), join(target, 'outside.txt'));
      expect(await rejectionOf(mfs.exportToDirectory(target))).toBeInstanceOf(InvalidArgumentError);
      expect(readdirSync(elsewhere)).toEqual(['victim']);
      expect(readFileSync(join(elsewhere, 'victim'), 'utf8')).toBe('untouched');
      rmSync(join(target, 'outside.txt'));
      execFileSync('mkfifo', [join(target, 'outside.txt')]);
      expect(await rejectionOf(mfs.exportToDirectory(target))).toBeInstanceOf(InvalidArgumentError);
    },
  );

  test('bad arguments', async () => {
    const mfs = sampleTree();
    await expect(mfs.exportToDirectory(work, { prefix: '/missing' })).rejects.toBeInstanceOf(
      FileNotFoundError,
    );
    await expect(mfs.exportToDirectory(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    await expect(mfs.exportToDirectory('')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(mfs.exportToDirectory(work, { prefix: 1 as unknown as string })).rejects.toBeInstanceOf(
      TypeError,
    );
    writeFileSync(join(work, 'file'), '');
    await expect(mfs.exportToDirectory(join(work, 'file'))).rejects.toMatchObject({ code: 'EEXIST' });
  });
});

describe('importFromDirectory', () => {
  test('round-trips an export: contents, empty directories and modification times', async () => {
    const mfs = sampleTree();
    await mfs.exportToDirectory(work, { prefix: '/data' });
    const back = new MemoryFileSystem();
    const result = await back.importFromDirectory(work, '/data');
    expect(result).toEqual({ files: 3, directories: 3, bytes: 11 });
    expect(contentsOf(back, '/data')).toEqual(contentsOf(mfs, '/data'));
    const times = (fs: MemoryFileSystem) =>
      Object.fromEntries(
        listTree(fs, '/data')
          .filter((node) => node.path !== '/data')
          .map((node) => [node.path, node.modifiedAt]),
      );
    expect(times(back)).toEqual(times(mfs));
    expect(back.exists('/outside.txt')).toBe(false);
    expectConsistentStats(back);
  });

  test('creates the destination, keeps what is there, and replaces files with the same path', async () => {
    mkdirSync(join(work, 'empty'));
    writeFileSync(join(work, 'f.txt'), 'from host');
    const mtime = new Date(T0 + 777);
    utimesSync(join(work, 'f.txt'), mtime, mtime);
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/keep.txt', 'keep');
    mfs.mkdir('/into');
    mfs.writeFile('/into/f.txt', 'old');
    expect(await mfs.importFromDirectory(join(work, 'empty'), '/new/dest')).toEqual({
      files: 0,
      directories: 0,
      bytes: 0,
    });
    expect(mfs.isDir('/new/dest')).toBe(true);
    await mfs.importFromDirectory(work, 'into');
    expect(mfs.readFile('/into/f.txt', 'utf8')).toBe('from host');
    expect(mfs.stat('/into/f.txt').modifiedAt).toBe(T0 + 777);
    expect(mfs.isDir('/into/empty')).toBe(true);
    expect(mfs.readFile('/keep.txt', 'utf8')).toBe('keep');
    expectConsistentStats(mfs);
  });

  test.skipIf(process.platform === 'win32')(
    'follows symbolic links that stay inside, refuses those that leave',
    async () => {
      const host = join(work, 'host');
      mkdirSync(join(host, 'real'), { recursive: true });
      writeFileSync(join(host, 'real', 'file.txt'), 'inside');
      symlinkSync(join(host, 'real'), join(host, 'linked-dir'));
      symlinkSync(join(host, 'real', 'file.txt'), join(host, 'linked-file'));
      const mfs = new MemoryFileSystem();
      expect(await mfs.importFromDirectory(host)).toEqual({ files: 3, directories: 2, bytes: 18 });
      expect(mfs.readFile('/linked-dir/file.txt', 'utf8')).toBe('inside');
      expect(mfs.readFile('/linked-file', 'utf8')).toBe('inside');

      writeFileSync(join(work, 'secret'), 'outside');
      symlinkSync(join(work, 'secret'), join(host, 'escape'));
      const fresh = new MemoryFileSystem();
      fresh.writeFile('/before', 'unchanged');
      const before = listTree(fresh);
      const escaping = await rejectionOf(fresh.importFromDirectory(host));
      expect(escaping).toBeInstanceOf(InvalidArgumentError);
      expect(escaping).toMatchObject({ code: 'EINVAL', path: '/escape' });
      expect((escaping as Error).message).toContain(join(host, 'escape'));
      expect(listTree(fresh)).toEqual(before);

      rmSync(join(host, 'escape'));
      symlinkSync(work, join(host, 'real', 'up'));
      expect(await rejectionOf(fresh.importFromDirectory(host))).toMatchObject({ path: '/linked-dir/up' });
      rmSync(join(host, 'real', 'up'));
      symlinkSync(join(host, 'missing'), join(host, 'dangling'));
      expect(await rejectionOf(fresh.importFromDirectory(host))).toBeInstanceOf(InvalidArgumentError);
      rmSync(join(host, 'dangling'));
      symlinkSync(host, join(host, 'real', 'loop'));
      const loop = await rejectionOf(fresh.importFromDirectory(host));
      expect(loop).toBeInstanceOf(InvalidArgumentError);
      expect((loop as Error).message).toMatch(/leads back/);
      expect(listTree(fresh)).toEqual(before);
    },
  );

  test.skipIf(process.platform === 'win32')(
    'refuses special files and names a virtual path cannot hold',
    async () => {
      const mfs = new MemoryFileSystem();
      execFileSync('mkfifo', [join(work, 'pipe')]);
      expect(await rejectionOf(mfs.importFromDirectory(work))).toMatchObject({
        code: 'EINVAL',
        path: '/pipe',
      });
      rmSync(join(work, 'pipe'));
      writeFileSync(join(work, 'back\\slash'), '');
      expect(await rejectionOf(mfs.importFromDirectory(work))).toBeInstanceOf(InvalidArgumentError);
      expect(mfs.listdir('/')).toEqual([]);
    },
  );

  test('a host tree larger than the quota is refused before its files are read', async () => {
    writeFileSync(join(work, 'small.txt'), 'small');
    // Sparse: 10 GiB on paper, nothing on disk. Reading it would need more memory than a typed
    // array may have, so only a refusal from the listed size can give a quota error here.
    const huge = join(work, 'huge.bin');
    writeFileSync(huge, '');
    truncateSync(huge, 10 * 1024 ** 3);
    const mfs = new MemoryFileSystem({ maxQuota: 1024 * 1024 });
    mfs.writeFile('/existing', 'x');
    const before = listTree(mfs);
    const error = await rejectionOf(mfs.importFromDirectory(work));
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    // The allowance counts what replacing the existing file could give back.
    expect(error).toMatchObject({
      path: '/huge.bin',
      requested: 10 * 1024 ** 3 + 256,
      available: 1024 * 1024,
    });
    expect(listTree(mfs)).toEqual(before);
    expectConsistentStats(mfs);
  });

  test('the final check is exact: fitting by replacing files succeeds, one byte over fails', async () => {
    writeFileSync(join(work, 'f.bin'), Buffer.alloc(600));
    const mfs = new MemoryFileSystem({ maxQuota: 1000, chunkOverheadOverride: 0 });
    mfs.writeFile('/f.bin', Buffer.alloc(900));
    await mfs.importFromDirectory(work);
    expect(mfs.getSize('/f.bin')).toBe(600);
    expect(mfs.stats().usedBytes).toBe(600);
    mfs.writeFile('/other', Buffer.alloc(300));
    writeFileSync(join(work, 'g.bin'), Buffer.alloc(101));
    const error = await rejectionOf(mfs.importFromDirectory(work));
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(error).toMatchObject({ requested: 101, available: 100 });
    expect(mfs.exists('/g.bin')).toBe(false);
    expectConsistentStats(mfs);
  });

  test('bad arguments and destinations leave the filesystem as it was', async () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/file', 'x');
    writeFileSync(join(work, 'a.txt'), 'a');
    await expect(mfs.importFromDirectory(work, '/file')).rejects.toBeInstanceOf(NotADirectoryError);
    await expect(mfs.importFromDirectory(join(work, 'a.txt'))).rejects.toBeInstanceOf(NotADirectoryError);
    await expect(mfs.importFromDirectory(join(work, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(mfs.importFromDirectory(work, '/../x')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(mfs.importFromDirectory(null as unknown as string)).rejects.toBeInstanceOf(TypeError);
    await expect(mfs.importFromDirectory('a\0b')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mfs.listdir('/')).toEqual(['file']);
  });
});

describe('reading a host file whose size changed after it was listed', () => {
  test('a file that grew is read to its end, each step counted against the quota', async () => {
    const hostPath = join(work, 'grown.bin');
    const content = Buffer.alloc(150_000, 7);
    writeFileSync(hostPath, content);
    const mfs = new MemoryFileSystem({ chunkOverheadOverride: 0 });
    const budget = new ImportBudget(mfs, '/');
    budget.count('/grown.bin', 10);
    expect(await readHostFile({ path: '/grown.bin', hostPath, size: 10 }, budget)).toEqual(content);
    expect(budget.charge).toBe(150_000);

    const tight = new ImportBudget(
      new MemoryFileSystem({ maxQuota: 100_000, chunkOverheadOverride: 0 }),
      '/',
    );
    tight.count('/grown.bin', 10);
    await expect(readHostFile({ path: '/grown.bin', hostPath, size: 10 }, tight)).rejects.toBeInstanceOf(
      MFSQuotaExceededError,
    );
  });

  test.skipIf(process.platform === 'win32')(
    'a file replaced by a directory or a symbolic link since the listing is refused',
    async () => {
      const budget = new ImportBudget(new MemoryFileSystem(), '/');
      mkdirSync(join(work, 'now-a-dir'));
      await expect(
        readHostFile({ path: '/x', hostPath: join(work, 'now-a-dir'), size: 0 }, budget),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      writeFileSync(join(work, 'secret'), 'secret');
      symlinkSync(join(work, 'secret'), join(work, 'now-a-link'));
      await expect(
        readHostFile({ path: '/x', hostPath: join(work, 'now-a-link'), size: 0 }, budget),
      ).rejects.toMatchObject({ code: 'ELOOP' });
    },
  );

  test('a file that shrank gives what is left', async () => {
    const hostPath = join(work, 'shrunk.bin');
    writeFileSync(hostPath, 'short');
    const budget = new ImportBudget(new MemoryFileSystem(), '/');
    const bytes = await readHostFile({ path: '/shrunk.bin', hostPath, size: 100 }, budget);
    expect(Buffer.from(bytes).toString()).toBe('short');
  });
});
