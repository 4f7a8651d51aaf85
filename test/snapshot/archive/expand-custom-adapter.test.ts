/**
 * A custom format (see `lines-adapter.ts`) through the filesystem-level functions: expansion with
 * `adapter` and with detection among `adapters`, creation, and the same safety rules as the
 * built-in formats.
 */

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, MemoryFileSystem } from '../../../src/index.js';
import {
  createArchive,
  expandArchive,
  expandArchiveStreaming,
  TarAdapter,
  ZipAdapter,
} from '../../../src/snapshot/archive/index.js';
import { imageOf, treeOf } from './fs-image.js';
import { archiveOf, T1, T2 } from './helpers.js';
import { LinesAdapter, MAGIC } from './lines-adapter.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const archive = Buffer.from(
  `${MAGIC}d\tdocs\t\t${T2}\nf\tdocs/a.txt\t${base64('hello')}\t${T1}\nf\tb.txt\t${base64('bee')}\n`,
);

describe('a custom adapter', () => {
  it('expands through { adapter }, with its modification times', async () => {
    const mfs = new MemoryFileSystem();
    expect(await expandArchive(mfs, archive, '/out', { adapter: new LinesAdapter() })).toEqual({
      files: 2,
      directories: 2,
      bytes: 8,
    });
    expect(mfs.readFile('/out/docs/a.txt', 'utf8')).toBe('hello');
    expect(mfs.stat('/out/docs/a.txt').modifiedAt).toBe(T1);
    expect(mfs.stat('/out/docs').modifiedAt).toBe(T2);
    expect(mfs.readFile('/out/b.txt', 'utf8')).toBe('bee');
  });

  it('is detected among { adapters }, which still find the built-in formats', async () => {
    const adapters = [new LinesAdapter(), new ZipAdapter(), new TarAdapter()];
    const mfs = new MemoryFileSystem();
    await expandArchive(mfs, archive, '/lines', { adapters });
    await expandArchiveStreaming(mfs, archive, '/streamed', { adapters });
    const tar = await archiveOf('tar', [{ path: 't.txt', type: 'file', data: Buffer.from('t'), mtime: 0 }]);
    await expandArchive(mfs, tar, '/tar', { adapters });
    expect(mfs.readFile('/lines/b.txt', 'utf8')).toBe('bee');
    expect(mfs.readFile('/streamed/docs/a.txt', 'utf8')).toBe('hello');
    expect(mfs.readFile('/tar/t.txt', 'utf8')).toBe('t');
  });

  it('is not known unless it is passed', async () => {
    const mfs = new MemoryFileSystem();
    await expect(expandArchive(mfs, archive)).rejects.toThrow(/Unrecognized archive format/);
    await expect(expandArchive(mfs, archive, '/', { format: 'lines' })).rejects.toThrow(
      /Unsupported archive format "lines"/,
    );
  });

  it('has its entry names judged by the same rules, atomically', async () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/existing.txt', 'x');
    const before = imageOf(mfs);
    const hostile = Buffer.from(`${MAGIC}f\tfine.txt\t${base64('ok')}\nf\t../escape\t${base64('no')}\n`);
    const error = await expandArchive(mfs, hostile, '/', { adapter: new LinesAdapter() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('".." segment');
    expect(imageOf(mfs)).toEqual(before);
  });

  it('creates archives that round-trip', async () => {
    const source = new MemoryFileSystem({ clock: () => T1 });
    source.mkdir('/x/empty');
    source.writeFile('/x/y.bin', Uint8Array.of(0, 1, 2, 255));
    const lines = new LinesAdapter();
    const created = await createArchive(source, { format: 'lines', adapter: lines });
    expect(created.toString('utf8').startsWith(MAGIC)).toBe(true);
    const target = new MemoryFileSystem();
    await expandArchive(target, created, '/', { adapter: lines });
    expect(treeOf(target)).toEqual(treeOf(source));
  });
});

it('a directory listed twice keeps the time one of its entries gives', async () => {
  const twice = Buffer.from(`${MAGIC}d\tdocs\t\t${T2}\nd\tdocs\nf\tdocs/a.txt\t${base64('a')}\t${T1}\n`);
  const mfs = new MemoryFileSystem();
  expect(await expandArchive(mfs, twice, '/', { adapter: new LinesAdapter() })).toMatchObject({
    directories: 1,
  });
  expect(mfs.stat('/docs').modifiedAt).toBe(T2);
});
