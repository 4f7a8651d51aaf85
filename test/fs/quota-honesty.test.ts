import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/** Room for the Buffer pool slab and the runtime's own small buffers. */
const ALLOWANCE = 512 * 1024;

function runPhases(overhead?: number): { phase: string; arrayBuffers: number; usedBytes: number }[] {
  const script = fileURLToPath(new URL('./scripts/quota-honesty.ts', import.meta.url));
  const args = ['--expose-gc', '--import', 'tsx', script];
  if (overhead !== undefined) args.push(String(overhead));
  const output = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  return JSON.parse(output.trim().split('\n').at(-1)!);
}

describe('quota honesty: usedBytes bounds the memory file data really holds', () => {
  test.each([
    ['the default overhead', undefined],
    ['chunkOverheadOverride 0 (usage = logical size)', 0],
  ])('with %s, after every phase', (_label, overhead) => {
    const phases = runPhases(overhead);
    expect(phases.map((p) => p.phase)).toEqual([
      'small appends',
      'large writes',
      'random writes',
      'truncates',
      'removes',
      'everything removed',
    ]);
    for (const { phase, arrayBuffers, usedBytes } of phases) {
      expect(arrayBuffers, `${phase}: ${arrayBuffers} bytes held, ${usedBytes} charged`).toBeLessThanOrEqual(
        usedBytes + ALLOWANCE,
      );
    }
    // The phases did real work: tens of MiB were charged at the peak, and everything came back.
    expect(Math.max(...phases.map((p) => p.usedBytes))).toBeGreaterThan(60 * 1024 ** 2);
    expect(phases.at(-1)!.usedBytes).toBe(0);
    expect(phases.at(-1)!.arrayBuffers).toBeLessThanOrEqual(ALLOWANCE);
  });
});
