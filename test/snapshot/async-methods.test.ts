import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { AsyncMemoryFileSystem, MemoryFileSystem, MFSSnapshot } from '../../src/index.js';

const hostDirs: string[] = [];
afterEach(() => {
  for (const dir of hostDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the async view has the snapshot and host-directory methods', () => {
  test('snapshot, restore and setModifiedAt share the sync instance’s tree', async () => {
    const afs = new AsyncMemoryFileSystem();
    await afs.writeFile('/a.txt', 'first');
    const snap = await afs.snapshot();
    expect(snap).toBeInstanceOf(MFSSnapshot);
    await afs.writeFile('/a.txt', 'second');
    await afs.restore(snap);
    expect(await afs.readFile('/a.txt', 'utf8')).toBe('first');
    await afs.setModifiedAt('/a.txt', 1234);
    expect(afs.sync.stat('/a.txt').modifiedAt).toBe(1234);
    expect(MemoryFileSystem.fromSnapshot(await afs.snapshot()).readFile('/a.txt', 'utf8')).toBe('first');
  });

  test('restore rejects (EBUSY) while a file is open, exactly as the sync method throws', async () => {
    const afs = new MemoryFileSystem().promises;
    await afs.writeFile('/a.txt', 'x');
    const snap = await afs.snapshot();
    await using handle = await afs.open('/a.txt', 'rb');
    await expect(afs.restore(snap)).rejects.toMatchObject({ code: 'EBUSY' });
    expect(handle.closed).toBe(false);
  });

  test('exportToDirectory and importFromDirectory round-trip through a host directory', async () => {
    const host = mkdtempSync(join(tmpdir(), 'dmemfs-async-host-'));
    hostDirs.push(host);
    const afs = new AsyncMemoryFileSystem();
    await afs.importTree({ '/src/a.txt': 'alpha' }, { directories: ['/empty'] });
    expect(await afs.exportToDirectory(host)).toEqual({ files: 1, directories: 2, bytes: 5 });
    expect(readFileSync(join(host, 'src/a.txt'), 'utf8')).toBe('alpha');
    const copy = new AsyncMemoryFileSystem();
    expect(await copy.importFromDirectory(host, '/copy')).toEqual({ files: 1, directories: 2, bytes: 5 });
    expect(await copy.readFile('/copy/src/a.txt', 'utf8')).toBe('alpha');
    expect(await copy.isDir('/copy/empty')).toBe(true);
  });
});
