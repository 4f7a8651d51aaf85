/**
 * Renders a {@link BenchReport} as Markdown: parameters, machine, backends, then one table per case.
 *
 * @module
 */

import { formatBytes, GiB } from '../lib/units.js';
import type { WorkloadSizes } from '../workloads/types.js';
import type { BackendResult, BenchReport, CaseReport } from './model.js';

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

/** Formats a floor ratio such as `3.41×`. */
export function formatRatio(ratio: number): string {
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}

function parameterRows(sizes: WorkloadSizes): string[][] {
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

function resultRow(result: BackendResult): string[] {
  const name = escapeMarkdown(result.backend);
  if (result.status === 'ok') {
    return [
      name,
      result.minMs.toFixed(2),
      result.medianMs.toFixed(2),
      result.maxMs.toFixed(2),
      result.peakMiB.toFixed(2),
      result.medianVsFloor === null ? '–' : formatRatio(result.medianVsFloor),
    ];
  }
  return [name, result.status, '–', '–', '–', '–'];
}

function caseSection(caseReport: CaseReport, floorBackend: string): string[] {
  const notes = caseReport.results.flatMap((result) => {
    if (result.status === 'error')
      return [`- ${escapeMarkdown(result.backend)} failed: ${escapeMarkdown(firstLine(result.error))}`];
    if (result.status === 'skipped')
      return [`- ${escapeMarkdown(result.backend)} skipped: ${escapeMarkdown(result.reason)}`];
    return [];
  });
  return [
    `## ${escapeMarkdown(caseReport.name)}`,
    '',
    escapeMarkdown(caseReport.description),
    '',
    ...table(
      ['backend', 'min ms', 'median ms', 'max ms', 'peak MiB', `median vs ${escapeMarkdown(floorBackend)}`],
      [false, true, true, true, true, true],
      caseReport.results.map(resultRow),
    ),
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
  ];
}

/** Renders the whole report. */
export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  return [
    '# dmemfs benchmarks',
    '',
    `Generated ${report.generatedAt}; preset \`${report.preset}\`, ${report.warmup} warmup and ` +
      `${report.repeat} timed iterations per case and backend, each pair in a fresh Node process.`,
    '',
    'Times are wall-clock per iteration and include filesystem setup and teardown. Peak memory is the ' +
      'largest growth of `heapUsed + arrayBuffers` over a garbage-collected baseline, sampled after every ' +
      `filesystem call in one extra untimed iteration. Ratios divide each median by the \`${report.floorBackend}\` median.`,
    '',
    '## Parameters',
    '',
    ...table(['parameter', 'value'], [false, false], parameterRows(report.sizes)),
    '',
    '## Machine',
    '',
    `- CPU: ${escapeMarkdown(machine.cpuModel)}, ${machine.logicalCores} logical cores`,
    `- Memory: ${(machine.totalMemoryBytes / GiB).toFixed(1)} GiB`,
    `- Node.js: ${escapeMarkdown(machine.nodeVersion)}`,
    `- OS: ${escapeMarkdown(machine.os)}`,
    '',
    '## Backends',
    '',
    ...table(
      ['backend', 'what is measured'],
      [false, false],
      report.backends.map((backend) => [escapeMarkdown(backend.name), escapeMarkdown(backend.description)]),
    ),
    '',
    ...report.cases.flatMap((caseReport) => caseSection(caseReport, report.floorBackend)),
  ].join('\n');
}
