/**
 * `createArchive` and `writeArchive`: what goes into an archive, that a tree survives the round trip
 * through every format, and how bad arguments and failures are reported.
 */

import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  BlockingIOError,
  FileNotFoundError,
  InvalidArgumentError,
  MemoryFileSystem,
  NotADirectoryError,
} from '../../../src/index.js';
import {
  createArchive,
  expandArchive,
  expandArchiveStreaming,
  TarAdapter,
  writeArchive,
  ZipAdapter,
} from '../../../src/snapshot/archive/index.js';
import { readArchive } from '../../../src/snapshot/archive/read-archive.js';
import { treeOf } from './fs-image.js';
import { FORMATS, MemorySink, readAll } from './helpers.js';
import { MiB } from './hostile.js';

const T0 = Date.UTC(2020, 1, 2, 3, 4, 5);

/**
 * A tree with nested and empty directories, empty files, unicode names and binary data, every node
 * with its own modification time (some with milliseconds, which the formats drop).
 */
function sampleTree(): MemoryFileSystem {
  let tick = 0;
  const mfs = new MemoryFileSystem({ clock: () => T0 + 1000 * tick++ + 123 });
  mfs.mkdir('/data/empty/nested-empty');
  mfs.mkdir('/data/データ/ñandú');
  mfs.importTree(
    new Map<string, Uint8Array | string>([
      ['/data/readme.txt', 'hello, archive\n'],
      ['/data/empty-file', ''],
      ['/data/データ/ñandú/🦀 crab.bin', randomBytes(200 * 1024)],
      ['/data/deep/a/b/c/d.txt', 'deep'],
      ['/data/zeros.bin', Buffer.alloc(3 * MiB)],
    ]),
    {
      modifiedAt: new Map([
        ['/data/readme.txt', Date.UTC(2001, 0, 1)],
        ['/data/deep', Date.UTC(2002, 5, 6, 7, 8, 9, 500)],
      ]),
    },
  );
  mfs.writeFile('/outside.txt', 'not under the prefix');
  return mfs;
}

describe.each(FORMATS)('%s round trip', (format) => {
  it('createArchive → expandArchive gives an identical tree, mtimes to the second', async () => {
    const source = sampleTree();
    const archive = await createArchive(source, { format, prefix: '/data' });
    const target = new MemoryFileSystem();
    const result = await expandArchive(target, archive, '/restored');
    const expected = treeOf(source, '/data');
    expect(treeOf(target, '/restored')).toEqual(expected);
    expect(result.files).toBe(expected.filter((node) => node.kind === 'file').length);
    expect(result.bytes).toBe(3 * MiB + 200 * 1024 + 15 + 4);
  });

  it('writeArchive into a slow stream → expandArchiveStreaming gives the same paths and bytes', async () => {
    const source = sampleTree();
    const sink = new MemorySink(1024);
    await writeArchive(source, sink, { format, prefix: '/data' });
    const target = new MemoryFileSystem();
    await expandArchiveStreaming(target, sink.bytes, '/');
    const strip = (nodes: ReturnType<typeof treeOf>) =>
      nodes.map(({ path, kind, data }) => ({ path, kind, data }));
    expect(strip(treeOf(target, '/'))).toEqual(strip(treeOf(source, '/data')));
  });

  it('archives the whole tree by default, and an empty tree as an empty archive', async () => {
    const source = sampleTree();
    const target = new MemoryFileSystem();
    await expandArchive(target, await createArchive(source, { format }));
    expect(treeOf(target)).toEqual(treeOf(source));
    const empty = await createArchive(new MemoryFileSystem(), { format });
    expect(await readAll(readArchive(empty))).toEqual([]);
  });
});

describe('createArchive members', () => {
  it('lists directories before their contents, with paths relative to the prefix', async () => {
    const mfs = new MemoryFileSystem({ clock: () => T0 });
    mfs.mkdir('/p/empty');
    mfs.mkdir('/p/sub');
    mfs.writeFile('/p/sub/x.txt', 'x');
    mfs.writeFile('/p/top.txt', 'top');
    const entries = await readAll(readArchive(await createArchive(mfs, { format: 'tar', prefix: 'p/' })));
    expect(entries.map((e) => [e.name.replace(/\/$/, ''), e.type, e.data.toString(), e.mtime])).toEqual([
      ['top.txt', 'file', 'top', T0],
      ['empty', 'directory', '', T0],
      ['sub', 'directory', '', T0],
      ['sub/x.txt', 'file', 'x', T0],
    ]);
  });

  it('writes with a given adapter, or one picked from a list', async () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/a.txt', 'a');
    const viaAdapter = await createArchive(mfs, { format: 'zip', adapter: new ZipAdapter() });
    const viaList = await createArchive(mfs, {
      format: 'tar',
      adapters: [new ZipAdapter(), new TarAdapter()],
    });
    for (const archive of [viaAdapter, viaList]) {
      expect((await readAll(readArchive(archive))).map((e) => e.name)).toEqual(['a.txt']);
    }
  });
});

