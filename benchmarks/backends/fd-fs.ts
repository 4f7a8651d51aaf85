/**
 * One adapter for every backend with a `node:fs`-shaped synchronous descriptor API: real `node:fs`,
 * memfs's `Volume` and ZenFS's bound `fs`. Sharing it guarantees these backends issue exactly the same
 * calls for the same workload.
 *
 * The handle keeps its own position and always passes it to `writeSync`/`readSync` explicitly:
 * `node:fs` has no `lseek`, so this is how a Node program implements `seek`, and it costs no extra
 * call per operation.
 *
 * @module
 */

import type { BenchFileHandle, BenchFs, OpenMode } from './types.js';

/** The subset of the synchronous `node:fs` API the adapter needs. */
export interface SyncFdApi {
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fstatSync(fd: number): { size: number };
  mkdirSync(path: string, options: { recursive: true }): unknown;
}

const NODE_FLAGS: Record<OpenMode, string> = { wb: 'w', ab: 'a', rb: 'r', 'r+b': 'r+' };

const EMPTY = new Uint8Array(0);

class FdFileHandle implements BenchFileHandle {
  private position = 0;

  constructor(
    private readonly api: SyncFdApi,
    private readonly fd: number,
    private readonly appending: boolean,
  ) {}

  write(data: Uint8Array): void {
    const length = data.byteLength;
    let written = 0;
    while (written < length) {
      // In append mode the OS (or library) places every write at the end; Linux even ignores an
      // explicit position there, so pass none.
      const position = this.appending ? null : this.position + written;
      written += this.api.writeSync(this.fd, data, written, length - written, position);
    }
    this.position += length;
  }

  seek(offset: number): void {
    this.position = offset;
  }

  read(size: number): Uint8Array {
    if (size <= 0) return EMPTY;
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const count = this.api.readSync(this.fd, buffer, filled, size - filled, this.position + filled);
      if (count === 0) break;
      filled += count;
    }
    this.position += filled;
    return filled === size ? buffer : buffer.subarray(0, filled);
  }

  readAll(): Uint8Array {
    // Python's `read()` on a real file also asks for the size first and then reads it in one go.
    return this.read(this.api.fstatSync(this.fd).size - this.position);
  }

  close(): void {
    this.api.closeSync(this.fd);
  }
}

/** A {@link BenchFs} over a descriptor API whose paths are `root + path`. */
export class FdFs implements BenchFs {
  /**
   * @param api the synchronous descriptor API to drive.
   * @param root prefix prepended to every workload path: a host directory for real filesystems, `''`
   *   for virtual ones whose root is the workload's `/`.
   * @param release called by {@link dispose} to free whatever backs the filesystem.
   */
  constructor(
    private readonly api: SyncFdApi,
    private readonly root: string,
    private readonly release: () => void,
  ) {}

  mkdir(path: string): void {
    this.api.mkdirSync(this.root + path, { recursive: true });
  }

  open(path: string, mode: OpenMode): BenchFileHandle {
    return new FdFileHandle(this.api, this.api.openSync(this.root + path, NODE_FLAGS[mode]), mode === 'ab');
  }

  dispose(): void {
    this.release();
  }
}
