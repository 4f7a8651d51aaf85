/**
 * Renders a {@link BenchReport} as Markdown: a summary, the parameters and the machine, then one
 * table per case.
 *
 * @module
 */

import { formatBytes, formatMs, GiB, MiB } from '../lib/units.js';
import type { ScenarioSizes } from '../scenarios/types.js';
import type { WorkloadSizes } from '../workloads/types.js';
import type { BenchReport, CaseReport, ContenderInfo, ContenderResult } from './model.js';

/** Makes arbitrary text safe inside a Markdown table cell or list item. */
function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\\|`*[\]<>]/g, (char) => `\\${char}`)
    .trim();
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

/** Formats a ratio such as `3.41×`, `250×` or `0.0035×`. */
export function formatRatio(ratio: number): string {
  if (ratio >= 100) return `${ratio.toFixed(0)}×`;
  return `${ratio >= 0.01 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

function formatMiB(bytes: number | null): string {
  return bytes === null ? '–' : (bytes / MiB).toFixed(2);
}

function workloadParameters(sizes: WorkloadSizes): string[][] {
  return [
    ['small files', `${sizes.smallFileCount} × ${formatBytes(sizes.smallFileBytes)}`],
    ['stream', `${formatBytes(sizes.streamBytes)} in ${formatBytes(sizes.streamChunkBytes)} chunks`],
    [
      'large stream',
      `${formatBytes(sizes.largeStreamBytes)} in ${formatBytes(sizes.largeChunkBytes)} chunks`,
    ],
    ['many files', `${sizes.manyFileCount} × ${formatBytes(sizes.smallFileBytes)}`],
    [
      'deep tree',
      `${sizes.deepLevels} levels, ${formatBytes(sizes.deepFileBytes)} file read ${sizes.deepReadCount} times`,
    ],
  ];
}

function scenarioParameters(sizes: ScenarioSizes): string[][] {
  return [
    ['fork tree', `${sizes.forkFileCount} files, ${formatBytes(sizes.forkTotalBytes)}`],
    ['archive', `${sizes.archiveFileCount} files × ${formatBytes(sizes.archiveFileBytes)}, zip`],
    ['SQLite', `seed scale ${sizes.sqliteScale}, clones timed ${sizes.sqliteCloneBatch} at a time`],
    [
      'fixture setup',
      `seed of ${sizes.fixtureSeedFiles} files; tests timed ${sizes.fixtureBatch} (in memory) or ` +
        `${sizes.fixtureDirectoryBatch} (directories) at a time`,
    ],
    [
      'Vitest suite',
      `${sizes.suiteFiles} files × ${sizes.suiteTestsPerFile} tests, each ${sizes.suiteFilesPerTest} files ` +
        `of ${formatBytes(sizes.suiteFileBytes)}`,
    ],
  ];
}

function table(
  header: readonly string[],
  alignRight: readonly boolean[],
  rows: readonly string[][],
): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${alignRight.map((right) => (right ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** The contenders (or backends) of a case and what each one measures. */
function contenderTable(firstColumn: string, contenders: readonly ContenderInfo[]): string[] {
  return table(
    [firstColumn, 'what is measured'],
    [false, false],
    contenders.map((contender) => [escapeMarkdown(contender.name), escapeMarkdown(contender.description)]),
  );
}

/** `1.61 (2.10×)`: a median with its ratio to the baseline, for the summary. */
function medianCell(result: ContenderResult | undefined): string {
  if (result === undefined) return '–';
  if (result.status !== 'ok') return result.status;
  const ratio = result.medianVsBaseline === null ? '' : ` (${formatRatio(result.medianVsBaseline)})`;
  return `${formatMs(result.medianMs)}${ratio}`;
}

function workloadSummary(cases: readonly CaseReport[]): string[] {
  if (cases.length === 0) return [];
  const contenders = cases[0].contenders.map((contender) => contender.name);
  return [
    `### File workloads: median ms (relative to \`${escapeMarkdown(cases[0].baseline)}\`)`,
    '',
    ...table(
      ['case', ...contenders.map(escapeMarkdown)],
      [false, ...contenders.map(() => true)],
      cases.map((caseReport) => [
        escapeMarkdown(caseReport.name),
        ...contenders.map((name) => medianCell(caseReport.results.find((r) => r.contender === name))),
      ]),
    ),
    '',
  ];
}

function scenarioSummary(cases: readonly CaseReport[]): string[] {
  if (cases.length === 0) return [];
  const rows = cases.flatMap((caseReport) =>
    caseReport.results.map((result, index) => [
      index === 0 ? escapeMarkdown(caseReport.name) : '',
      `${escapeMarkdown(result.contender)}${result.contender === caseReport.baseline ? ' (baseline)' : ''}`,
      result.status === 'ok' ? formatMs(result.medianMs) : result.status,
      result.status === 'ok' && result.medianVsBaseline !== null ? formatRatio(result.medianVsBaseline) : '–',
    ]),
  );
  return [
    '### Product scenarios: median ms per operation (relative to the case baseline)',
    '',
    ...table(['case', 'contender', 'median ms', 'vs baseline'], [false, false, true, true], rows),
    '',
  ];
}

/** One contender's row of a case table with `columns` columns. */
function resultRow(caseReport: CaseReport, result: ContenderResult, columns: number): string[] {
  const name = escapeMarkdown(result.contender);
  if (result.status !== 'ok') return [name, result.status, ...Array<string>(columns - 2).fill('–')];
  const unit = caseReport.unit;
  const perUnit =
    unit === null
      ? []
      : [
          result.perUnitMs === null ? '–' : formatMs(result.perUnitMs),
          ...(unit.floor === null
            ? []
            : [result.perUnitOverFloorMs === null ? '–' : formatMs(result.perUnitOverFloorMs)]),
        ];
  return [
    name,
    formatMs(result.minMs),
    formatMs(result.medianMs),
    formatMs(result.maxMs),
    formatMiB(result.peakBytes),
    ...(caseReport.kind === 'workload' ? [formatMiB(result.heldBytes)] : []),
    formatMiB(result.peakQuotaBytes),
    result.medianVsBaseline === null ? '–' : formatRatio(result.medianVsBaseline),
    ...perUnit,
  ];
}

function caseSection(caseReport: CaseReport): string[] {
  const notes = caseReport.results.flatMap((result) => {
    if (result.status === 'error')
      return [`- ${escapeMarkdown(result.contender)} failed: ${escapeMarkdown(firstLine(result.error))}`];
    if (result.status === 'skipped')
      return [`- ${escapeMarkdown(result.contender)} skipped: ${escapeMarkdown(result.reason)}`];
    return [];
  });
  const { unit } = caseReport;
  const unitHeaders =
    unit === null
      ? []
      : [
          `ms per ${escapeMarkdown(unit.name)}`,
          ...(unit.floor === null
            ? []
            : [`ms per ${escapeMarkdown(unit.name)} over ${escapeMarkdown(unit.floor)}`]),
        ];
  const scenario = caseReport.kind === 'scenario';
  const headers = [
    scenario ? 'contender' : 'backend',
    'min ms',
    'median ms',
    'max ms',
    'peak MiB',
    ...(scenario ? [] : ['held MiB']),
    'quota MiB',
    `vs ${escapeMarkdown(caseReport.baseline)}`,
    ...unitHeaders,
  ];
  return [
    `### ${escapeMarkdown(caseReport.name)}`,
    '',
    `${escapeMarkdown(caseReport.description)}. ${caseReport.warmup} warmup and ${caseReport.repeat} timed ` +
      `iterations${scenario ? '; times are per operation' : ''}.`,
    '',
    ...(scenario ? [...contenderTable('contender', caseReport.contenders), ''] : []),
    ...table(
      headers,
      // Right-aligned: every column but the first holds a number.
      headers.map((_, index) => index > 0),
      caseReport.results.map((result) => resultRow(caseReport, result, headers.length)),
    ),
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
  ];
}

/** Renders the whole report. */
export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const workloads = report.cases.filter((caseReport) => caseReport.kind === 'workload');
  const scenarios = report.cases.filter((caseReport) => caseReport.kind === 'scenario');
  return [
    '# dmemfs benchmarks',
    '',
    `Generated ${report.generatedAt}; preset \`${report.preset}\`, ${report.warmup} warmup and ` +
      `${report.repeat} timed iterations per case and contender unless a case says otherwise, each pair ` +
      'in a fresh Node process.',
    '',
    'Times are wall-clock and include setup and teardown (for scenarios: per operation, preparation ' +
      'excluded). Peak memory is the largest growth of `heapUsed + arrayBuffers` over a ' +
      'garbage-collected baseline, sampled in one extra untimed iteration (`–`: not measured, the data ' +
      'lives outside the V8 heap); it includes garbage not yet collected. Held memory is what a ' +
      "workload's filesystem held at its end: the footprint released by dropping it, between full " +
      'collections. Quota is the largest `usedBytes` dmemfs charged. Ratios ' +
      'divide each median by the case baseline: `map`, the in-memory floor, for the file workloads; the ' +
      'conventional way of doing the same work for the scenarios.',
    '',
    '## Summary',
    '',
    ...workloadSummary(workloads),
    ...scenarioSummary(scenarios),
    '## Parameters',
    '',
    ...table(
      ['parameter', 'value'],
      [false, false],
      [...workloadParameters(report.sizes.workloads), ...scenarioParameters(report.sizes.scenarios)],
    ),
    '',
    '## Machine',
    '',
    `- CPU: ${escapeMarkdown(machine.cpuModel)}, ${machine.logicalCores} logical cores`,
    `- Memory: ${(machine.totalMemoryBytes / GiB).toFixed(1)} GiB`,
    `- Node.js: ${escapeMarkdown(machine.nodeVersion)}`,
    `- OS: ${escapeMarkdown(machine.os)}`,
    '',
    ...(workloads.length === 0
      ? []
      : [
          '## File workloads',
          '',
          ...contenderTable('backend', workloads[0].contenders),
          '',
          ...workloads.flatMap(caseSection),
        ]),
    ...(scenarios.length === 0 ? [] : ['## Product scenarios', '', ...scenarios.flatMap(caseSection)]),
  ].join('\n');
}
