/**
 * Shared vocabulary of the workloads: their size parameters and the shape of a workload module.
 *
 * @module
 */

import type { CreateBenchFs } from '../backends/types.js';

/**
 * Every size the six workloads depend on. Names follow the reference harness's command-line options
 * (`--small-files`, `--small-size`, `--stream-size-mb`, ...); the defaults live in `sizes.ts`.
 */
export interface WorkloadSizes {
  /** Files written and read back by `small_files_rw` (`--small-files`). */
  readonly smallFileCount: number;
  /** Size of each file in `small_files_rw` and `many_files_random_read` (`--small-size`). */
  readonly smallFileBytes: number;
  /** File size of `stream_write_read` and `random_access_rw` (`--stream-size-mb`). */
  readonly streamBytes: number;
  /** Write size of `stream_write_read` and `random_access_rw` (`--chunk-kb`). */
  readonly streamChunkBytes: number;
  /** File size of `large_stream_write_read` (`--large-stream-mb`). */
  readonly largeStreamBytes: number;
  /** Write and read size of `large_stream_write_read` (`--large-chunk-kb`). */
  readonly largeChunkBytes: number;
  /** Files written by `many_files_random_read`; half as many random reads follow (`--many-files-count`). */
  readonly manyFileCount: number;
  /** Directory depth of `deep_tree_read` (`--deep-levels`). */
  readonly deepLevels: number;
  /** Reads of the deepest file in `deep_tree_read` (fixed at 1000 in the reference). */
  readonly deepReadCount: number;
  /** Size of the deepest file in `deep_tree_read` (fixed at 1 KiB in the reference). */
  readonly deepFileBytes: number;
}

/** Names of the six cases, in report order. */
export type CaseName =
  | 'small_files_rw'
  | 'stream_write_read'
  | 'random_access_rw'
  | 'large_stream_write_read'
  | 'many_files_random_read'
  | 'deep_tree_read';

/** One benchmark case. */
export interface Workload {
  readonly name: CaseName;
  /** One line describing the work for the given sizes, for reports. */
  describe(sizes: WorkloadSizes): string;
  /**
   * Performs one complete iteration, which is exactly what gets timed: create the filesystem, do the
   * work, validate the byte totals (throwing {@link ValidationError} on a mismatch), dispose.
   */
  run(createFs: CreateBenchFs, sizes: WorkloadSizes): void;
}

/** Thrown when a workload reads back a different number of bytes than it wrote. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

/** Throws {@link ValidationError} unless `actual === expected`. */
export function expectTotal(caseName: CaseName, what: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new ValidationError(`${caseName}: ${what} is ${actual} bytes, expected ${expected}`);
  }
}
