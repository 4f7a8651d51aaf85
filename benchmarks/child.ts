/**
 * Entry point of a benchmark child process: measures one case on one contender and reports back to
 * the runner over IPC. Running each pair in a fresh process keeps JIT state, heap growth and library
 * caches of one measurement from leaking into the next.
 *
 * Started by `lib/run-child.ts` as `node --expose-gc --import tsx child.ts '<ChildTask JSON>'`.
 *
 * @module
 */

import { findBackend } from './backends/index.js';
import { findCase } from './cases.js';
import { type Measurement, measureOperation, measureWorkload } from './lib/measure.js';
import type { ChildReport, ChildTask } from './lib/protocol.js';
import { findContender } from './scenarios/index.js';

async function measureTask(task: ChildTask): Promise<Measurement> {
  const found = findCase(task.caseName);
  if (found.kind === 'workload') {
    const createFs = await findBackend(task.contender).load();
    return measureWorkload(found.workload, createFs, task.sizes.workloads, task.warmup, task.repeat);
  }
  const contender = findContender(found.scenario, task.contender);
  const sizes = task.sizes.scenarios;
  const operation = await contender.prepare({ sizes, preset: task.preset, scratchDir: task.scratchDir });
  try {
    return await measureOperation(operation, contender.batch?.(sizes) ?? 1, task.warmup, task.repeat);
  } finally {
    await operation.dispose?.();
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

const send = process.send?.bind(process);
if (send === undefined) {
  console.error('child.ts reports over IPC; start it through benchmarks/run.ts');
  process.exit(2);
}
let report: ChildReport;
try {
  const { timesMs, peakBytes, peakQuotaBytes, heldBytes } = await measureTask(
    JSON.parse(process.argv[2] ?? '') as ChildTask,
  );
  report = { status: 'ok', timesMs, peakBytes, peakQuotaBytes, heldBytes };
} catch (error) {
  report = { status: 'error', message: describeError(error) };
}
send(report, () => process.exit(report.status === 'ok' ? 0 : 1));
