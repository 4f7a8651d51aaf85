/**
 * `npm run bench`: runs the six D-MemFS benchmark cases on every backend and the product scenarios
 * on their contenders, and writes Markdown, JSON and SVG reports. See `benchmarks/README.md`.
 *
 * Each case/contender pair runs in its own child process (`child.ts`), one at a time, so measurements
 * never share a heap, a JIT state or a CPU. A pair that fails becomes an error row; the run goes on.
 *
 * @module
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKENDS, FLOOR_BACKEND, findBackend } from './backends/index.js';
import type { BackendDefinition } from './backends/types.js';
import { type BenchCase, CASES, findCase, sizesOf } from './cases.js';
import { parseRunOptions, type RunOptions, USAGE, UsageError } from './cli/options.js';
import { describeMachine } from './lib/machine.js';
import type { ChildReport } from './lib/protocol.js';
import { runChild } from './lib/run-child.js';
import { summarize } from './lib/stats.js';
import { formatMs, MiB } from './lib/units.js';
import {
  type BenchReport,
  buildCaseReport,
  type CaseInfo,
  type CaseReport,
  type Outcome,
} from './report/model.js';
import { writeReports } from './report/write.js';

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

/** A case ready to run: what the report says about it, and why a contender cannot run, if it cannot. */
interface PlannedCase {
  readonly info: CaseInfo;
  readonly unavailable: ReadonlyMap<string, string | null>;
}

/** Describes each selected case with its contenders and the iterations it will run. */
function planCases(
  options: RunOptions,
  cases: readonly BenchCase[],
  backends: readonly BackendDefinition[],
): PlannedCase[] {
  const sizes = sizesOf(options.preset);
  const backendAvailability = new Map(
    backends.map((backend) => [backend.name, backend.unavailableReason?.() ?? null]),
  );
  return cases.map((benchCase): PlannedCase => {
    if (benchCase.kind === 'workload') {
      const { workload } = benchCase;
      return {
        info: {
          name: workload.name,
          kind: 'workload',
          description: workload.describe(sizes.workloads),
          baseline: FLOOR_BACKEND,
          unit: null,
          warmup: options.warmup,
          repeat: options.repeat,
          contenders: backends.map(({ name, description }) => ({
            name,
            description,
            dmemfs: name === 'dmemfs',
          })),
        },
        unavailable: backendAvailability,
      };
    }
    const { scenario } = benchCase;
    const limit = scenario.iterationLimits?.[options.preset];
    const { unit } = scenario;
    return {
      info: {
        name: scenario.name,
        kind: 'scenario',
        description: scenario.describe(sizes.scenarios),
        baseline: scenario.baseline,
        unit:
          unit === undefined
            ? null
            : { name: unit.name, count: unit.count(sizes.scenarios), floor: unit.floor ?? null },
        warmup: Math.min(options.warmup, limit?.warmup ?? options.warmup),
        repeat: Math.min(options.repeat, limit?.repeat ?? options.repeat),
        contenders: scenario.contenders.map(({ name, description, dmemfs }) => ({
          name,
          description,
          dmemfs,
        })),
      },
      unavailable: new Map(scenario.contenders.map((c) => [c.name, c.unavailableReason?.() ?? null])),
    };
  });
}

function describeOutcome(report: ChildReport): string {
  if (report.status === 'error') return `error: ${report.message.split('\n', 1)[0]}`;
  const { median } = summarize(report.timesMs);
  const peak = report.peakBytes === null ? '' : `, peak ${(report.peakBytes / MiB).toFixed(1)} MiB`;
  return `median ${formatMs(median)} ms${peak}`;
}

/** Runs every planned pair, one child process at a time, printing a line per pair. */
async function runAll(
  options: RunOptions,
  planned: readonly PlannedCase[],
  scratchDir: string,
): Promise<CaseReport[]> {
  const sizes = sizesOf(options.preset);
  const total = planned.reduce((sum, { info }) => sum + info.contenders.length, 0);
  const counterWidth = String(total).length;
  let index = 0;
  const cases: CaseReport[] = [];
  for (const { info, unavailable } of planned) {
    const outcomes: Outcome[] = [];
    for (const { name } of info.contenders) {
      index++;
      const prefix = `[${String(index).padStart(counterWidth)}/${total}] ${info.name.padEnd(24)} ${name.padEnd(22)}`;
      const reason = unavailable.get(name);
      if (reason) {
        outcomes.push({ contender: name, skipped: reason });
        console.log(`${prefix} skipped: ${reason}`);
        continue;
      }
      const started = performance.now();
      const report = await runChild(
        {
          caseName: info.name,
          contender: name,
          preset: options.preset,
          sizes,
          warmup: info.warmup,
          repeat: info.repeat,
          scratchDir,
        },
        options.timeoutMs,
      );
      outcomes.push({ contender: name, report });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${prefix} ${describeOutcome(report)} (${seconds} s)`);
    }
    cases.push(buildCaseReport(info, outcomes));
  }
  return cases;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: RunOptions;
  let cases: BenchCase[];
  let backends: BackendDefinition[];
  try {
    options = parseRunOptions(argv);
    cases = select(CASES, options.only, findCase);
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

  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmemfs-bench-run-'));
  let caseReports: CaseReport[];
  try {
    caseReports = await runAll(options, planCases(options, cases, backends), scratchDir);
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
  const report: BenchReport = {
    schemaVersion: 2,
    generatedAt: new Date().toISOString(),
    preset: options.preset,
    warmup: options.warmup,
    repeat: options.repeat,
    sizes: sizesOf(options.preset),
    machine: describeMachine(),
    cases: caseReports,
  };
  // Tiny runs only check the harness; keep them from replacing real results.
  const files = writeReports(
    report,
    options.outDir ?? DEFAULT_OUT_DIR,
    options.preset === 'tiny' ? 'tiny' : 'latest',
  );
  console.log(`\nWrote ${files.markdown}\n      ${files.json}\n      ${files.svg}`);
  const failed = caseReports.some((caseReport) =>
    caseReport.results.some((result) => result.status === 'error'),
  );
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
