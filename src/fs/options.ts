/**
 * `MemoryFileSystem` constructor options: their types, defaults and validation.
 *
 * @module
 */

import { integerOption } from './arguments.js';
import { InvalidArgumentError } from './errors.js';
import type { MemoryGuardAction, MemoryGuardMode } from './memory-guard.js';
import type { AvailableMemorySource } from './memory-info.js';
import type { DefaultStorage } from './storage/file-content.js';

/**
 * Quota bytes charged per chunk of a sequential file by default. Measured on V8 (Node 20) with
 * `benchmarks/extra/chunk-overhead.ts`: a stored chunk costs 203–230 bytes beyond its data (the typed
 * array and array-buffer objects and the chunk list's slots); 256 rounds that up for headroom across
 * V8 versions. Override it with `chunkOverheadOverride` (D-MemFS used 128; `0` charges sizes only).
 */
export const DEFAULT_CHUNK_OVERHEAD = 256;

/** Default hard quota: 256 MiB. */
export const DEFAULT_MAX_QUOTA = 256 * 1024 ** 2;

/** Default size above which a sequential file is never promoted: 512 MiB. */
export const DEFAULT_PROMOTION_HARD_LIMIT = 512 * 1024 ** 2;

/** Default time the async API waits for a file lock: 30 s. */
export const DEFAULT_LOCK_TIMEOUT = 30_000;

/** Options of `new MemoryFileSystem(options)`. Sizes are bytes, durations milliseconds. */
export interface MemoryFileSystemOptions {
  /** Hard byte quota for file data plus per-chunk overhead. Default 256 MiB. */
  maxQuota?: number;
  /** Cap on files + directories, root included. Default `null` (no cap). */
  maxNodes?: number | null;
  /** Store for new files. Default `'auto'` (sequential, promoted on the first random write). */
  defaultStorage?: DefaultStorage;
  /** No sequential→random-access promotion above this size. Default `null` (= 512 MiB). */
  promotionHardLimit?: number | null;
  /** Bytes charged per stored chunk. Default `null` (= {@link DEFAULT_CHUNK_OVERHEAD}). */
  chunkOverheadOverride?: number | null;
  /** ms the async API waits for a contended file lock; `null` waits forever. Default 30 000. */
  defaultLockTimeout?: number | null;
  /** Physical-memory check: `'none'`, `'init'` (once) or `'per_write'`. Default `'none'`. */
  memoryGuard?: MemoryGuardMode;
  /** What a guard violation does: `'warn'` (process warning) or `'raise'` (`MFSMemoryError`). */
  memoryGuardAction?: MemoryGuardAction;
  /** ms between operating-system memory queries under `'per_write'`. Default 1000. */
  memoryGuardInterval?: number;
  /** Wall clock for timestamps, ms since the epoch. Default `Date.now`. */
  clock?: () => number;
  /**
   * Where the memory guard reads available physical memory (bytes, or `null` if unknown). Default:
   * cgroup v2, then cgroup v1, then `/proc/meminfo` on Linux, `os.freemem()` elsewhere.
   */
  availableMemory?: AvailableMemorySource;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly maxQuota: number;
  readonly maxNodes: number | null;
  readonly defaultStorage: DefaultStorage;
  readonly promotionHardLimit: number;
  readonly chunkOverhead: number;
  readonly defaultLockTimeout: number | null;
  readonly memoryGuard: MemoryGuardMode;
  readonly memoryGuardAction: MemoryGuardAction;
  readonly memoryGuardInterval: number;
  readonly clock: () => number;
  readonly availableMemory: AvailableMemorySource | undefined;
}

const KNOWN_OPTIONS = new Set([
  'maxQuota',
  'maxNodes',
  'defaultStorage',
  'promotionHardLimit',
  'chunkOverheadOverride',
  'defaultLockTimeout',
  'memoryGuard',
  'memoryGuardAction',
  'memoryGuardInterval',
  'clock',
  'availableMemory',
]);

const STORAGE_KINDS: readonly DefaultStorage[] = ['auto', 'sequential', 'random_access'];

/** Validates and completes constructor options. */
export function resolveOptions(options: MemoryFileSystemOptions | undefined): ResolvedOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object') {
    throw new TypeError(`MemoryFileSystem options must be an object; got ${typeof options}.`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new InvalidArgumentError(
        `Unknown MemoryFileSystem option '${key}'. Known options: ${[...KNOWN_OPTIONS].join(', ')}.`,
      );
    }
  }
  const defaultStorage = options.defaultStorage ?? 'auto';
  if (!STORAGE_KINDS.includes(defaultStorage)) {
    throw new InvalidArgumentError(
      `Invalid defaultStorage value: ${JSON.stringify(defaultStorage)}. Expected 'auto', 'sequential', or 'random_access'.`,
    );
  }
  const maxNodes = nullableInteger(options.maxNodes, 'maxNodes', null, 1);
  return {
    maxQuota: integer(options.maxQuota, 'maxQuota', DEFAULT_MAX_QUOTA, 0),
    maxNodes,
    defaultStorage,
    promotionHardLimit:
      nullableInteger(options.promotionHardLimit, 'promotionHardLimit', null, 0) ??
      DEFAULT_PROMOTION_HARD_LIMIT,
    chunkOverhead:
      nullableInteger(options.chunkOverheadOverride, 'chunkOverheadOverride', null, 0) ??
      DEFAULT_CHUNK_OVERHEAD,
    defaultLockTimeout: nullableDuration(
      options.defaultLockTimeout,
      'defaultLockTimeout',
      DEFAULT_LOCK_TIMEOUT,
    ),
    // The guard options themselves are validated by MemoryGuard, action first, as in D-MemFS.
    memoryGuard: options.memoryGuard ?? 'none',
    memoryGuardAction: options.memoryGuardAction ?? 'warn',
    memoryGuardInterval: duration(options.memoryGuardInterval, 'memoryGuardInterval', 1_000),
    clock: fn(options.clock, 'clock') ?? Date.now,
    availableMemory: fn(options.availableMemory, 'availableMemory'),
  };
}

function integer(value: unknown, name: string, fallback: number, min: number): number {
  return value === undefined ? fallback : integerOption(value, name, min);
}

function nullableInteger(value: unknown, name: string, fallback: number | null, min: number): number | null {
  if (value === null) return null;
  return value === undefined ? fallback : integerOption(value, name, min);
}

function duration(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number')
    throw new TypeError(`Option '${name}' must be a number; got ${typeof value}.`);
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`Option '${name}' must be a finite number of ms >= 0; got ${value}.`);
  }
  return value;
}

function nullableDuration(value: unknown, name: string, fallback: number | null): number | null {
  if (value === null) return null;
  if (value === undefined) return fallback;
  return duration(value, name, 0);
}

/** Validates a per-call lock timeout (`undefined` = the filesystem default). */
export function lockTimeoutOption(value: unknown, fallback: number | null): number | null {
  return nullableDuration(value, 'lockTimeout', fallback);
}

function fn<T>(value: T | undefined, name: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`Option '${name}' must be a function.`);
  return value;
}
