/**
 * The quota ledger: the only writer of `usedBytes`.
 *
 * Every allocation follows the same three steps: `reserve` (throws before anything is allocated),
 * allocate and mutate, then keep the charge; if the allocation fails, `rollback` returns the
 * reservation. Freed data goes back through `release`.
 *
 * @module
 */

import { MFSQuotaExceededError } from './errors.js';

export class QuotaLedger {
  /** The hard limit, `maxQuota`. */
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Bytes charged right now. Never above {@link limit}. */
  get used(): number {
    return this.#used;
  }

  /** Bytes still free. */
  get free(): number {
    return this.limit - this.#used;
  }

  /**
   * Charges `bytes`, or throws `MFSQuotaExceededError` and charges nothing. Reserving exactly the
   * free amount succeeds. Zero or negative amounts are no-ops.
   */
  reserve(bytes: number, path?: string): void {
    if (bytes <= 0) return;
    this.ensureAvailable(bytes, path);
    this.#used += bytes;
  }

  /** Throws like {@link reserve} would, without charging. Used to check a whole plan up front. */
  ensureAvailable(bytes: number, path?: string): void {
    if (bytes <= 0) return;
    const free = this.limit - this.#used;
    if (bytes > free) {
      throw new MFSQuotaExceededError(bytes, free, path === undefined ? undefined : { path });
    }
  }

  /** Returns a reservation whose allocation failed. */
  rollback(bytes: number): void {
    this.release(bytes);
  }

  /**
   * Returns bytes that file data no longer holds. Releasing more than is charged means the
   * accounting is broken somewhere; that is a bug, so it throws instead of hiding the drift.
   */
  release(bytes: number): void {
    if (bytes <= 0) return;
    if (bytes > this.#used) {
      throw new Error(`dmemfs internal error: releasing ${bytes} bytes with only ${this.#used} charged`);
    }
    this.#used -= bytes;
  }

  /**
   * Applies a net change that the caller has already checked against the limit with
   * {@link ensureAvailable} (bulk operations check their whole plan first, then apply it).
   */
  apply(delta: number): void {
    if (delta > 0) {
      if (delta > this.limit - this.#used) {
        throw new Error('dmemfs internal error: applying an unchecked quota charge');
      }
      this.#used += delta;
    } else {
      this.release(-delta);
    }
  }
}
