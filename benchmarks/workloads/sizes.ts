/**
 * Size presets for the workloads.
 *
 * @module
 */

import { KiB, MiB } from '../lib/units.js';
import type { WorkloadSizes } from './types.js';

/** The reference harness's defaults (`compare_backends.py` with no options). */
export const DEFAULT_SIZES: WorkloadSizes = {
  smallFileCount: 300,
  smallFileBytes: 4 * KiB,
  streamBytes: 16 * MiB,
  streamChunkBytes: 64 * KiB,
  largeStreamBytes: 512 * MiB,
  largeChunkBytes: MiB,
  manyFileCount: 10_000,
  deepLevels: 50,
  deepReadCount: 1000,
  deepFileBytes: KiB,
};

/**
 * Same shapes, less data: chunk sizes, file sizes and depths stay; the large stream and the file count
 * shrink, which are what make the default run long.
 */
export const QUICK_SIZES: WorkloadSizes = {
  ...DEFAULT_SIZES,
  largeStreamBytes: 64 * MiB,
  manyFileCount: 1000,
};

/** Just enough work to exercise every code path: for the harness's own smoke test. */
export const TINY_SIZES: WorkloadSizes = {
  smallFileCount: 8,
  smallFileBytes: 4 * KiB,
  streamBytes: 256 * KiB,
  streamChunkBytes: 64 * KiB,
  largeStreamBytes: MiB,
  largeChunkBytes: 256 * KiB,
  manyFileCount: 32,
  deepLevels: 8,
  deepReadCount: 16,
  deepFileBytes: KiB,
};

/** Name of a size preset, as chosen on the command line. */
export type PresetName = 'default' | 'quick' | 'tiny';

/** The sizes of each preset. */
export const PRESETS: Readonly<Record<PresetName, WorkloadSizes>> = {
  default: DEFAULT_SIZES,
  quick: QUICK_SIZES,
  tiny: TINY_SIZES,
};
