/**
 * The measurement loop of one case on one backend, run inside a child process.
 *
 * @module
 */

import type { CreateBenchFs } from '../backends/types.js';
import type { Workload, WorkloadSizes } from '../workloads/types.js';
import { collectGarbage, measurePeakGrowth } from './memory.js';

/** Times and peak memory of one case on one backend. */
export interface Measurement {
  readonly timesMs: number[];
  readonly peakBytes: number;
}

/**
 * Runs `warmup` untimed iterations, then `repeat` timed ones, then one untimed iteration that samples
 * memory (see `memory.ts`). Each timed iteration starts after a full garbage collection, so garbage
 * from the previous one is not collected on its clock.
 */
export function measureWorkload(
  workload: Workload,
  createFs: CreateBenchFs,
  sizes: WorkloadSizes,
  warmup: number,
  repeat: number,
): Measurement {
  for (let i = 0; i < warmup; i++) workload.run(createFs, sizes);
  const timesMs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    collectGarbage();
    const start = performance.now();
    workload.run(createFs, sizes);
    timesMs.push(performance.now() - start);
  }
  const peakBytes = measurePeakGrowth((sampledCreateFs) => workload.run(sampledCreateFs, sizes), createFs);
  return { timesMs, peakBytes };
}