describe('createArchive and writeArchive: refusals', () => {
  const mfs = new MemoryFileSystem();
  mfs.writeFile('/file.txt', 'x');

  it.each([
    ['no options', [mfs], TypeError, /must name the format/],
    ['a missing format', [mfs, {}], TypeError, /'format' is required/],
    ['a format that is not a string', [mfs, { format: 7 }], TypeError, /'format' must be a string/],
    ['options that are not an object', [mfs, 'zip'], TypeError, /options of createArchive/],
    ['a filesystem that is not one', [{}, { format: 'zip' }], TypeError, /MemoryFileSystem/],
    ['a prefix that is not a string', [mfs, { format: 'zip', prefix: 1 }], TypeError, /"prefix"/],
    ['an unknown format', [mfs, { format: 'rar' }], InvalidArgumentError, /Unsupported archive format "rar"/],
    [
      'a format the given adapters lack',
      [mfs, { format: 'zip', adapters: [new TarAdapter()] }],
      InvalidArgumentError,
      /'tar', 'tar.gz'/,
    ],
    [
      'a misspelled option',
      [mfs, { format: 'zip', prefx: '/' }],
      InvalidArgumentError,
      /Unknown createArchive option 'prefx'/,
    ],
    [
      'a prefix that climbs above the root',
      [mfs, { format: 'zip', prefix: '/..' }],
      InvalidArgumentError,
      /traversal/,
    ],
    ['a missing prefix', [mfs, { format: 'zip', prefix: '/nope' }], FileNotFoundError, /nope/],
    [
      'a prefix that is a file',
      [mfs, { format: 'zip', prefix: '/file.txt' }],
      NotADirectoryError,
      /is a file/,
    ],
  ] as const)('createArchive refuses %s', async (_, args, type, message) => {
    const error = await (createArchive as (...a: unknown[]) => Promise<Buffer>)(...args).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });

  it('writeArchive checks its arguments before writing, leaving the destination untouched', async () => {
    const sink = new MemorySink();
    await expect(writeArchive(mfs, sink, { format: 'zip', prefix: '/file.txt' })).rejects.toThrow(
      NotADirectoryError,
    );
    await expect(writeArchive(mfs, sink, { format: 'rar' })).rejects.toThrow(InvalidArgumentError);
    expect(sink.chunks).toEqual([]);
    expect(sink.writableEnded).toBe(false);
    await expect(writeArchive(mfs, {} as NodeJS.WritableStream, { format: 'zip' })).rejects.toThrow(
      /"destination" argument must be a writable stream/,
    );
    await expect((writeArchive as (...a: unknown[]) => Promise<void>)(mfs, sink, undefined)).rejects.toThrow(
      /options of writeArchive/,
    );
  });

  it('refuses a name no archive can carry safely', async () => {
    const odd = new MemoryFileSystem();
    odd.writeFile('/C:', 'looks like a drive');
    await expect(createArchive(odd, { format: 'tar' })).rejects.toThrow(/drive letter/);
  });

  it.each(FORMATS)(
    '%s: a file open for writing fails the archive and destroys the destination',
    async (format) => {
      const busy = new MemoryFileSystem();
      busy.writeFile('/a.txt', 'a');
      using _writer = busy.open('/b.txt', 'wb');
      const sink = new MemorySink();
      await expect(writeArchive(busy, sink, { format })).rejects.toThrow(BlockingIOError);
      expect(sink.destroyed).toBe(true);
    },
  );

  it.each(FORMATS)('%s: a destination that fails rejects with its error', async (format) => {
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk on fire'));
      },
    });
    await expect(writeArchive(mfs, failing, { format })).rejects.toThrow('disk on fire');
  });
});

describe('writeArchive while the tree changes', () => {
  it.each(FORMATS)('%s: leaves out a file removed after its directory was listed', async (format) => {
    const mfs = new MemoryFileSystem();
    for (const name of ['a', 'b', 'c']) mfs.writeFile(`/${name}.bin`, randomBytes(256 * 1024));
    // A destination that holds its first write until the test lets it go, so that the archive
    // writer is mid-way when '/c.bin' disappears.
    let release: () => void = () => undefined;
    let firstWriteArrived: () => void = () => undefined;
    const firstWrite = new Promise<void>((resolve) => {
      firstWriteArrived = resolve;
    });
    const received: Buffer[] = [];
    let first = true;
    const gated = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk);
        if (!first) return callback();
        first = false;
        release = () => callback();
        firstWriteArrived();
      },
    });
    const writing = writeArchive(mfs, gated, { format });
    // Wait for the writer to reach its held first write (gzip may take longer than a tick).
    await firstWrite;
    mfs.remove('/c.bin');
    release();
    await writing;
    const entries = await readAll(readArchive(Buffer.concat(received)));
    expect(entries.map((e) => e.name)).toEqual(['a.bin', 'b.bin']);
  });
});
