/**
 * Messages between the runner and a benchmark child process.
 *
 * The task travels as one JSON command-line argument; the report comes back as one IPC message.
 *
 * @module
 */

import type { BenchSizes } from '../cases.js';
import type { PresetName } from '../workloads/sizes.js';

/** What one child measures: one case on one contender (for a file workload, a backend). */
export interface ChildTask {
  readonly caseName: string;
  readonly contender: string;
  readonly preset: PresetName;
  readonly sizes: BenchSizes;
  /** Untimed iterations run first, to warm up the JIT and the contender's caches. */
  readonly warmup: number;
  /** Timed iterations. */
  readonly repeat: number;
  /** A directory that lives as long as the run, shared by every child (see `ScenarioContext`). */
  readonly scratchDir: string;
}

/** A child's answer. */
export type ChildReport =
  | {
      readonly status: 'ok';
      /** Time per operation of each timed iteration, in milliseconds. */
      readonly timesMs: readonly number[];
      /** Peak `heapUsed + arrayBuffers` growth over a collected baseline; `null` if not measured. */
      readonly peakBytes: number | null;
      /** Peak quota usage seen with the memory samples, for contenders that report one. */
      readonly peakQuotaBytes: number | null;
      /** What the filesystem held at the end of the work (see `memory.ts`); `null` if not measured. */
      readonly heldBytes: number | null;
    }
  | { readonly status: 'error'; readonly message: string };

const isNumberOrNull = (value: unknown) => value === null || typeof value === 'number';

/** True if `value` has the shape of a {@link ChildReport}; IPC messages arrive untyped. */
export function isChildReport(value: unknown): value is ChildReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Record<string, unknown>;
  if (report.status === 'error') return typeof report.message === 'string';
  return (
    report.status === 'ok' &&
    Array.isArray(report.timesMs) &&
    report.timesMs.every((time) => typeof time === 'number') &&
    isNumberOrNull(report.peakBytes) &&
    isNumberOrNull(report.peakQuotaBytes) &&
    isNumberOrNull(report.heldBytes)
  );
}
