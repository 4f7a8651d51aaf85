/**
 * An ordered list of exact-size byte chunks with cumulative end offsets, the data structure under
 * both stores. Chunks never carry spare capacity, so the bytes they hold are exactly the file size:
 * that is what keeps the quota an honest upper bound of memory.
 *
 * Chunks can be shared with snapshots. A shared chunk is never written in place: whoever writes
 * into it first swaps in a private copy (copy-on-write at chunk granularity).
 *
 * @module
 */

/** Chunks that some snapshot also references. Held weakly so dropping a snapshot frees nothing twice. */
const sharedChunks = new WeakSet<Uint8Array>();

/** Marks chunks as shared: from now on nobody writes into them in place. */
export function markShared(chunks: readonly Uint8Array[]): void {
  for (const chunk of chunks) sharedChunks.add(chunk);
}

/** Allocates `length` bytes, zero-filled. Throws `RangeError` when the runtime cannot allocate. */
export function allocateZeroed(length: number): Uint8Array {
  return new Uint8Array(length);
}

/** A private copy of `source` (the fastest copying constructor in V8). */
export function copyBytes(source: Uint8Array): Uint8Array {
  return new Uint8Array(source);
}

export class ChunkList {
  /**
   * The chunk, while the list holds exactly one and has not needed the arrays. Most files are written
   * in one piece, and keeping their chunk here spares four heap objects per file (two arrays and
   * their backing stores), which is what the garbage collector spends its time on when a filesystem
   * holds many small files.
   */
  #one: Uint8Array | null;
  /** Every chunk, in order, once the list has needed more than {@link #one}; `null` until then. */
  #chunks: Uint8Array[] | null;
  /** `ends[i]` is the file offset just past chunk `i`; binary search over it finds a chunk in O(log n). */
  #ends: number[] | null;
  #size: number;

  private constructor(
    one: Uint8Array | null,
    chunks: Uint8Array[] | null,
    ends: number[] | null,
    size: number,
  ) {
    this.#one = one;
    this.#chunks = chunks;
    this.#ends = ends;
    this.#size = size;
  }

  /** An empty list. */
  static empty(): ChunkList {
    return new ChunkList(null, null, null, 0);
  }

  /** A list over `chunks`, which the caller hands over (they must not be aliased elsewhere unless shared). */
  static of(chunks: readonly Uint8Array[]): ChunkList {
    if (chunks.length === 1 && chunks[0].byteLength > 0) {
      return new ChunkList(chunks[0], null, null, chunks[0].byteLength);
    }
    const kept: Uint8Array[] = [];
    const ends: number[] = [];
    let size = 0;
    for (const chunk of chunks) {
      if (chunk.byteLength === 0) continue;
      size += chunk.byteLength;
      kept.push(chunk);
      ends.push(size);
    }
    return new ChunkList(null, kept, ends, size);
  }

  get size(): number {
    return this.#size;
  }

