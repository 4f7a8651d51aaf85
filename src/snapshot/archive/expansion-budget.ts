/**
 * The memory bound of an atomic expansion. Its files are held in memory until they are imported in
 * one step, so the bytes held must stop growing as soon as they can no longer fit the quota, however
 * much more the archive would inflate to.
 *
 * The engine's check at import time is exact; this one runs while reading, so it only refuses what
 * that check would certainly refuse. A new file costs at least its size (plus chunk overhead in
 * sequential storage). Replacing existing files frees their usage, which is at most their sizes plus
 * the overhead of every sequential chunk in the filesystem, and at most all the usage there is. So
 * reading stops once the bytes held exceed the free space plus that bound.
 *
 * @module
 */

import { type MemoryFileSystem, MFSQuotaExceededError } from '../../fs/index.js';

/** Counts the file bytes an atomic expansion holds against what the filesystem can take. */
export class ExpansionBudget {
  readonly #mfs: MemoryFileSystem;
  readonly #replaced = new Set<string>();
  #held = 0;
  #limit: number;

  constructor(mfs: MemoryFileSystem) {
    this.#mfs = mfs;
    this.#limit = this.#currentLimit();
  }

  /** Notes that `target`, an existing file, is to be replaced: its usage will be freed. */
  replacing(target: string): void {
    this.#replaced.add(target);
  }

  /**
   * Counts `bytes` more held for the file at `target`. Throws `MFSQuotaExceededError` when the bytes
   * held can no longer fit; the limit is re-read from the filesystem before refusing, so space freed
   * meanwhile counts.
   */
  hold(bytes: number, target: string): void {
    this.#held += bytes;
    if (this.#held <= this.#limit) return;
    this.#limit = this.#currentLimit();
    if (this.#held <= this.#limit) return;
    throw new MFSQuotaExceededError(
      this.#held,
      this.#limit,
      { path: target },
      `MFS quota exceeded: the archive's files need at least ${this.#held} bytes (counted up to ` +
        `'${target}', where reading stopped), but only ${this.#limit} bytes are available.`,
    );
  }

  /** A held file was dropped (a later duplicate replaced it): its bytes no longer count. */
  release(bytes: number): void {
    this.#held -= bytes;
  }

  #currentLimit(): number {
    const stats = this.#mfs.stats();
    if (this.#replaced.size === 0) return stats.freeBytes;
    let sizes = 0;
    for (const target of this.#replaced) {
      if (this.#mfs.isFile(target)) sizes += this.#mfs.getSize(target);
    }
    const reclaimable = Math.min(stats.usedBytes, sizes + stats.chunkCount * stats.overheadPerChunkEstimate);
    return stats.freeBytes + reclaimable;
  }
}
