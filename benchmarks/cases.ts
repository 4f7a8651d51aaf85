/**
 * Every case the runner knows, in report order: the six file workloads of the reference harness,
 * each run on every backend, then the product scenarios, each with its own contenders. Also the size
 * presets of both.
 *
 * @module
 */

import { SCENARIOS } from './scenarios/index.js';
import { SCENARIO_PRESETS } from './scenarios/sizes.js';
import type { Scenario, ScenarioSizes } from './scenarios/types.js';
import { WORKLOADS } from './workloads/index.js';
import { PRESETS, type PresetName } from './workloads/sizes.js';
import type { Workload, WorkloadSizes } from './workloads/types.js';

/** The sizes of one run: the workloads' and the scenarios'. */
export interface BenchSizes {
  readonly workloads: WorkloadSizes;
  readonly scenarios: ScenarioSizes;
}

/** The sizes of each preset. */
export function sizesOf(preset: PresetName): BenchSizes {
  return { workloads: PRESETS[preset], scenarios: SCENARIO_PRESETS[preset] };
}

/** A case: a file workload (contenders are the backends) or a scenario (contenders are its own). */
export type BenchCase =
  | { readonly kind: 'workload'; readonly name: string; readonly workload: Workload }
  | { readonly kind: 'scenario'; readonly name: string; readonly scenario: Scenario };

/** All cases, in report order. */
export const CASES: readonly BenchCase[] = [
  ...WORKLOADS.map((workload) => ({ kind: 'workload' as const, name: workload.name, workload })),
  ...SCENARIOS.map((scenario) => ({ kind: 'scenario' as const, name: scenario.name, scenario })),
];

/** Looks a case up by name; throws with the list of known names if there is none. */
export function findCase(name: string): BenchCase {
  const found = CASES.find((candidate) => candidate.name === name);
  if (found === undefined) {
    throw new Error(`unknown case "${name}"; known: ${CASES.map((c) => c.name).join(', ')}`);
  }
  return found;
}