  get count(): number {
    if (this.#one !== null) return 1;
    return this.#chunks === null ? 0 : this.#chunks.length;
  }

  /**
   * Moves {@link #one} into the arrays, creating them. The operations other than reading and
   * appending are rare, so they only deal with the arrays.
   */
  #expand(): void {
    if (this.#chunks !== null) return;
    const one = this.#one;
    this.#chunks = one === null ? [] : [one];
    this.#ends = one === null ? [] : [this.#size];
    this.#one = null;
  }

  /** Index of the chunk holding byte `offset` (`0 <= offset < size`) in `ends`. */
  static #indexOf(ends: readonly number[], offset: number): number {
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid] > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  static #startOf(ends: readonly number[], index: number): number {
    return index === 0 ? 0 : ends[index - 1];
  }

  /**
   * Copies up to `length` bytes from `offset` into `target` at `targetOffset`; returns the count.
   * Reading at or past the end copies nothing.
   */
  readInto(offset: number, length: number, target: Uint8Array, targetOffset: number): number {
    const size = this.#size;
    if (offset >= size || length <= 0) return 0;
    const total = Math.min(length, size - offset);
    const one = this.#one;
    if (one !== null) {
      target.set(total === size ? one : one.subarray(offset, offset + total), targetOffset);
      return total;
    }
    const chunks = this.#chunks!;
    const ends = this.#ends!;
    let index = ChunkList.#indexOf(ends, offset);
    let within = offset - ChunkList.#startOf(ends, index);
    let copied = 0;
    while (copied < total) {
      const chunk = chunks[index];
      const take = Math.min(chunk.byteLength - within, total - copied);
      if (within === 0 && take === chunk.byteLength) target.set(chunk, targetOffset + copied);
      else target.set(chunk.subarray(within, within + take), targetOffset + copied);
      copied += take;
      index++;
      within = 0;
    }
    return total;
  }

  /** Appends a chunk the caller hands over. Empty chunks are not stored. */
  append(chunk: Uint8Array): void {
    const length = chunk.byteLength;
    if (length === 0) return;
    const size = this.#size + length;
    const chunks = this.#chunks;
    if (chunks !== null) {
      chunks.push(chunk);
      this.#ends!.push(size);
    } else if (this.#one === null) {
      this.#one = chunk; // the list was empty
    } else {
      this.#chunks = [this.#one, chunk];
      this.#ends = [this.#size, size];
      this.#one = null;
    }
    this.#size = size;
  }

  /**
   * Private copies of the shared chunks that an in-place write over `[offset, offset + length)` would
   * touch. Allocating them is the only step that can fail, so it happens before anything changes.
   */
  privateCopiesFor(offset: number, length: number): Map<number, Uint8Array> | undefined {
    const end = Math.min(offset + length, this.#size);
    if (offset >= end) return undefined;
    this.#expand();
    const chunks = this.#chunks!;
    const ends = this.#ends!;
    let copies: Map<number, Uint8Array> | undefined;
    for (let index = ChunkList.#indexOf(ends, offset); index < chunks.length; index++) {
      if (ChunkList.#startOf(ends, index) >= end) break;
      const chunk = chunks[index];
      if (sharedChunks.has(chunk)) {
        copies ??= new Map();
        copies.set(index, copyBytes(chunk));
      }
    }
    return copies;
  }

  /**
   * Overwrites bytes inside the current size with `source`, which must fit. `copies` comes from
   * {@link privateCopiesFor} over the same range and replaces the shared chunks first.
   */
  overwrite(offset: number, source: Uint8Array, copies: Map<number, Uint8Array> | undefined): void {
    this.#expand();
    const chunks = this.#chunks!;
    const ends = this.#ends!;
    if (copies !== undefined) {
      for (const [index, copy] of copies) chunks[index] = copy;
    }
    const total = source.byteLength;
    let index = ChunkList.#indexOf(ends, offset);
    let within = offset - ChunkList.#startOf(ends, index);
    let done = 0;
    while (done < total) {
      const chunk = chunks[index];
      const take = Math.min(chunk.byteLength - within, total - done);
      chunk.set(done === 0 && take === total ? source : source.subarray(done, done + take), within);
      done += take;
      index++;
      within = 0;
    }
  }

  /**
   * The first `length` bytes as one new chunk. Allocates, so it can throw `RangeError`; the list is
   * unchanged either way.
   */
  prefixAsOneChunk(length: number): Uint8Array {
    const chunk = new Uint8Array(length);
    this.readInto(0, length, chunk, 0);
    return chunk;
  }

  /** Replaces the whole content (used after a successful {@link prefixAsOneChunk}). */
  replaceWith(chunks: Uint8Array[]): void {
    const next = ChunkList.of(chunks);
    this.#one = next.#one;
    this.#chunks = next.#chunks;
    this.#ends = next.#ends;
    this.#size = next.#size;
  }

  /**
   * Drops every byte from `length` on. The chunk that straddles the cut is copied so no chunk keeps
   * a larger buffer alive than it exposes. Allocation happens before anything changes.
   */
  cutTo(length: number): void {
    if (length >= this.#size) return;
    if (length === 0) {
      this.replaceWith([]);
      return;
    }
    this.#expand();
    const chunks = this.#chunks!;
    const ends = this.#ends!;
    const index = ChunkList.#indexOf(ends, length - 1);
    const start = ChunkList.#startOf(ends, index);
    const keep = length - start;
    const straddling = chunks[index];
    const tail = keep === straddling.byteLength ? straddling : copyBytes(straddling.subarray(0, keep));
    chunks.length = index + 1;
    ends.length = index + 1;
    chunks[index] = tail;
    ends[index] = length;
    this.#size = length;
  }

  /**
   * Merges runs of small neighbouring chunks (each below `small` bytes) into chunks of at most
   * `target` bytes, so a file built by many tiny appends does not keep one object per append once
   * it becomes random-access. Returns a new list; this one is unchanged.
   */
  compacted(small: number, target: number): ChunkList {
    const chunks = this.#chunksNow();
    let needed = false;
    for (let i = 1; i < chunks.length; i++) {
      if (chunks[i].byteLength < small && chunks[i - 1].byteLength < small) {
        needed = true;
        break;
      }
    }
    if (!needed) return ChunkList.of(chunks);
    const merged: Uint8Array[] = [];
    let run: Uint8Array[] = [];
    let runBytes = 0;
    const flush = (): void => {
      if (run.length === 1) merged.push(run[0]);
      else if (run.length > 1) {
        const chunk = new Uint8Array(runBytes);
        let at = 0;
        for (const part of run) {
          chunk.set(part, at);
          at += part.byteLength;
        }
        merged.push(chunk);
      }
      run = [];
      runBytes = 0;
    };
    for (const chunk of chunks) {
      if (chunk.byteLength >= small) {
        flush();
        merged.push(chunk);
        continue;
      }
      if (runBytes + chunk.byteLength > target) flush();
      run.push(chunk);
      runBytes += chunk.byteLength;
    }
    flush();
    return ChunkList.of(merged);
  }

  /**
   * The chunks as an immutable image for a snapshot. They become shared, so neither side writes into
   * them in place again.
   */
  freeze(): readonly Uint8Array[] {
    const chunks = this.#chunksNow();
    markShared(chunks);
    return chunks;
  }

  /** A new array of the chunks, in order, leaving the representation as it is. */
  #chunksNow(): Uint8Array[] {
    if (this.#one !== null) return [this.#one];
    return this.#chunks === null ? [] : this.#chunks.slice();
  }
}
