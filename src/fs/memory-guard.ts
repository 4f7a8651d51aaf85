/**
 * The memory guard: compares the quota, or an allocation about to happen, with the physical memory
 * the OS reports as available, so that a quota larger than the machine can hold fails early and
 * clearly instead of as an out-of-memory crash.
 *
 * @module
 */

import { InvalidArgumentError, MFSMemoryError } from './errors.js';
import { type AvailableMemorySource, asByteCount } from './memory-info.js';
import { describeValue, formatCount } from './message-format.js';

/**
 * `'none'`: no checks, and the OS is never queried. `'init'`: one check of `maxQuota` when the
 * filesystem is created. `'per_write'`: that check, plus one before every allocation.
 */
export type MemoryGuardMode = 'none' | 'init' | 'per_write';

/** `'warn'`: emit a process warning and carry on. `'raise'`: throw `MFSMemoryError`. */
export type MemoryGuardAction = 'warn' | 'raise';

/** Options of {@link MemoryGuard}. */
export interface MemoryGuardOptions {
  mode: MemoryGuardMode;
  action: MemoryGuardAction;
  /** `'per_write'`: ms during which the last OS answer is reused; `0` queries before every write. */
  intervalMs: number;
  /** Where available memory comes from (usually `systemAvailableMemory`). */
  source: AvailableMemorySource;
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
}

/** The `code` of the process warnings the guard emits with action `'warn'`. */
export const MEMORY_GUARD_WARNING_CODE = 'DMEMFS_MEMORY_GUARD';

/** One answer of the memory source: bytes (null when unknown), and the clock reading when asked. */
interface MemoryQuery {
  readonly available: number | null;
  readonly at: number;
}

const MODES: readonly MemoryGuardMode[] = ['none', 'init', 'per_write'];
const ACTIONS: readonly MemoryGuardAction[] = ['warn', 'raise'];

/**
 * Checks allocations against available physical memory. An unknown amount (the source returns null,
 * throws, or returns something that is not a byte count) never counts as a violation.
 */
export class MemoryGuard {
  readonly mode: MemoryGuardMode;
  readonly action: MemoryGuardAction;

  readonly #intervalMs: number;
  readonly #source: AvailableMemorySource;
  readonly #now: () => number;
  /** The last answer of the source, and when it was given (used by `'per_write'`). */
  #lastQuery: MemoryQuery | undefined;

  /**
   * Validates the options: a bad `action`, then a bad `mode`, then an `intervalMs` that is not a
   * finite number ≥ 0 throws `InvalidArgumentError`; a `source` or `now` that is not a function
   * throws `TypeError`.
   */
  constructor(options: MemoryGuardOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('The "options" argument must be an object.');
    }
    const { mode, action, intervalMs, source, now } = options;
    if (!ACTIONS.includes(action)) {
      throw new InvalidArgumentError(
        `Invalid memoryGuardAction: ${describeValue(action)}. Expected 'warn' or 'raise'.`,
      );
    }
    if (!MODES.includes(mode)) {
      throw new InvalidArgumentError(
        `Invalid memoryGuard: ${describeValue(mode)}. Expected 'none', 'init', or 'per_write'.`,
      );
    }
    if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0) {
      throw new InvalidArgumentError(
        `Invalid memoryGuardInterval: ${describeValue(intervalMs)}. ` +
          'Expected a finite number of milliseconds >= 0.',
      );
    }
    if (typeof source !== 'function') {
      throw new TypeError('The "source" option must be a function returning available bytes or null.');
    }
    if (now !== undefined && typeof now !== 'function') {
      throw new TypeError('The "now" option must be a function returning milliseconds.');
    }
    this.mode = mode;
    this.action = action;
    this.#intervalMs = intervalMs;
    this.#source = source;
    this.#now = now ?? (() => performance.now());
  }

  /**
   * Called once by the filesystem constructor: with mode `'init'` or `'per_write'`, a `maxQuota`
   * above the available memory is a violation. `'per_write'` also remembers the answer for the
   * following write checks.
   */
  checkInit(maxQuota: number): void {
    if (this.mode === 'none') return;
    const { available } = this.#query(this.#now());
    if (available !== null && maxQuota > available) {
      this.#violate(
        `maxQuota (${formatCount(maxQuota)} bytes) exceeds available physical RAM ` +
          `(${formatCount(available)} bytes). MFSMemoryError may occur before the quota limit is reached.`,
      );
    }
  }

  /**
   * Called before an allocation of `bytes`; a no-op unless mode is 'per_write'. The OS is queried again
   * only once `intervalMs` has passed since the last query.
   */
  checkBeforeWrite(bytes: number): void {
    if (this.mode !== 'per_write') return;
    const now = this.#now();
    let last = this.#lastQuery;
    if (last === undefined || now - last.at >= this.#intervalMs) last = this.#query(now);
    const { available } = last;
    if (available !== null && bytes > available) {
      const ageSeconds = Math.max(0, now - last.at) / 1000;
      this.#violate(
        `Write of ${formatCount(bytes)} bytes requested but only ${formatCount(available)} bytes of ` +
          `physical RAM available (checked ${ageSeconds.toFixed(1)}s ago).`,
      );
    }
  }

  #query(now: number): MemoryQuery {
    let value: unknown;
    try {
      value = this.#source();
    } catch {
      value = null; // a broken source must not break writes; unknown is never a violation
    }
    const available = asByteCount(value);
    this.#lastQuery = { available, at: now };
    return this.#lastQuery;
  }

  #violate(message: string): void {
    if (this.action === 'raise') throw new MFSMemoryError(message);
    process.emitWarning(message, { type: 'ResourceWarning', code: MEMORY_GUARD_WARNING_CODE });
  }
}
