/**
 * The quota check of a bulk import whose input is still being read (a host directory, an archive):
 * it stops the reading as soon as the files seen so far can no longer fit, instead of first reading
 * everything into memory and letting `importTree` refuse it.
 *
 * @module
 */

import { MFSQuotaExceededError } from './errors.js';
import { type MemoryFileSystem, stateOf } from './filesystem.js';
import { normalizePath } from './path.js';
import type { FileSystemState } from './state.js';
import { FileContent } from './storage/file-content.js';
import { usageUnder } from './tree.js';

/**
 * Counts the quota a planned import into `dest` will charge, file by file, while its bytes arrive.
 *
 * The allowance is what is free now plus the usage of every file already at or under `dest` (the
 * most that replacing files there could give back), so the budget never refuses an import that
 * `importTree` would accept; `importTree` makes the exact check when the plan is applied.
 */
export class ImportBudget {
  readonly #state: FileSystemState;
  /** Bytes counted so far per planned file. */
  readonly #sizes = new Map<string, number>();
  #charge = 0;
  /** The most the planned files may be charged. */
  readonly allowance: number;

  constructor(fs: MemoryFileSystem, dest: string) {
    this.#state = stateOf(fs);
    const root = this.#state.tree.resolve(normalizePath(dest));
    this.allowance = this.#state.ledger.free + (root === undefined ? 0 : usageUnder(root));
  }

  /** What the files counted so far will be charged as new content. */
  get charge(): number {
    return this.#charge;
  }

  /**
   * Counts `bytes` more of the file at `path` (a normalized path; a file may be counted piece by
   * piece as it is read). Throws `MFSQuotaExceededError` and counts nothing when the planned files
   * would no longer fit.
   */
  count(path: string, bytes: number): void {
    const policy = this.#state.storage.policy;
    const before = this.#sizes.get(path) ?? 0;
    const after = before + bytes;
    const next =
      this.#charge - FileContent.loadedUsage(policy, before) + FileContent.loadedUsage(policy, after);
    if (next > this.allowance) {
      throw new MFSQuotaExceededError(next, this.allowance, { path });
    }
    this.#charge = next;
    this.#sizes.set(path, after);
  }

  /** Stops counting the file at `path` (a later entry with the same path replaces it). */
  discard(path: string): void {
    const size = this.#sizes.get(path);
    if (size === undefined) return;
    this.#charge -= FileContent.loadedUsage(this.#state.storage.policy, size);
    this.#sizes.delete(path);
  }
}
