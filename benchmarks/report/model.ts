/**
 * The structured result of a benchmark run: what `latest.json` contains and what the Markdown and
 * SVG renderers read.
 *
 * @module
 */

import type { BenchSizes } from '../cases.js';
import type { MachineInfo } from '../lib/machine.js';
import type { ChildReport } from '../lib/protocol.js';
import { summarize } from '../lib/stats.js';
import { MiB } from '../lib/units.js';
import type { PresetName } from '../workloads/sizes.js';

/** One contender of a case, as the report describes it. */
export interface ContenderInfo {
  readonly name: string;
  readonly description: string;
  /** True for dmemfs itself, or a contender that uses it. */
  readonly dmemfs: boolean;
}

/** One contender's outcome on one case. */
export type ContenderResult =
  | {
      readonly contender: string;
      readonly status: 'ok';
      /** Time per operation of each timed iteration. */
      readonly timesMs: readonly number[];
      readonly minMs: number;
      readonly medianMs: number;
      readonly maxMs: number;
      /** Peak memory growth; `null` when the contender's data lives outside this process's heap. */
      readonly peakBytes: number | null;
      readonly peakMiB: number | null;
      /** Peak quota usage during the memory iteration, for contenders that keep a quota. */
      readonly peakQuotaBytes: number | null;
      /** Memory the filesystem held at the end of a workload (released by dropping it); `null` for scenarios. */
      readonly heldBytes: number | null;
      /** Median divided by the case baseline's median; `null` when the baseline has no result. */
      readonly medianVsBaseline: number | null;
      /** Median per unit of work (see {@link UnitInfo}); `null` for cases without units. */
      readonly perUnitMs: number | null;
      /** (Median − the floor contender's median) per unit; `null` without a floor result. */
      readonly perUnitOverFloorMs: number | null;
    }
  | { readonly contender: string; readonly status: 'error'; readonly error: string }
  | { readonly contender: string; readonly status: 'skipped'; readonly reason: string };

/** How a case's medians are broken down per unit of work (per test of a suite, say). */
export interface UnitInfo {
  readonly name: string;
  /** Units in one operation. */
  readonly count: number;
  /** The contender whose median is subtracted for {@link ContenderResult} `perUnitOverFloorMs`. */
  readonly floor: string | null;
}

/** Everything about a case except its results. */
export interface CaseInfo {
  readonly name: string;
  /** `workload`: one of the six file workloads, contenders are backends. `scenario`: a product case. */
  readonly kind: 'workload' | 'scenario';
  readonly description: string;
  /** The contender every median is divided by: `map` for the workloads. */
  readonly baseline: string;
  readonly unit: UnitInfo | null;
  /** Iterations actually run for this case (a scenario may cap them in some presets). */
  readonly warmup: number;
  readonly repeat: number;
  readonly contenders: readonly ContenderInfo[];
}

/** All contenders' outcomes on one case. */
export interface CaseReport extends CaseInfo {
  readonly results: readonly ContenderResult[];
}

/** A whole run. */
export interface BenchReport {
  readonly schemaVersion: 2;
  readonly generatedAt: string;
  readonly preset: PresetName;
  /** Iterations asked for on the command line. */
  readonly warmup: number;
  readonly repeat: number;
  readonly sizes: BenchSizes;
  readonly machine: MachineInfo;
  readonly cases: readonly CaseReport[];
}

/** What happened to one contender on one case, before statistics. */
export type Outcome =
  | { readonly contender: string; readonly report: ChildReport }
  | { readonly contender: string; readonly skipped: string };

function medianOf(results: readonly ContenderResult[], name: string | null): number | null {
  const found = results.find((result) => result.contender === name);
  return found?.status === 'ok' ? found.medianMs : null;
}

/** Computes statistics, baseline ratios and per-unit costs for one case's outcomes, keeping their order. */
export function buildCaseReport(info: CaseInfo, outcomes: readonly Outcome[]): CaseReport {
  const partial = outcomes.map((outcome): ContenderResult => {
    const { contender } = outcome;
    if ('skipped' in outcome) return { contender, status: 'skipped', reason: outcome.skipped };
    const { report } = outcome;
    if (report.status === 'error') return { contender, status: 'error', error: report.message };
    const { min, median, max } = summarize(report.timesMs);
    return {
      contender,
      status: 'ok',
      timesMs: report.timesMs,
      minMs: min,
      medianMs: median,
      maxMs: max,
      peakBytes: report.peakBytes,
      peakMiB: report.peakBytes === null ? null : report.peakBytes / MiB,
      peakQuotaBytes: report.peakQuotaBytes,
      heldBytes: report.heldBytes,
      medianVsBaseline: null,
      perUnitMs: null,
      perUnitOverFloorMs: null,
    };
  });
  const baselineMedian = medianOf(partial, info.baseline);
  const { unit } = info;
  const floorMedian = unit === null ? null : medianOf(partial, unit.floor);
  const results = partial.map((result): ContenderResult => {
    if (result.status !== 'ok') return result;
    return {
      ...result,
      medianVsBaseline:
        baselineMedian !== null && baselineMedian > 0 ? result.medianMs / baselineMedian : null,
      perUnitMs: unit === null ? null : result.medianMs / unit.count,
      perUnitOverFloorMs:
        unit === null || floorMedian === null ? null : (result.medianMs - floorMedian) / unit.count,
    };
  });
  return { ...info, results };
}
