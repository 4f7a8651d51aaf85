import { describe, expect, it } from 'vitest';
import { sizesOf } from '../../benchmarks/cases.js';
import { describeMachine } from '../../benchmarks/lib/machine.js';
import type { ChildReport } from '../../benchmarks/lib/protocol.js';
import { caseSection } from '../../benchmarks/lib/single-case.js';
import { formatMs } from '../../benchmarks/lib/units.js';
import { formatRatio, renderMarkdown } from '../../benchmarks/report/markdown.js';
import { buildCaseReport, type CaseInfo } from '../../benchmarks/report/model.js';

const ok = (timesMs: number[], peakBytes: number | null = 1024): ChildReport => ({
  status: 'ok',
  timesMs,
  peakBytes,
  peakQuotaBytes: null,
  heldBytes: null,
});

const suite: CaseInfo = {
  name: 'suite',
  kind: 'scenario',
  description: 'a suite',
  baseline: 'usual',
  unit: { name: 'test', count: 10, floor: 'floor' },
  warmup: 1,
  repeat: 3,
  contenders: ['fast', 'usual', 'floor', 'broken', 'absent'].map((name) => ({
    name,
    description: name,
    dmemfs: name === 'fast',
  })),
};

describe('buildCaseReport', () => {
  it('summarizes each contender and relates it to the baseline and, per unit, to the floor', () => {
    const report = buildCaseReport(suite, [
      { contender: 'fast', report: ok([30, 10, 20]) },
      { contender: 'usual', report: ok([40, 40, 50], null) },
      { contender: 'floor', report: ok([5, 5, 5]) },
      { contender: 'broken', report: { status: 'error', message: 'boom\nstack' } },
      { contender: 'absent', skipped: 'not on this machine' },
    ]);
    const [fast, usual, floor, broken, absent] = report.results;
    expect(fast).toMatchObject({ status: 'ok', minMs: 10, medianMs: 20, maxMs: 30, peakMiB: 1 / 1024 });
    expect(fast.status === 'ok' && fast.medianVsBaseline).toBeCloseTo(0.5);
    expect(fast.status === 'ok' && fast.perUnitMs).toBeCloseTo(2);
    expect(fast.status === 'ok' && fast.perUnitOverFloorMs).toBeCloseTo(1.5);
    expect(usual).toMatchObject({ medianVsBaseline: 1, peakBytes: null, peakMiB: null });
    expect(floor).toMatchObject({ perUnitOverFloorMs: 0 });
    expect(broken).toEqual({ contender: 'broken', status: 'error', error: 'boom\nstack' });
    expect(absent).toEqual({ contender: 'absent', status: 'skipped', reason: 'not on this machine' });
  });

  it('leaves ratios and per-unit costs out when the baseline or the floor has no result', () => {
    const report = buildCaseReport(suite, [
      { contender: 'fast', report: ok([10]) },
      { contender: 'usual', report: { status: 'error', message: 'failed' } },
      { contender: 'floor', skipped: 'no' },
    ]);
    expect(report.results[0]).toMatchObject({
      medianVsBaseline: null,
      perUnitMs: 1,
      perUnitOverFloorMs: null,
    });
  });
});

describe('renderMarkdown', () => {
  /** The cells of each row of a case's results table, the header first. */
  function resultTable(markdown: string, caseName: string): string[][] {
    const lines = caseSection(markdown, caseName).split('\n');
    const header = lines.findIndex((line) => line.includes(' | min ms | '));
    const end = lines.indexOf('', header);
    return [lines[header], ...lines.slice(header + 2, end)].map((line) => line.split(' | '));
  }

  it('gives a failed or skipped contender as many cells as the header, in workloads and scenarios', () => {
    const outcomes = [
      { contender: 'fast', report: ok([30, 10, 20]) },
      { contender: 'broken', report: { status: 'error', message: 'boom' } as const },
      { contender: 'absent', skipped: 'not on this machine' },
    ];
    const files: CaseInfo = { ...suite, name: 'files', kind: 'workload', unit: null };
    const markdown = renderMarkdown({
      schemaVersion: 2,
      generatedAt: new Date(0).toISOString(),
      preset: 'tiny',
      warmup: 1,
      repeat: 3,
      sizes: sizesOf('tiny'),
      machine: describeMachine(),
      cases: [buildCaseReport(files, outcomes), buildCaseReport(suite, outcomes)],
    });
    for (const name of ['files', 'suite']) {
      const [header, ...rows] = resultTable(markdown, name);
      expect(rows.map((cells) => cells[1])).toEqual(['10.00', 'error', 'skipped']);
      for (const cells of rows) expect(cells).toHaveLength(header.length);
    }
  });
});

describe('formatting', () => {
  it('prints about three significant digits of a duration, never an exponent', () => {
    expect([245.3, 1.614, 0.2144, 0.00214, 0, -5].map(formatMs)).toEqual([
      '245',
      '1.61',
      '0.214',
      '0.00214',
      '0',
      '-5.00',
    ]);
  });

  it('prints ratios with two decimals, large ones whole and tiny ones with two significant digits', () => {
    expect([250.4, 3.4149, 0.5, 0.0035].map(formatRatio)).toEqual(['250×', '3.41×', '0.50×', '0.0035×']);
  });

  it('cuts one case section out of a Markdown report', () => {
    const markdown = ['# r', '## Product scenarios', '### a', 'one', '### b', 'two', '## end'].join('\n');
    expect(caseSection(markdown, 'a')).toBe('### a\none');
    expect(caseSection(markdown, 'b')).toBe('### b\ntwo');
    expect(caseSection(markdown, 'c')).toBe('');
  });
});
