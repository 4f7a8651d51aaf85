/**
 * The measurement loops, run inside a child process: one for a file workload on one backend, one for
 * a scenario's contender.
 *
 * @module
 */

import type { CreateBenchFs } from '../backends/types.js';
import type { MemoryProbe, Operation } from '../scenarios/types.js';
import type { Workload, WorkloadSizes } from '../workloads/types.js';
import {
  collectGarbage,
  measurePeakGrowth,
  type PeakMemory,
  PeakSampler,
  settledFootprintBytes,
} from './memory.js';

/** Times and peak memory of one case on one contender. */
export interface Measurement extends PeakMemory {
  /** Time per operation of each timed sample, in milliseconds. */
  readonly timesMs: number[];
}

/**
 * Runs `warmup` untimed iterations, then `repeat` timed ones, then one untimed iteration that samples
 * memory (see `memory.ts`). Each timed iteration starts after a full garbage collection, so garbage
 * from the previous one is not collected on its clock.
 */
export async function measureWorkload(
  workload: Workload,
  createFs: CreateBenchFs,
  sizes: WorkloadSizes,
  warmup: number,
  repeat: number,
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) workload.run(createFs, sizes);
  const timesMs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    collectGarbage();
    const start = performance.now();
    workload.run(createFs, sizes);
    timesMs.push(performance.now() - start);
  }
  const memory = await measurePeakGrowth((sampledCreateFs) => workload.run(sampledCreateFs, sizes), createFs);
  return { timesMs, ...memory };
}

const NO_PROBE: MemoryProbe = { sample: () => undefined };

/** Runs the operation `count` times in a row; waits only for operations that return a promise. */
async function runBatch(operation: Operation, count: number, probe: MemoryProbe): Promise<void> {
  for (let i = 0; i < count; i++) {
    const pending = operation.run(probe);
    if (pending !== undefined) await pending;
  }
}

/**
 * Like {@link measureWorkload} for a scenario's prepared operation: each sample times `batch`
 * operations in a row and records the time per operation; the memory iteration runs the operation
 * once with a probe.
 */
export async function measureOperation(
  operation: Operation,
  batch: number,
  warmup: number,
  repeat: number,
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await runBatch(operation, batch, NO_PROBE);
  const timesMs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    collectGarbage();
    const start = performance.now();
    await runBatch(operation, batch, NO_PROBE);
    timesMs.push((performance.now() - start) / batch);
  }
  const sampler = new PeakSampler(await settledFootprintBytes());
  await runBatch(operation, 1, sampler);
  return { timesMs, ...sampler.result };
}
