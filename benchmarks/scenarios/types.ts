/**
 * The contract of the product scenarios: cases that measure what dmemfs is used for (forking a
 * fixture tree, expanding an archive, cloning a database, a test suite) against the usual way of
 * doing the same thing. Unlike the six file workloads, each scenario names its own contenders, one
 * of which is its baseline: the conventional alternative every other median is divided by.
 *
 * @module
 */

import type { PresetName } from '../workloads/sizes.js';

/** Every size the scenarios depend on; the presets live in `sizes.ts`. */
export interface ScenarioSizes {
  /** Files in the tree of `snapshot_fork`. */
  readonly forkFileCount: number;
  /** Bytes of file data in the tree of `snapshot_fork`, spread evenly over its files. */
  readonly forkTotalBytes: number;
  /** Files in the zip archive of `archive_expand`. */
  readonly archiveFileCount: number;
  /** Uncompressed size of each file in that archive. */
  readonly archiveFileBytes: number;
  /** Scale of the seed rows of `sqlite_clone`: 1 is a database of about 5 MiB. */
  readonly sqliteScale: number;
  /** Clones (or buffer loads) timed together in one sample of `sqlite_clone`. */
  readonly sqliteCloneBatch: number;
  /** Files of the seed tree in the seeded contenders of `fixture_setup`. */
  readonly fixtureSeedFiles: number;
  /** Tests timed together in one sample of `fixture_setup`'s in-memory contenders. */
  readonly fixtureBatch: number;
  /** Tests timed together in one sample of `fixture_setup`'s temporary-directory contenders. */
  readonly fixtureDirectoryBatch: number;
  /** Test files of the generated suite of `vitest_suite`. */
  readonly suiteFiles: number;
  /** Tests in each of those files. */
  readonly suiteTestsPerFile: number;
  /** Files each test writes and then reads back. */
  readonly suiteFilesPerTest: number;
  /** Size of each of those files. */
  readonly suiteFileBytes: number;
}

/**
 * Lets an operation report its memory: called while what the operation made is still referenced,
 * it records the growth of `heapUsed + arrayBuffers`, and `quotaUsedBytes` when dmemfs holds the
 * data. Operations whose data lives outside this process's V8 heap never call it, and report no
 * peak.
 */
export interface MemoryProbe {
  sample(quotaUsedBytes?: number): void;
}

/** A prepared contender: the measured operation and what it must release afterwards. */
export interface Operation {
  /**
   * Performs the operation once and checks its result, throwing on a wrong one. This is what is
   * timed, `batch` times in a row per sample.
   */
  run(probe: MemoryProbe): void | Promise<void>;
  /** Releases what `prepare` made (temporary directories, databases). Not timed. */
  dispose?(): void | Promise<void>;
}

/** What a contender may use while preparing. */
export interface ScenarioContext {
  readonly sizes: ScenarioSizes;
  readonly preset: PresetName;
  /**
   * A directory the runner creates for the whole run and removes at its end: for preparations that
   * every contender of a case can share, such as the built package of `vitest_suite`.
   */
  readonly scratchDir: string;
}

/** One way of doing a scenario's work. */
export interface Contender {
  /** Short identifier used on the command line and in reports, e.g. `fromSnapshot`. */
  readonly name: string;
  /** One line saying what is measured. */
  readonly description: string;
  /** True for the contenders that use dmemfs (the chart colours them as such). */
  readonly dmemfs: boolean;
  /** Operations timed together in one sample; the sample's time is divided by it. Default 1. */
  readonly batch?: (sizes: ScenarioSizes) => number;
  /** Why the contender cannot run on this machine, or `null` when it can. */
  readonly unavailableReason?: () => string | null;
  /** Builds everything the operation needs; not timed. */
  prepare(context: ScenarioContext): Promise<Operation> | Operation;
}

/** Iteration counts that replace the command line's in a given preset. */
export interface IterationLimit {
  readonly warmup: number;
  readonly repeat: number;
}

/** One product scenario. */
export interface Scenario {
  readonly name: string;
  /** One line describing the work for the given sizes, for reports. */
  describe(sizes: ScenarioSizes): string;
  /** Its contenders, in report order. */
  readonly contenders: readonly Contender[];
  /** The contender every median is divided by: the conventional way of doing the same work. */
  readonly baseline: string;
  /**
   * Derives a cost per unit of work from each median (for example per test of a suite): the median
   * divided by `count`, and, when `floor` names a contender, the median minus the floor's divided by
   * `count`: what the contender adds per unit to work that has to be done anyway.
   */
  readonly unit?: {
    readonly name: string;
    readonly count: (sizes: ScenarioSizes) => number;
    readonly floor?: string;
  };
  /**
   * Caps on the iterations in some presets, for cases whose single iteration takes seconds whatever
   * the sizes (a real Vitest run), so that `--quick` stays quick.
   */
  readonly iterationLimits?: Partial<Record<PresetName, IterationLimit>>;
}

/** Thrown when an operation's result is not what it should be. */
export class ScenarioValidationError extends Error {
  override readonly name = 'ScenarioValidationError';
}

/** Throws {@link ScenarioValidationError} unless `actual === expected`. */
export function expectValue(scenario: string, what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new ScenarioValidationError(
      `${scenario}: ${what} is ${String(actual)}, expected ${String(expected)}`,
    );
  }
}
