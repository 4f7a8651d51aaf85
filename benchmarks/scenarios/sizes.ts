/**
 * Size presets of the product scenarios, matching the workload presets' names.
 *
 * @module
 */

import { KiB, MiB } from '../lib/units.js';
import type { PresetName } from '../workloads/sizes.js';
import type { ScenarioSizes } from './types.js';

/** The sizes the issue names: a 10,000-file / 40 MiB tree, a 2,000-file zip, a ~5 MiB database, 1,000 tests. */
export const DEFAULT_SCENARIO_SIZES: ScenarioSizes = {
  forkFileCount: 10_000,
  forkTotalBytes: 40 * MiB,
  archiveFileCount: 2000,
  archiveFileBytes: 4 * KiB,
  sqliteScale: 1,
  sqliteCloneBatch: 20,
  fixtureSeedFiles: 20,
  fixtureBatch: 2000,
  fixtureDirectoryBatch: 100,
  suiteFiles: 10,
  suiteTestsPerFile: 100,
  suiteFilesPerTest: 10,
  suiteFileBytes: KiB,
};

/** Same shapes, a fifth of the data or less. */
export const QUICK_SCENARIO_SIZES: ScenarioSizes = {
  ...DEFAULT_SCENARIO_SIZES,
  forkFileCount: 2000,
  forkTotalBytes: 8 * MiB,
  archiveFileCount: 400,
  sqliteScale: 0.2,
  sqliteCloneBatch: 10,
  fixtureBatch: 500,
  fixtureDirectoryBatch: 20,
  suiteFiles: 2,
  suiteTestsPerFile: 50,
};

/** Just enough to exercise every code path: for the harness's own smoke test. */
export const TINY_SCENARIO_SIZES: ScenarioSizes = {
  forkFileCount: 20,
  forkTotalBytes: 20 * KiB,
  archiveFileCount: 10,
  archiveFileBytes: 256,
  sqliteScale: 0.01,
  sqliteCloneBatch: 2,
  fixtureSeedFiles: 2,
  fixtureBatch: 4,
  fixtureDirectoryBatch: 2,
  suiteFiles: 1,
  suiteTestsPerFile: 3,
  suiteFilesPerTest: 2,
  suiteFileBytes: 64,
};

/** The scenario sizes of each preset. */
export const SCENARIO_PRESETS: Readonly<Record<PresetName, ScenarioSizes>> = {
  default: DEFAULT_SCENARIO_SIZES,
  quick: QUICK_SCENARIO_SIZES,
  tiny: TINY_SCENARIO_SIZES,
};
