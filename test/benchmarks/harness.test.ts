import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from '../../benchmarks/cases.js';
import type { BenchReport } from '../../benchmarks/report/model.js';
import { SCENARIOS } from '../../benchmarks/scenarios/index.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BACKENDS = ['dmemfs', 'map'];
const REPEAT = 3;
const CASE_NAMES = CASES.map((benchCase) => benchCase.name);

/**
 * Checks that every tag is closed in order, and that `<` and `&` only start markup or entities: enough
 * to catch unescaped text and broken nesting without an XML parser dependency.
 */
function assertBalancedXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let position = 0;
  while (position < xml.length) {
    const next = xml.indexOf('<', position);
    const textEnd = next === -1 ? xml.length : next;
    expect(xml.slice(position, textEnd)).not.toMatch(/&(?!(?:#\d+|#x[\da-f]+|[a-z]+);)/i);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(xml);
    expect(match, `malformed markup at ${xml.slice(next, next + 40)}`).not.toBeNull();
    const [whole, closing, name, , selfClosing] = match!;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name);
    position = next + whole.length;
  }
  expect(stack).toEqual([]);
}

describe('npm run bench --tiny', () => {
  let outDir: string;
  let report: BenchReport;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmemfs-bench-test-'));
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'benchmarks/run.ts',
        '--tiny',
        '--out',
        outDir,
        '--backends',
        BACKENDS.join(','),
        '--repeat',
        String(REPEAT),
      ],
      { cwd: REPO_ROOT, timeout: 280_000 },
    );
    report = JSON.parse(fs.readFileSync(path.join(outDir, 'tiny.json'), 'utf8')) as BenchReport;
  }, 300_000);

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('reports numeric statistics for every case and contender', () => {
    expect(report.schemaVersion).toBe(2);
    expect(report.preset).toBe('tiny');
    expect(report.cases.map((caseReport) => caseReport.name)).toEqual(CASE_NAMES);
    for (const caseReport of report.cases) {
      const expected =
        caseReport.kind === 'workload'
          ? BACKENDS
          : SCENARIOS.find((scenario) => scenario.name === caseReport.name)!.contenders.map((c) => c.name);
      expect(caseReport.results.map((result) => result.contender)).toEqual(expected);
      for (const result of caseReport.results) {
        // A contender that cannot run here (no /dev/shm) is reported as skipped, never as an error.
        expect(result.status, `${caseReport.name}/${result.contender}`).not.toBe('error');
        if (result.status !== 'ok') continue;
        expect(result.timesMs).toHaveLength(caseReport.repeat);
        for (const value of [...result.timesMs, result.minMs, result.medianMs, result.maxMs]) {
          expect(value).toBeGreaterThan(0);
          expect(Number.isFinite(value)).toBe(true);
        }
        expect(result.minMs).toBeLessThanOrEqual(result.medianMs);
        expect(result.medianMs).toBeLessThanOrEqual(result.maxMs);
        if (result.peakBytes !== null) expect(result.peakBytes).toBeGreaterThanOrEqual(0);
      }
      const baseline = caseReport.results.find((result) => result.contender === caseReport.baseline);
      if (baseline?.status === 'ok') {
        expect(baseline.medianVsBaseline).toBe(1);
        for (const result of caseReport.results) {
          if (result.status === 'ok')
            expect(result.medianVsBaseline).toBeCloseTo(result.medianMs / baseline.medianMs);
        }
      }
    }
  });

  it('runs every workload on the backends asked for, with held memory and the quota dmemfs charged', () => {
    for (const caseReport of report.cases.filter((c) => c.kind === 'workload')) {
      expect(caseReport.repeat).toBe(REPEAT);
      const [dmemfs, map] = caseReport.results;
      expect(dmemfs.status === 'ok' && dmemfs.peakQuotaBytes).toBeGreaterThan(0);
      expect(map.status === 'ok' && map.peakQuotaBytes).toBeNull();
      for (const result of [dmemfs, map]) {
        expect(result.status === 'ok' && result.heldBytes).toBeTypeOf('number');
      }
    }
  });

  it('derives the cost per test of the Vitest suite above its floor', () => {
    const suite = report.cases.find((caseReport) => caseReport.name === 'vitest_suite')!;
    expect(suite.repeat).toBe(1); // capped in the tiny preset: a real Vitest run takes seconds
    expect(suite.unit).toEqual({ name: 'test', count: 3, floor: 'map' });
    const floor = suite.results.find((result) => result.contender === 'map');
    for (const result of suite.results) {
      if (result.status !== 'ok' || floor?.status !== 'ok') continue;
      expect(result.peakBytes).toBeNull(); // the work happens in Vitest's own processes
      expect(result.perUnitMs).toBeCloseTo(result.medianMs / 3);
      expect(result.perUnitOverFloorMs).toBeCloseTo((result.medianMs - floor.medianMs) / 3);
    }
  });

  it('writes a Markdown report with a summary and one table per case', () => {
    const markdown = fs.readFileSync(path.join(outDir, 'tiny.md'), 'utf8');
    expect(markdown.startsWith('# ')).toBe(true);
    expect(markdown).toContain('## Summary\n');
    for (const name of CASE_NAMES) expect(markdown).toContain(`### ${name}\n`);
    const workloadRows = markdown
      .split('\n')
      .filter((line) => BACKENDS.some((backend) => line.startsWith(`| ${backend} | `)))
      .filter((line) => line.split(' | ').length === 8);
    expect(workloadRows).toHaveLength(
      report.cases.filter((c) => c.kind === 'workload').length * BACKENDS.length,
    );
  });

  it('writes a well-formed SVG chart naming every case', () => {
    const svg = fs.readFileSync(path.join(outDir, 'tiny.svg'), 'utf8').trim();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    assertBalancedXml(svg);
    for (const name of CASE_NAMES) expect(svg).toContain(`>${name}<`);
  });
});
