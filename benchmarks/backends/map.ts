/**
 * The in-memory floor: a plain `Map` from path to a list of chunks, concatenated on read.
 *
 * It plays the role `BytesIO`/`dict` plays in the reference benchmarks: the least work a JavaScript
 * program can do to keep named byte blobs in memory, so other backends are reported relative to it.
 * There is no path resolution (directories are only recorded), no quota and no locking. Written data
 * is still copied, because callers may mutate a `Uint8Array` after writing it; every real filesystem
 * must copy too, so keeping references would make the floor unrealistically cheap.
 *
 * @module
 */

import type { BenchFileHandle, BenchFs, CreateBenchFs, OpenMode } from './types.js';

/** The bytes of one file, kept as the list of chunks it was written in. */
class ChunkedFile {
  chunks: Buffer[] = [];
  /** `ends[i]` is the file offset just past `chunks[i]`, for binary search on reads. */
  ends: number[] = [];
  size = 0;

  /** Appends a private copy of `data`. */
  append(data: Uint8Array): void {
    this.chunks.push(Buffer.from(data));
    this.size += data.byteLength;
    this.ends.push(this.size);
  }

  /**
   * Writes `data` at `position` inside or past the end of the file. The chunk list is first flattened
   * into one buffer (once, unless the file grows), the way `BytesIO` holds one contiguous buffer.
   */
  overwrite(position: number, data: Uint8Array): void {
    const end = position + data.byteLength;
    if (this.chunks.length !== 1 || end > this.size) this.flatten(Math.max(end, this.size));
    this.chunks[0].set(data, position);
  }

  /** Returns a new buffer with the bytes in `[start, end)`; `end` must not exceed the size. */
  slice(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(end - start);
    this.copyRange(start, end, out);
    return out;
  }

  /** Replaces the chunk list with one buffer of `size` bytes; bytes past the old end are zero. */
  private flatten(size: number): void {
    const flat = Buffer.allocUnsafe(size);
    this.copyRange(0, this.size, flat);
    flat.fill(0, this.size);
    this.chunks = [flat];
    this.ends = [size];
    this.size = size;
  }

  private copyRange(start: number, end: number, target: Buffer): void {
    let index = this.firstChunkEndingAfter(start);
    let written = 0;
    let position = start;
    while (position < end) {
      const chunk = this.chunks[index];
      const chunkStart = this.ends[index] - chunk.byteLength;
      const from = position - chunkStart;
      const to = Math.min(chunk.byteLength, end - chunkStart);
      written += chunk.copy(target, written, from, to);
      position = chunkStart + to;
      index++;
    }
  }

  private firstChunkEndingAfter(position: number): number {
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ends[middle] > position) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

const EMPTY = new Uint8Array(0);

class MapFileHandle implements BenchFileHandle {
  private position: number;

  constructor(
    private readonly file: ChunkedFile,
    private readonly appending: boolean,
  ) {
    this.position = appending ? file.size : 0;
  }

  write(data: Uint8Array): void {
    if (this.appending) this.position = this.file.size;
    if (this.position === this.file.size) this.file.append(data);
    else this.file.overwrite(this.position, data);
    this.position += data.byteLength;
  }

  seek(offset: number): void {
    this.position = offset;
  }

  read(size: number): Uint8Array {
    const start = this.position;
    const end = Math.min(start + size, this.file.size);
    if (end <= start) return EMPTY;
    this.position = end;
    return this.file.slice(start, end);
  }

  readAll(): Uint8Array {
    return this.read(this.file.size - this.position);
  }

  close(): void {
    // Nothing to release: the handle holds no resources beyond its references.
  }
}

class MapFs implements BenchFs {
  private readonly files = new Map<string, ChunkedFile>();
  private readonly directories = new Set<string>();

  mkdir(path: string): void {
    this.directories.add(path);
  }

  open(path: string, mode: OpenMode): BenchFileHandle {
    if (mode === 'wb') {
      const file = new ChunkedFile();
      this.files.set(path, file);
      return new MapFileHandle(file, false);
    }
    let file = this.files.get(path);
    if (file === undefined) {
      if (mode !== 'ab') throw new Error(`ENOENT: no such file: ${path}`);
      file = new ChunkedFile();
      this.files.set(path, file);
    }
    return new MapFileHandle(file, mode === 'ab');
  }

  dispose(): void {
    // Like the other in-memory backends, the store becomes garbage once the workload drops it; freeing
    // it is the garbage collector's job, which the runner triggers between repeats.
  }
}

/** Creates an empty `Map`-backed store; the quota option does not apply. */
export const createMapFs: CreateBenchFs = () => new MapFs();
