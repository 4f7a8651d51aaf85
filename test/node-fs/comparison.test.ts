/**
 * The same calls on `createNodeFs` and on the real `node:fs` in a fresh temporary directory must give
 * the same results (normalized: contents, sorted listings, kinds and sizes) and the same errors
 * (`code`, `syscall`, `name` and message, with the temporary root taken out).
 */
import * as realFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MemoryFileSystem } from '../../src/index.js';
import { createNodeFs } from '../../src/node-fs/index.js';

type Fs = typeof realFs;
/** Maps a scenario path (`/f`) onto the filesystem under test. */
type At = (path: string) => string;

interface Scenario {
  readonly name: string;
  readonly run: (fs: Fs, at: At) => unknown;
}

const BAD_FD = 999_999;
const roots: string[] = [];

afterAll(() => {
  for (const root of roots) realFs.rmSync(root, { recursive: true, force: true });
});

/** The tree every scenario starts from. */
function seed(fs: Fs, at: At): void {
  fs.writeFileSync(at('/f'), 'hello');
  fs.mkdirSync(at('/dir/sub'), { recursive: true });
  fs.writeFileSync(at('/dir/sub/x'), 'x');
  fs.writeFileSync(at('/dir/y'), 'yy');
  fs.mkdirSync(at('/empty'));
}

function normalize(value: unknown, root: string): unknown {
  if (typeof value === 'string') return root === '' ? value : value.replaceAll(root, '');
  if (Buffer.isBuffer(value)) return { bytes: value.toString('latin1') };
  if (
    value instanceof realFs.Dirent ||
    (value !== null && typeof value === 'object' && 'parentPath' in value)
  ) {
    const dirent = value as realFs.Dirent;
    return [dirent.name, dirent.isDirectory() ? 'dir' : 'file', normalize(dirent.parentPath, root)];
  }
  if (Array.isArray(value)) {
    return value
      .map((item) => normalize(item, root))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  if (value !== null && typeof value === 'object' && 'isFile' in value && 'mtimeMs' in value) {
    const stats = value as realFs.Stats;
    return {
      file: stats.isFile(),
      directory: stats.isDirectory(),
      link: stats.isSymbolicLink(),
      size: stats.isFile() ? stats.size : 'dir',
    };
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalize(item, root)]));
  }
  return value;
}

interface Outcome {
  ok?: unknown;
  error?: { name: string; code: unknown; syscall: unknown; message: string };
}

async function outcome(scenario: Scenario, fs: Fs, root: string): Promise<Outcome> {
  const at: At = (path) => `${root}${path}`;
  seed(fs, at);
  try {
    return { ok: normalize(await scenario.run(fs, at), root) };
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    return {
      error: {
        name: error.name,
        code: error.code,
        syscall: error.syscall,
        message: root === '' ? error.message : error.message.replaceAll(root, ''),
      },
    };
  }
}

function withFd<T>(fs: Fs, path: string, flags: string, use: (fd: number) => T): T {
  const fd = fs.openSync(path, flags);
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}

const callback =
  <T>(call: (done: (error: Error | null, result?: T) => void) => void) =>
  () =>
    new Promise<T | undefined>((resolve, reject) =>
      call((error, result) => (error ? reject(error) : resolve(result))),
    );

