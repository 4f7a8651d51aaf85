/**
 * Entry point of a benchmark child process: measures one case on one backend and reports back to the
 * runner over IPC. Running each pair in a fresh process keeps JIT state, heap growth and library
 * caches of one measurement from leaking into the next.
 *
 * Started by `lib/run-child.ts` as `node --expose-gc --import tsx child.ts '<ChildTask JSON>'`.
 *
 * @module
 */

import { findBackend } from './backends/index.js';
import { measureWorkload } from './lib/measure.js';
import type { ChildReport, ChildTask } from './lib/protocol.js';
import { findWorkload } from './workloads/index.js';

async function measureTask(task: ChildTask): Promise<ChildReport> {
  const workload = findWorkload(task.caseName);
  const createFs = await findBackend(task.backendName).load();
  const { timesMs, peakBytes } = measureWorkload(workload, createFs, task.sizes, task.warmup, task.repeat);
  return { status: 'ok', timesMs, peakBytes };
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
  report = await measureTask(JSON.parse(process.argv[2] ?? '') as ChildTask);
} catch (error) {
  report = { status: 'error', message: describeError(error) };
}
send(report, () => process.exit(report.status === 'ok' ? 0 : 1));
