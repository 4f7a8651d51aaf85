/**
 * The dmemfs backend: one `MemoryFileSystem` per run, its handles mapped one to one.
 *
 * @module
 */

import { stateOf } from '../../src/fs/filesystem.js';
import { type MemoryFileHandle, MemoryFileSystem } from '../../src/index.js';
import type { BenchFileHandle, BenchFs, CreateBenchFs, OpenMode } from './types.js';

/** A `MemoryFileHandle` seen through the benchmark interface (a class, as the other backends use). */
class DmemfsFileHandle implements BenchFileHandle {
  constructor(private readonly handle: MemoryFileHandle) {}

  write(data: Uint8Array): void {
    this.handle.write(data);
  }

  seek(offset: number): void {
    this.handle.seek(offset);
  }

  read(size: number): Uint8Array {
    return this.handle.read(size);
  }

  readAll(): Uint8Array {
    return this.handle.read();
  }

  close(): void {
    this.handle.close();
  }
}

class DmemfsFs implements BenchFs {
  constructor(private readonly mfs: MemoryFileSystem) {}

  mkdir(path: string): void {
    this.mfs.mkdir(path, { existOk: true });
  }

  open(path: string, mode: OpenMode): BenchFileHandle {
    return new DmemfsFileHandle(this.mfs.open(path, mode));
  }

  /**
   * The quota the filesystem charges right now: the bound its memory must stay within. Read from the
   * ledger directly: `stats()` also counts chunks over the whole tree, which would make sampling
   * after every call quadratic and leave garbage in the very footprint being measured.
   */
  quotaUsedBytes(): number {
    return stateOf(this.mfs).ledger.used;
  }

  dispose(): void {
    // Dropping the filesystem is all it takes: its memory goes with the next garbage collection.
  }
}

export const createDmemfsFs: CreateBenchFs = ({ quotaBytes }) =>
  new DmemfsFs(new MemoryFileSystem({ maxQuota: quotaBytes }));