const scenarios: Scenario[] = [
  // readFile
  { name: 'readFile as text', run: (fs, at) => fs.readFileSync(at('/f'), 'utf8') },
  { name: 'readFile as bytes', run: (fs, at) => fs.readFileSync(at('/dir/y')) },
  { name: 'readFile of a missing file', run: (fs, at) => fs.readFileSync(at('/nope')) },
  { name: 'readFile of a directory', run: (fs, at) => fs.readFileSync(at('/dir'), 'utf8') },
  { name: 'readFile of a file with a trailing slash', run: (fs, at) => fs.readFileSync(at('/f/')) },
  { name: 'readFile through a file', run: (fs, at) => fs.readFileSync(at('/f/x')) },
  {
    name: 'readFile with flag a+ creates',
    run: (fs, at) => [
      fs.readFileSync(at('/new'), { flag: 'a+', encoding: 'utf8' }),
      fs.existsSync(at('/new')),
    ],
  },
  {
    name: 'readFile with flag w+ truncates',
    run: (fs, at) => [
      fs.readFileSync(at('/f'), { flag: 'w+', encoding: 'utf8' }),
      fs.statSync(at('/f')).size,
    ],
  },
  { name: 'promises.readFile of a directory', run: (fs, at) => fs.promises.readFile(at('/dir')) },
  {
    name: 'callback readFile of a missing file',
    run: (fs, at) => callback<Buffer>((done) => fs.readFile(at('/nope'), done))(),
  },
  // writeFile, appendFile
  {
    name: 'writeFile creates',
    run: (fs, at) => {
      fs.writeFileSync(at('/new'), 'data');
      return fs.readFileSync(at('/new'), 'utf8');
    },
  },
  {
    name: 'writeFile replaces',
    run: (fs, at) => {
      fs.writeFileSync(at('/f'), 'hi');
      return fs.readFileSync(at('/f'), 'utf8');
    },
  },
  {
    name: 'writeFile with an encoding',
    run: (fs, at) => {
      fs.writeFileSync(at('/f'), '68656c6c6f', 'hex');
      return fs.readFileSync(at('/f'), 'utf8');
    },
  },
  { name: 'writeFile without a parent', run: (fs, at) => fs.writeFileSync(at('/nope/x'), 'x') },
  { name: 'writeFile onto a directory', run: (fs, at) => fs.writeFileSync(at('/dir'), 'x') },
  { name: 'writeFile with wx onto a file', run: (fs, at) => fs.writeFileSync(at('/f'), 'x', { flag: 'wx' }) },
  { name: 'writeFile with ax onto a file', run: (fs, at) => fs.writeFileSync(at('/f'), 'x', { flag: 'ax' }) },
  {
    name: 'writeFile to a name with a trailing slash',
    run: (fs, at) => fs.writeFileSync(at('/newfile/'), 'x'),
  },
  { name: 'writeFile through a file', run: (fs, at) => fs.writeFileSync(at('/f/x'), 'x') },
  {
    name: 'writeFile with r+ overwrites in place',
    run: (fs, at) => {
      fs.writeFileSync(at('/f'), 'J', { flag: 'r+' });
      return fs.readFileSync(at('/f'), 'utf8');
    },
  },
  {
    name: 'writeFile with r+ on a missing file',
    run: (fs, at) => fs.writeFileSync(at('/nope'), 'x', { flag: 'r+' }),
  },
  {
    name: 'appendFile',
    run: (fs, at) => {
      fs.appendFileSync(at('/f'), ' world');
      fs.appendFileSync(at('/g'), 'g');
      return [fs.readFileSync(at('/f'), 'utf8'), fs.readFileSync(at('/g'), 'utf8')];
    },
  },
  { name: 'appendFile onto a directory', run: (fs, at) => fs.appendFileSync(at('/dir'), 'x') },
  {
    name: 'promises.writeFile then readFile',
    run: async (fs, at) => {
      await fs.promises.writeFile(at('/p'), ['a', 'b']);
      return fs.promises.readFile(at('/p'), 'utf8');
    },
  },
  // mkdir, mkdtemp
  { name: 'mkdir of an existing directory', run: (fs, at) => fs.mkdirSync(at('/dir')) },
  { name: 'mkdir over a file', run: (fs, at) => fs.mkdirSync(at('/f')) },
  { name: 'mkdir without a parent', run: (fs, at) => fs.mkdirSync(at('/nope/x')) },
  { name: 'mkdir through a file', run: (fs, at) => fs.mkdirSync(at('/f/x')) },
  { name: 'mkdir creates', run: (fs, at) => [fs.mkdirSync(at('/d')), fs.statSync(at('/d')).isDirectory()] },
  {
    name: 'recursive mkdir through a file',
    run: (fs, at) => fs.mkdirSync(at('/f/x/y'), { recursive: true }),
  },
  { name: 'recursive mkdir over a file', run: (fs, at) => fs.mkdirSync(at('/f'), { recursive: true }) },
  {
    name: 'recursive mkdir of an existing directory',
    run: (fs, at) => fs.mkdirSync(at('/dir'), { recursive: true }),
  },
  {
    name: 'recursive mkdir returns the first created',
    run: (fs, at) => fs.mkdirSync(at('/n1/n2/n3'), { recursive: true }),
  },
  { name: 'mkdtemp without a parent', run: (fs, at) => fs.mkdtempSync(at('/nope/tmp-')) },
  {
    name: 'mkdtemp creates',
    run: (fs, at) => {
      const made = fs.mkdtempSync(at('/dir/tmp-'));
      return [made.length - at('/dir/tmp-').length, fs.statSync(made).isDirectory()];
    },
  },
  // rmdir, unlink, rm
  { name: 'rmdir of a non-empty directory', run: (fs, at) => fs.rmdirSync(at('/dir')) },
  { name: 'rmdir of a file', run: (fs, at) => fs.rmdirSync(at('/f')) },
  { name: 'rmdir of a missing path', run: (fs, at) => fs.rmdirSync(at('/nope')) },
  {
    name: 'rmdir of an empty directory',
    run: (fs, at) => {
      fs.rmdirSync(at('/empty/'));
      return fs.existsSync(at('/empty'));
    },
  },
  { name: 'unlink of a directory', run: (fs, at) => fs.unlinkSync(at('/dir')) },
  { name: 'unlink of a missing file', run: (fs, at) => fs.unlinkSync(at('/nope')) },
  { name: 'unlink of a file with a trailing slash', run: (fs, at) => fs.unlinkSync(at('/f/')) },
  {
    name: 'unlink',
    run: (fs, at) => {
      fs.unlinkSync(at('/f'));
      return fs.existsSync(at('/f'));
    },
  },
  { name: 'rm of a directory without recursive', run: (fs, at) => fs.rmSync(at('/dir')) },
  { name: 'promises.rm of a directory without recursive', run: (fs, at) => fs.promises.rm(at('/dir')) },
  { name: 'rm of a missing path', run: (fs, at) => fs.rmSync(at('/nope')) },
  { name: 'rm with force of a missing path', run: (fs, at) => fs.rmSync(at('/nope'), { force: true }) },
  { name: 'rm with force through a file', run: (fs, at) => fs.rmSync(at('/f/x'), { force: true }) },
  {
    name: 'rm recursive',
    run: (fs, at) => {
      fs.rmSync(at('/dir'), { recursive: true });
      return fs.readdirSync(at('/'));
    },
  },
  {
    name: 'rm of a file',
    run: (fs, at) => {
      fs.rmSync(at('/f'));
      return fs.existsSync(at('/f'));
    },
  },
  // rename
  { name: 'rename of a missing path', run: (fs, at) => fs.renameSync(at('/nope'), at('/x')) },
  { name: 'rename of a file over a directory', run: (fs, at) => fs.renameSync(at('/f'), at('/empty')) },
  { name: 'rename of a directory over a file', run: (fs, at) => fs.renameSync(at('/empty'), at('/f')) },
  {
    name: 'rename of a directory over a non-empty one',
    run: (fs, at) => fs.renameSync(at('/empty'), at('/dir')),
  },
  { name: 'rename of a directory into itself', run: (fs, at) => fs.renameSync(at('/dir'), at('/dir/sub/z')) },
  { name: 'rename without a destination parent', run: (fs, at) => fs.renameSync(at('/f'), at('/nope/z')) },
  { name: 'rename through a file', run: (fs, at) => fs.renameSync(at('/dir/y'), at('/f/z')) },
  { name: 'rename of a file with a trailing slash', run: (fs, at) => fs.renameSync(at('/f/'), at('/f2')) },
  {
    name: 'rename replaces a file',
    run: (fs, at) => {
      fs.renameSync(at('/f'), at('/dir/y'));
      return [fs.readFileSync(at('/dir/y'), 'utf8'), fs.existsSync(at('/f'))];
    },
  },
  {
    name: 'rename of a directory over an empty one',
    run: (fs, at) => {
      fs.renameSync(at('/dir'), at('/empty'));
      return fs.readdirSync(at('/empty'), { recursive: true });
    },
  },
  {
    name: 'rename onto itself',
    run: (fs, at) => {
      fs.renameSync(at('/f'), at('/f'));
      return fs.readFileSync(at('/f'), 'utf8');
    },
  },
  // stat, lstat, access, exists
  { name: 'stat of a file', run: (fs, at) => fs.statSync(at('/f')) },
  { name: 'lstat of a directory', run: (fs, at) => fs.lstatSync(at('/dir')) },
  { name: 'stat of a missing path', run: (fs, at) => fs.statSync(at('/nope')) },
  { name: 'lstat of a missing path', run: (fs, at) => fs.lstatSync(at('/nope')) },
  { name: 'stat of a file with a trailing slash', run: (fs, at) => fs.statSync(at('/f/')) },
  {
    name: 'stat with throwIfNoEntry false',
    run: (fs, at) => fs.statSync(at('/nope'), { throwIfNoEntry: false }),
  },
  {
    name: 'stat with throwIfNoEntry false through a file',
    run: (fs, at) => fs.statSync(at('/f/x'), { throwIfNoEntry: false }),
  },
  { name: 'promises.stat of a missing path', run: (fs, at) => fs.promises.stat(at('/nope')) },
  { name: 'access of a missing path', run: (fs, at) => fs.accessSync(at('/nope')) },
  { name: 'access X_OK of a file', run: (fs, at) => fs.accessSync(at('/f'), fs.constants.X_OK) },
  {
    name: 'access R_OK | W_OK of a file',
    run: (fs, at) => fs.accessSync(at('/f'), fs.constants.R_OK | fs.constants.W_OK),
  },
  {
    name: 'exists',
    run: (fs, at) => [
      fs.existsSync(at('/f')),
      fs.existsSync(at('/f/')),
      fs.existsSync(at('/nope')),
      fs.existsSync(at('/dir/')),
    ],
  },
  // readdir
  { name: 'readdir', run: (fs, at) => fs.readdirSync(at('/dir')) },
  { name: 'readdir with file types', run: (fs, at) => fs.readdirSync(at('/dir'), { withFileTypes: true }) },
  { name: 'readdir recursive', run: (fs, at) => fs.readdirSync(at('/dir'), { recursive: true }) },
  {
    name: 'readdir recursive with file types',
    run: (fs, at) => fs.readdirSync(at('/dir'), { recursive: true, withFileTypes: true }),
  },
  { name: 'readdir of a file', run: (fs, at) => fs.readdirSync(at('/f')) },
  { name: 'readdir of a missing path', run: (fs, at) => fs.readdirSync(at('/nope')) },
  {
    name: 'promises.readdir as buffers',
    run: (fs, at) => fs.promises.readdir(at('/dir'), { encoding: 'buffer' }),
  },
  // copyFile
  {
    name: 'copyFile with COPYFILE_EXCL onto a file',
    run: (fs, at) => fs.copyFileSync(at('/f'), at('/dir/y'), fs.constants.COPYFILE_EXCL),
  },
  { name: 'copyFile of a missing file', run: (fs, at) => fs.copyFileSync(at('/nope'), at('/g')) },
  { name: 'copyFile of a directory', run: (fs, at) => fs.copyFileSync(at('/dir'), at('/g')) },
  { name: 'copyFile onto a directory', run: (fs, at) => fs.copyFileSync(at('/f'), at('/dir')) },
  {
    name: 'copyFile without a destination parent',
    run: (fs, at) => fs.copyFileSync(at('/f'), at('/nope/g')),
  },
  {
    name: 'copyFile replaces',
    run: (fs, at) => {
      fs.copyFileSync(at('/f'), at('/dir/y'));
      fs.copyFileSync(at('/f'), at('/g'));
      return [fs.readFileSync(at('/dir/y'), 'utf8'), fs.readFileSync(at('/g'), 'utf8')];
    },
  },
  {
    name: 'copyFile onto itself',
    run: (fs, at) => {
      fs.copyFileSync(at('/f'), at('/f'));
      return fs.readFileSync(at('/f'), 'utf8');
    },
  },
  // descriptors
  { name: 'open of a missing file', run: (fs, at) => fs.openSync(at('/nope'), 'r') },
  { name: 'open of a directory for writing', run: (fs, at) => fs.openSync(at('/dir'), 'w') },
  { name: 'open of a directory with wx', run: (fs, at) => fs.openSync(at('/dir'), 'wx') },
  { name: 'open of a new name with a trailing slash', run: (fs, at) => fs.openSync(at('/new/'), 'a') },
  {
    name: 'read from a directory fd',
    run: (fs, at) => withFd(fs, at('/dir'), 'r', (fd) => fs.readSync(fd, Buffer.alloc(3))),
  },
  { name: 'close of a bad fd', run: (fs) => fs.closeSync(BAD_FD) },
  { name: 'read from a bad fd', run: (fs) => fs.readSync(BAD_FD, Buffer.alloc(1)) },
  { name: 'fstat of a bad fd', run: (fs) => fs.fstatSync(BAD_FD) },
  {
    name: 'write to a read-only fd',
    run: (fs, at) => withFd(fs, at('/f'), 'r', (fd) => fs.writeSync(fd, 'x')),
  },
  {
    name: 'read from a write-only fd',
    run: (fs, at) => withFd(fs, at('/f'), 'a', (fd) => fs.readSync(fd, Buffer.alloc(1))),
  },
  {
    name: 'ftruncate of a read-only fd',
    run: (fs, at) => withFd(fs, at('/f'), 'r', (fd) => fs.ftruncateSync(fd, 1)),
  },
  {
    name: 'sequential and positional reads',
    run: (fs, at) =>
      withFd(fs, at('/f'), 'r', (fd) => {
        const b = Buffer.alloc(5);
        return [
          fs.readSync(fd, b, 0, 2, null),
          fs.readSync(fd, b, 2, 2, 0),
          fs.readSync(fd, b, 4, 1, null),
          b.toString(),
        ];
      }),
  },
  {
    name: 'a+ appends whatever the position',
    run: (fs, at) =>
      withFd(fs, at('/f'), 'a+', (fd) => {
        fs.writeSync(fd, '!', 0);
        const b = Buffer.alloc(10);
        return [fs.readSync(fd, b, 0, 10, 0), b.toString('utf8', 0, 6)];
      }),
  },
  {
    name: 'r+ writes in place',
    run: (fs, at) => {
      withFd(fs, at('/f'), 'r+', (fd) => fs.writeSync(fd, 'J'));
      return fs.readFileSync(at('/f'), 'utf8');
    },
  },
  {
    name: 'w+ truncates and reads back',
    run: (fs, at) =>
      withFd(fs, at('/f'), 'w+', (fd) => {
        fs.writeSync(fd, 'abc');
        const b = Buffer.alloc(3);
        return [fs.readSync(fd, b, 0, 3, 0), b.toString()];
      }),
  },
  {
    name: 'wx+ on a new file',
    run: (fs, at) =>
      withFd(fs, at('/n'), 'wx+', (fd) => [
        fs.writeSync(fd, Buffer.from('xyz'), 1, 2),
        fs.fstatSync(fd).size,
      ]),
  },
  {
    name: 'writing past the end zero-fills',
    run: (fs, at) => {
      withFd(fs, at('/f'), 'r+', (fd) => fs.writeSync(fd, 'Z', 7));
      return fs.readFileSync(at('/f'));
    },
  },
  {
    name: 'ftruncate extends with zeros',
    run: (fs, at) => {
      withFd(fs, at('/f'), 'r+', (fd) => fs.ftruncateSync(fd, 8));
      return fs.readFileSync(at('/f'));
    },
  },
  {
    name: 'readFile and writeFile through an fd',
    run: (fs, at) =>
      withFd(fs, at('/f'), 'r+', (fd) => {
        fs.readSync(fd, Buffer.alloc(2));
        const rest = fs.readFileSync(fd, 'utf8');
        fs.writeFileSync(fd, '!');
        return [rest];
      }).concat(fs.readFileSync(at('/f'), 'utf8')),
  },
  {
    name: 'readv and writev',
    run: (fs, at) => {
      const a = Buffer.alloc(2);
      const b = Buffer.alloc(9);
      const result = withFd(fs, at('/f'), 'r+', (fd) => [
        fs.readvSync(fd, [a, b], 0),
        a.toString(),
        b.toString('utf8', 0, 3),
        fs.writevSync(fd, [Buffer.from('A'), Buffer.from('B')], 5),
      ]);
      return [...result, fs.readFileSync(at('/f'), 'utf8')];
    },
  },
  // truncate
  {
    name: 'utimes sets the modification time (numbers are seconds, Dates and numeric strings too)',
    run: (fs, at) => {
      fs.utimesSync(at('/f'), 1, 1_000_000);
      const fromSeconds = fs.statSync(at('/f')).mtimeMs;
      fs.utimesSync(at('/dir'), new Date(5_000), new Date(2_000_000));
      fs.lutimesSync(at('/dir/y'), '7', '3000000');
      return [fromSeconds, fs.statSync(at('/dir')).mtimeMs, fs.statSync(at('/dir/y')).mtimeMs];
    },
  },
  {
    name: 'futimes and promises.utimes',
    run: async (fs, at) => {
      const fd = fs.openSync(at('/f'), 'r');
      fs.futimesSync(fd, 0, 4_000_000);
      fs.closeSync(fd);
      const viaFd = fs.statSync(at('/f')).mtimeMs;
      await fs.promises.utimes(at('/dir/y'), 0, 5_000_000);
      return [viaFd, fs.statSync(at('/dir/y')).mtimeMs];
    },
  },
  { name: 'utimes of a missing file', run: (fs, at) => fs.utimesSync(at('/nope'), 1, 1) },
  { name: 'utimes with a bad time', run: (fs, at) => fs.utimesSync(at('/f'), 1, {} as Date) },
  { name: 'truncate of a missing file', run: (fs, at) => fs.truncateSync(at('/nope'), 3) },
  { name: 'truncate of a directory', run: (fs, at) => fs.truncateSync(at('/dir'), 3) },
  {
    name: 'truncate extends with zeros',
    run: (fs, at) => {
      fs.truncateSync(at('/f'), 7);
      return fs.readFileSync(at('/f'));
    },
  },
  {
    name: 'truncate shrinks, negative means 0',
    run: (fs, at) => {
      fs.truncateSync(at('/f'), 2);
      fs.truncateSync(at('/dir/y'), -1);
      return [fs.readFileSync(at('/f'), 'utf8'), fs.statSync(at('/dir/y')).size];
    },
  },
  // realpath, readlink
  { name: 'realpath normalizes', run: (fs, at) => fs.realpathSync(at('/dir/sub/../y')) },
  { name: 'realpath of a missing path', run: (fs, at) => fs.realpathSync(at('/nope')) },
  { name: 'realpath.native of a missing path', run: (fs, at) => fs.realpathSync.native(at('/nope')) },
  { name: 'promises.realpath of a missing path', run: (fs, at) => fs.promises.realpath(at('/nope')) },
  {
    name: 'callback realpath of a missing path',
    run: (fs, at) => callback<string>((done) => fs.realpath(at('/nope'), done))(),
  },
  { name: 'readlink of a file', run: (fs, at) => fs.readlinkSync(at('/f')) },
  { name: 'readlink of a missing path', run: (fs, at) => fs.readlinkSync(at('/nope')) },
  // cp
  { name: 'cp of a directory without recursive', run: (fs, at) => fs.cpSync(at('/dir'), at('/dir2')) },
  {
    name: 'promises.cp of a directory without recursive',
    run: (fs, at) => fs.promises.cp(at('/dir'), at('/dir2')),
  },
  { name: 'cp onto itself', run: (fs, at) => fs.cpSync(at('/f'), at('/f')) },
  {
    name: 'cp into its own subdirectory',
    run: (fs, at) => fs.cpSync(at('/dir'), at('/dir/sub/q'), { recursive: true }),
  },
  {
    name: 'cp of a directory onto a file',
    run: (fs, at) => fs.cpSync(at('/dir'), at('/f'), { recursive: true }),
  },
  { name: 'cp of a file onto a directory', run: (fs, at) => fs.cpSync(at('/f'), at('/empty')) },
  {
    name: 'cp with errorOnExist',
    run: (fs, at) => fs.cpSync(at('/f'), at('/dir/y'), { force: false, errorOnExist: true }),
  },
  {
    name: 'cp without force keeps the target',
    run: (fs, at) => {
      fs.cpSync(at('/f'), at('/dir/y'), { force: false });
      return fs.readFileSync(at('/dir/y'), 'utf8');
    },
  },
  { name: 'cp of a missing path', run: (fs, at) => fs.cpSync(at('/nope'), at('/zz')) },
  {
    name: 'cp creates the parents',
    run: (fs, at) => {
      fs.cpSync(at('/f'), at('/new1/new2/f'));
      return fs.readFileSync(at('/new1/new2/f'), 'utf8');
    },
  },
  {
    name: 'cp recursive copies a tree',
    run: (fs, at) => {
      fs.cpSync(at('/dir'), at('/copy'), { recursive: true });
      return [fs.readdirSync(at('/copy'), { recursive: true }), fs.readFileSync(at('/copy/sub/x'), 'utf8')];
    },
  },
  {
    name: 'cp recursive merges into a directory',
    run: (fs, at) => {
      fs.cpSync(at('/dir'), at('/empty'), { recursive: true, filter: (src) => !src.endsWith('y') });
      return fs.readdirSync(at('/empty'), { recursive: true });
    },
  },
  {
    name: 'promises.cp with an async filter',
    run: async (fs, at) => {
      await fs.promises.cp(at('/dir'), at('/c'), {
        recursive: true,
        filter: async (src) => !src.endsWith('x'),
      });
      return fs.readdirSync(at('/c'), { recursive: true });
    },
  },
  // argument errors
  { name: 'a path with a NUL byte', run: (fs, at) => fs.statSync(at('/a\0b')) },
  { name: 'a path of the wrong type', run: (fs) => fs.statSync(12 as unknown as string) },
  { name: 'a URL of another scheme', run: (fs) => fs.statSync(new URL('http://example.com/x')) },
  { name: 'a file URL with a host', run: (fs) => fs.statSync(new URL('file://host/x')) },
  { name: 'a file URL with an encoded slash', run: (fs) => fs.statSync(new URL('file:///a%2Fb')) },
  {
    name: 'a callback that is missing',
    run: (fs, at) => (fs.stat as unknown as (path: string) => void)(at('/f')),
  },
  { name: 'an unknown encoding', run: (fs, at) => fs.readFileSync(at('/f'), 'nope' as BufferEncoding) },
  { name: 'an unknown flag', run: (fs, at) => fs.readFileSync(at('/f'), { flag: 'z' }) },
  { name: 'data of the wrong type', run: (fs, at) => fs.writeFileSync(at('/f'), 12 as unknown as string) },
  { name: 'a negative fd', run: (fs) => fs.fstatSync(-1) },
  { name: 'a fractional fd', run: (fs) => fs.fstatSync(1.5) },
  { name: 'a bad mode', run: (fs, at) => fs.mkdirSync(at('/m'), { mode: 'zz' as unknown as number }) },
  {
    name: 'a length past the buffer',
    run: (fs, at) => withFd(fs, at('/f'), 'r', (fd) => fs.readSync(fd, Buffer.alloc(2), 0, 5, 0)),
  },
  { name: 'an access mode out of range', run: (fs, at) => fs.accessSync(at('/f'), 99) },
  { name: 'a copyFile mode out of range', run: (fs, at) => fs.copyFileSync(at('/f'), at('/h'), 99) },
  { name: 'options of the wrong type', run: (fs, at) => fs.readdirSync(at('/'), 5 as unknown as undefined) },
];

describe('createNodeFs behaves like node:fs', () => {
  test.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
    '%s',
    async (_name, scenario) => {
      const root = realFs.mkdtempSync(join(tmpdir(), 'dmemfs-node-fs-'));
      roots.push(root);
      const real = await outcome(scenario, realFs, root);
      const virtual = await outcome(scenario, createNodeFs(new MemoryFileSystem()) as unknown as Fs, '');
      expect(virtual).toEqual(real);
    },
  );
});
