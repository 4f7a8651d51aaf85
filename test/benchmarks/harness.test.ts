import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../benchmarks/report/model.js';
import { WORKLOADS } from '../../benchmarks/workloads/index.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BACKENDS = ['map', 'memfs'];
const REPEAT = 3;
const CASES = WORKLOADS.map((workload) => workload.name);

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
      { cwd: REPO_ROOT, timeout: 110_000 },
    );
    report = JSON.parse(fs.readFileSync(path.join(outDir, 'tiny.json'), 'utf8')) as BenchReport;
  }, 120_000);

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('reports numeric statistics for every case and backend', () => {
    expect(report.preset).toBe('tiny');
    expect(report.cases.map((caseReport) => caseReport.name)).toEqual(CASES);
    for (const caseReport of report.cases) {
      expect(caseReport.results.map((result) => result.backend)).toEqual(BACKENDS);
      for (const result of caseReport.results) {
        expect(result.status, `${caseReport.name}/${result.backend}`).toBe('ok');
        if (result.status !== 'ok') continue;
        expect(result.timesMs).toHaveLength(REPEAT);
        for (const value of [
          ...result.timesMs,
          result.minMs,
          result.medianMs,
          result.maxMs,
          result.peakMiB,
        ]) {
          expect(Number.isFinite(value)).toBe(true);
        }
        expect(result.minMs).toBeLessThanOrEqual(result.medianMs);
        expect(result.medianMs).toBeLessThanOrEqual(result.maxMs);
        expect(result.medianVsFloor).toBeTypeOf('number');
      }
      const floor = caseReport.results.find((result) => result.backend === report.floorBackend);
      expect(floor?.status === 'ok' && floor.medianVsFloor).toBe(1);
    }
  });

  it('writes a Markdown report with one table per case', () => {
    const markdown = fs.readFileSync(path.join(outDir, 'tiny.md'), 'utf8');
    expect(markdown.startsWith('# ')).toBe(true);
    for (const name of CASES) expect(markdown).toContain(`## ${name}\n`);
    const tableRows = markdown.split('\n').filter((line) => line.startsWith('| '));
    const caseRows = tableRows.filter((line) =>
      BACKENDS.some((backend) => line.startsWith(`| ${backend} | `)),
    );
    expect(caseRows.filter((line) => line.split(' | ').length === 6)).toHaveLength(
      CASES.length * BACKENDS.length,
    );
  });

  it('writes a well-formed SVG chart naming every case', () => {
    const svg = fs.readFileSync(path.join(outDir, 'tiny.svg'), 'utf8').trim();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    assertBalancedXml(svg);
    for (const name of CASES) expect(svg).toContain(`>${name}<`);
  });
});
