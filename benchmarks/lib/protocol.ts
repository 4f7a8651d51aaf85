/**
 * Messages between the runner and a benchmark child process.
 *
 * The task travels as one JSON command-line argument; the report comes back as one IPC message.
 *
 * @module
 */

import type { WorkloadSizes } from '../workloads/types.js';

/** What one child measures: one case on one backend. */
export interface ChildTask {
  readonly caseName: string;
  readonly backendName: string;
  readonly sizes: WorkloadSizes;
  /** Untimed iterations run first, to warm up the JIT and the backend's caches. */
  readonly warmup: number;
  /** Timed iterations. */
  readonly repeat: number;
}

/** A child's answer. */
export type ChildReport =
  | {
      readonly status: 'ok';
      /** Wall time of each timed iteration, in milliseconds. */
      readonly timesMs: readonly number[];
      /** Peak `heapUsed + arrayBuffers` growth over a collected baseline, in bytes. */
      readonly peakBytes: number;
    }
  | { readonly status: 'error'; readonly message: string };

/** True if `value` has the shape of a {@link ChildReport}; IPC messages arrive untyped. */
export function isChildReport(value: unknown): value is ChildReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Record<string, unknown>;
  if (report.status === 'error') return typeof report.message === 'string';
  return (
    report.status === 'ok' &&
    Array.isArray(report.timesMs) &&
    report.timesMs.every((time) => typeof time === 'number') &&
    typeof report.peakBytes === 'number'
  );
}
