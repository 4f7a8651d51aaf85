/**
 * The product scenarios, in report order (after the six file workloads).
 *
 * @module
 */

import { archiveExpand } from './archive-expand.js';
import { fixtureSetup } from './fixture-setup.js';
import { snapshotFork } from './snapshot-fork.js';
import { sqliteClone } from './sqlite-clone.js';
import type { Contender, Scenario } from './types.js';
import { vitestSuite } from './vitest-suite.js';

/** All scenarios, in report order. */
export const SCENARIOS: readonly Scenario[] = [
  snapshotFork,
  archiveExpand,
  sqliteClone,
  fixtureSetup,
  vitestSuite,
];

/** Looks a contender of `scenario` up by name; throws with the known names if there is none. */
export function findContender(scenario: Scenario, name: string): Contender {
  const contender = scenario.contenders.find((candidate) => candidate.name === name);
  if (contender === undefined) {
    const known = scenario.contenders.map((c) => c.name).join(', ');
    throw new Error(`unknown contender "${name}" of ${scenario.name}; known: ${known}`);
  }
  return contender;
}
