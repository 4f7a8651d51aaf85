/**
 * The two byte stores behind a file.
 *
 * - {@link SequentialStore}: append-only; each append is one chunk and costs its length plus a fixed
 *   per-chunk overhead estimate. A write anywhere but the end needs promotion.
 * - {@link RandomAccessStore}: writes anywhere; costs exactly its size.
 *
 * Stores only compute costs and mutate; charging the quota is the caller's job (see `file-data.ts`).
 * Every mutation allocates first and changes state after, so a failed allocation changes nothing.
 *
 * @module
 */

import { allocateZeroed, ChunkList, copyBytes } from './chunk-list.js';

/** Which store backs a file. */
export type StorageKind = 'sequential' | 'random_access';

/** What every store can answer. */
export interface ByteStore {
  readonly kind: StorageKind;
  /** Logical size in bytes. */
  readonly size: number;
  /** Bytes charged to the quota for this store. */
  readonly usage: number;
  /** Chunks held. */
  readonly chunkCount: number;
  /** Copies up to `length` bytes from `offset` into `target`; returns the count. */
  readInto(offset: number, length: number, target: Uint8Array, targetOffset: number): number;
  /** The content as immutable shared chunks. */
  freeze(): readonly Uint8Array[];
}

/** Chunks below this size are merged when a file turns random-access. */
const SMALL_CHUNK = 16 * 1024;
/** Upper bound of a merged chunk. */
const MERGED_CHUNK = 64 * 1024;

export class SequentialStore implements ByteStore {
  readonly kind = 'sequential' as const;
  /** Quota bytes charged per chunk. */
  readonly overhead: number;
  readonly list: ChunkList;

  constructor(overhead: number, list: ChunkList = ChunkList.empty()) {
    this.overhead = overhead;
    this.list = list;
  }

  get size(): number {
    return this.list.size;
  }

  get usage(): number {
    return this.list.size + this.list.count * this.overhead;
  }

  get chunkCount(): number {
    return this.list.count;
  }

  readInto(offset: number, length: number, target: Uint8Array, targetOffset: number): number {
    return this.list.readInto(offset, length, target, targetOffset);
  }

  freeze(): readonly Uint8Array[] {
    return this.list.freeze();
  }

  /** Quota cost of appending `length` bytes. */
  appendCost(length: number): number {
    return length === 0 ? 0 : length + this.overhead;
  }

  /** Appends a private copy of `source`. */
  append(source: Uint8Array): void {
    if (source.byteLength === 0) return;
    this.list.append(copyBytes(source));
  }

  /** Quota change of truncating to `size`: positive to grow, negative to shrink. */
  truncateDelta(size: number): number {
    const current = this.list.size;
    if (size === current) return 0;
    if (size > current) return size - current + this.overhead;
    const chunksAfter = size === 0 ? 0 : 1;
    return -(current - size + (this.list.count - chunksAfter) * this.overhead);
  }

  /** Grows with one zero chunk, or shrinks by collapsing what is left into one chunk. */
  truncate(size: number): void {
    const current = this.list.size;
    if (size === current) return;
    if (size > current) {
      this.list.append(allocateZeroed(size - current));
      return;
    }
    this.list.replaceWith(size === 0 ? [] : [this.list.prefixAsOneChunk(size)]);
  }

  /**
   * The random-access store this one turns into. It adopts the chunks (merging tiny neighbours)
   * instead of copying the file, so promotion costs no transient double memory.
   */
  promote(): RandomAccessStore {
    return new RandomAccessStore(this.list.compacted(SMALL_CHUNK, MERGED_CHUNK));
  }
}

export class RandomAccessStore implements ByteStore {
  readonly kind = 'random_access' as const;
  readonly list: ChunkList;

  constructor(list: ChunkList = ChunkList.empty()) {
    this.list = list;
  }

  get size(): number {
    return this.list.size;
  }

  get usage(): number {
    return this.list.size;
  }

  get chunkCount(): number {
    return this.list.count;
  }

  readInto(offset: number, length: number, target: Uint8Array, targetOffset: number): number {
    return this.list.readInto(offset, length, target, targetOffset);
  }

  freeze(): readonly Uint8Array[] {
    return this.list.freeze();
  }

  /** Quota cost of writing `length` bytes at `offset`: the growth of the file, if any. */
  writeCost(offset: number, length: number): number {
    if (length === 0) return 0;
    return Math.max(0, offset + length - this.list.size);
  }

  /** Writes `source` at `offset`, zero-filling any gap past the end. */
  write(offset: number, source: Uint8Array): void {
    const length = source.byteLength;
    if (length === 0) return;
    const size = this.list.size;
    const inPlace = Math.max(0, Math.min(offset + length, size) - offset);
    // Allocate everything first: the private copies of shared chunks, then the growth chunk.
    const copies = inPlace > 0 ? this.list.privateCopiesFor(offset, inPlace) : undefined;
    let growth: Uint8Array | undefined;
    if (offset + length > size) {
      const gap = Math.max(0, offset - size);
      const tail = inPlace === 0 ? source : source.subarray(inPlace);
      if (gap === 0) growth = copyBytes(tail);
      else {
        growth = allocateZeroed(gap + tail.byteLength);
        growth.set(tail, gap);
      }
    }
    if (inPlace > 0) {
      this.list.overwrite(offset, inPlace === length ? source : source.subarray(0, inPlace), copies);
    }
    if (growth !== undefined) this.list.append(growth);
  }

  /** Quota change of truncating to `size`. */
  truncateDelta(size: number): number {
    return size - this.list.size;
  }

  truncate(size: number): void {
    const current = this.list.size;
    if (size > current) this.list.append(allocateZeroed(size - current));
    else this.list.cutTo(size);
  }
}
