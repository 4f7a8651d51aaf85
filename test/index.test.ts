/**
 * The package entry (`dmemfs`): it lists the public API explicitly, keeps the engine's low-level
 * capabilities out, and installs the snapshot methods on `MemoryFileSystem`.
 */
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as engine from '../src/fs/index.js';
import type {
  ExportToDirectoryOptions,
  HostTransferResult,
  MemoryFileSystemOptions,
  MFSStatResult,
} from '../src/index.js';
import * as pkg from '../src/index.js';
import { MemoryFileSystem, MFSSnapshot } from '../src/index.js';

/** What `src/fs/index.ts` exports for the layers above the engine, and the package does not. */
const ENGINE_CAPABILITIES = [
  'captureImage',
  'ImportBudget',
  'joinPath',
  'mountImage',
  'normalizePath',
  'parentPath',
  'TreeImage',
];

describe('the dmemfs entry', () => {
  test('re-exports every public engine value, and none of the engine-internal capabilities', () => {
    const publicEntries = Object.entries(engine).filter(([name]) => !ENGINE_CAPABILITIES.includes(name));
    const publicNames = publicEntries.map(([name]) => name);
    for (const [name, value] of publicEntries) {
      expect(pkg, `dmemfs should export ${name}`).toHaveProperty(name, value);
    }
    for (const name of ENGINE_CAPABILITIES) expect(Object.keys(pkg)).not.toContain(name);
    expect(Object.keys(pkg).sort()).toEqual([...publicNames, 'MFSSnapshot'].sort());
  });

  test('MemoryFileSystem has the snapshot and host-directory methods, installed like class methods', () => {
    for (const name of ['snapshot', 'restore', 'exportToDirectory', 'importFromDirectory']) {
      const descriptor = Object.getOwnPropertyDescriptor(MemoryFileSystem.prototype, name);
      expect(descriptor?.value, name).toBeTypeOf('function');
      expect(descriptor?.enumerable, name).toBe(false);
    }
    const fromSnapshot = Object.getOwnPropertyDescriptor(MemoryFileSystem, 'fromSnapshot');
    expect(fromSnapshot?.value).toBeTypeOf('function');
    expect(fromSnapshot?.enumerable).toBe(false);
    expect(Object.keys(new MemoryFileSystem())).toEqual([]);
  });

  test('the methods and the types that document them are part of the typed API', () => {
    expectTypeOf<MemoryFileSystem['snapshot']>().toEqualTypeOf<(prefix?: string) => MFSSnapshot>();
    expectTypeOf<MemoryFileSystem['restore']>().toEqualTypeOf<(snapshot: MFSSnapshot) => void>();
    expectTypeOf<MemoryFileSystem['exportToDirectory']>().toEqualTypeOf<
      (hostDir: string, options?: ExportToDirectoryOptions) => Promise<HostTransferResult>
    >();
    expectTypeOf<MemoryFileSystem['importFromDirectory']>().toEqualTypeOf<
      (hostDir: string, dest?: string) => Promise<HostTransferResult>
    >();
    expectTypeOf(MemoryFileSystem.fromSnapshot).toEqualTypeOf<
      (snapshot: MFSSnapshot, options?: MemoryFileSystemOptions) => MemoryFileSystem
    >();
    expectTypeOf(MFSSnapshot.fromBytes).toEqualTypeOf<(bytes: Uint8Array | ArrayBuffer) => MFSSnapshot>();
    expectTypeOf<MFSSnapshot['toBytes']>().toEqualTypeOf<() => Uint8Array<ArrayBuffer>>();
    expectTypeOf<MFSSnapshot['stat']>().toEqualTypeOf<(path: string) => MFSStatResult>();
    expectTypeOf<HostTransferResult>().toEqualTypeOf<{
      readonly files: number;
      readonly directories: number;
      readonly bytes: number;
    }>();
    expectTypeOf<ExportToDirectoryOptions>().toEqualTypeOf<{ prefix?: string }>();
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'x');
    expect(MemoryFileSystem.fromSnapshot(mfs.snapshot()).readFile('/f', 'utf8')).toBe('x');
  });
});
