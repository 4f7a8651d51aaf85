/**
 * `npm run bench`: runs the six D-MemFS benchmark cases on every backend and writes Markdown, JSON and
 * SVG reports. See `benchmarks/README.md`.
 *
 * Each case/backend pair runs in its own child process (`child.ts`), one at a time, so measurements
 * never share a heap, a JIT state or a CPU. A pair that fails becomes an error row; the run goes on.
 *
 * @module
 */

import { fileURLToPath } from 'node:url';
import { BACKENDS, FLOOR_BACKEND, findBackend } from './backends/index.js';
import type { BackendDefinition } from './backends/types.js';
import { parseRunOptions, type RunOptions, USAGE, UsageError } from './cli/options.js';
import { describeMachine } from './lib/machine.js';
import type { ChildReport } from './lib/protocol.js';
import { runChild } from './lib/run-child.js';
import { summarize } from './lib/stats.js';
import { MiB } from './lib/units.js';
import { type BenchReport, buildCaseReport, type CaseReport, type Outcome } from './report/model.js';
import { writeReports } from './report/write.js';
import { findWorkload, WORKLOADS } from './workloads/index.js';
import { PRESETS } from './workloads/sizes.js';
import type { Workload } from './workloads/types.js';

const DEFAULT_OUT_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** The requested entries of `all`, in `all`'s order; `lookup` throws for unknown names. */
function select<T>(all: readonly T[], names: readonly string[] | null, lookup: (name: string) => T): T[] {
  if (names === null) return [...all];
  let wanted: Set<T>;
  try {
    wanted = new Set(names.map(lookup));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return all.filter((item) => wanted.has(item));
}

function describeOutcome(report: ChildReport): string {
  if (report.status === 'error') return `error: ${report.message.split('\n', 1)[0]}`;
  const { median } = summarize(report.timesMs);
  return `median ${median.toFixed(2)} ms, peak ${(report.peakBytes / MiB).toFixed(1)} MiB`;
}

/** Runs every workload on every backend, one child process at a time, printing a line per pair. */
async function runAll(
  options: RunOptions,
  workloads: readonly Workload[],
  backends: readonly BackendDefinition[],
): Promise<CaseReport[]> {
  const sizes = PRESETS[options.preset];
  const unavailable = new Map(
    backends.map((backend) => [backend.name, backend.unavailableReason?.() ?? null]),
  );
  const total = workloads.length * backends.length;
  const counterWidth = String(total).length;
  let index = 0;
  const cases: CaseReport[] = [];
  for (const workload of workloads) {
    const outcomes: Outcome[] = [];
    for (const backend of backends) {
      index++;
      const prefix = `[${String(index).padStart(counterWidth)}/${total}] ${workload.name.padEnd(24)} ${backend.name.padEnd(12)}`;
      const reason = unavailable.get(backend.name);
      if (reason) {
        outcomes.push({ backend: backend.name, skipped: reason });
        console.log(`${prefix} skipped: ${reason}`);
        continue;
      }
      const report = await runChild(
        {
          caseName: workload.name,
          backendName: backend.name,
          sizes,
          warmup: options.warmup,
          repeat: options.repeat,
        },
        options.timeoutMs,
      );
      outcomes.push({ backend: backend.name, report });
      console.log(`${prefix} ${describeOutcome(report)}`);
    }
    cases.push(buildCaseReport(workload.name, workload.describe(sizes), outcomes, FLOOR_BACKEND));
  }
  return cases;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: RunOptions;
  let workloads: Workload[];
  let backends: BackendDefinition[];
  try {
    options = parseRunOptions(argv);
    workloads = select(WORKLOADS, options.only, findWorkload);
    backends = select(BACKENDS, options.backends, findBackend);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }

  const cases = await runAll(options, workloads, backends);
  const report: BenchReport = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    preset: options.preset,
    warmup: options.warmup,
    repeat: options.repeat,
    sizes: PRESETS[options.preset],
    machine: describeMachine(),
    floorBackend: FLOOR_BACKEND,
    backends: backends.map(({ name, description }) => ({ name, description })),
    cases,
  };
  // Tiny runs only check the harness; keep them from replacing real results.
  const files = writeReports(
    report,
    options.outDir ?? DEFAULT_OUT_DIR,
    options.preset === 'tiny' ? 'tiny' : 'latest',
  );
  console.log(`\nWrote ${files.markdown}\n      ${files.json}\n      ${files.svg}`);
  const failed = cases.some((caseReport) => caseReport.results.some((result) => result.status === 'error'));
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
