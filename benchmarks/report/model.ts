/**
 * The structured result of a benchmark run: what `latest.json` contains and what the Markdown and
 * SVG renderers read.
 *
 * @module
 */

import type { MachineInfo } from '../lib/machine.js';
import type { ChildReport } from '../lib/protocol.js';
import { summarize } from '../lib/stats.js';
import { MiB } from '../lib/units.js';
import type { PresetName } from '../workloads/sizes.js';
import type { WorkloadSizes } from '../workloads/types.js';

/** One backend's outcome on one case. */
export type BackendResult =
  | {
      readonly backend: string;
      readonly status: 'ok';
      readonly timesMs: readonly number[];
      readonly minMs: number;
      readonly medianMs: number;
      readonly maxMs: number;
      readonly peakBytes: number;
      readonly peakMiB: number;
      /** Median divided by the floor backend's median; `null` when the floor has no result. */
      readonly medianVsFloor: number | null;
    }
  | { readonly backend: string; readonly status: 'error'; readonly error: string }
  | { readonly backend: string; readonly status: 'skipped'; readonly reason: string };

/** All backends' outcomes on one case. */
export interface CaseReport {
  readonly name: string;
  readonly description: string;
  readonly results: readonly BackendResult[];
}

/** A whole run. */
export interface BenchReport {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  readonly preset: PresetName;
  readonly warmup: number;
  readonly repeat: number;
  readonly sizes: WorkloadSizes;
  readonly machine: MachineInfo;
  /** The backend every median is divided by. */
  readonly floorBackend: string;
  readonly backends: readonly { readonly name: string; readonly description: string }[];
  readonly cases: readonly CaseReport[];
}

/** What happened to one backend on one case, before statistics. */
export type Outcome =
  | { readonly backend: string; readonly report: ChildReport }
  | { readonly backend: string; readonly skipped: string };

/** Computes statistics and floor ratios for one case's outcomes, keeping their order. */
export function buildCaseReport(
  name: string,
  description: string,
  outcomes: readonly Outcome[],
  floorBackend: string,
): CaseReport {
  const partial = outcomes.map((outcome): BackendResult => {
    if ('skipped' in outcome) return { backend: outcome.backend, status: 'skipped', reason: outcome.skipped };
    const { report } = outcome;
    if (report.status === 'error')
      return { backend: outcome.backend, status: 'error', error: report.message };
    const { min, median, max } = summarize(report.timesMs);
    return {
      backend: outcome.backend,
      status: 'ok',
      timesMs: report.timesMs,
      minMs: min,
      medianMs: median,
      maxMs: max,
      peakBytes: report.peakBytes,
      peakMiB: report.peakBytes / MiB,
      medianVsFloor: null,
    };
  });
  const floor = partial.find((result) => result.backend === floorBackend && result.status === 'ok');
  const floorMedian = floor?.status === 'ok' ? floor.medianMs : null;
  const results = partial.map((result) =>
    result.status === 'ok' && floorMedian !== null && floorMedian > 0
      ? { ...result, medianVsFloor: result.medianMs / floorMedian }
      : result,
  );
  return { name, description, results };
}
