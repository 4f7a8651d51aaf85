/**
 * The README's recipes, run for real: a sample project whose code under test imports `node:fs`,
 * tested by Vitest (`vi.mock`) and by Jest (`jest.mock`) in child processes, with two concurrent
 * tests writing the same path and each seeing only its own filesystem.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeRun, repository, runNode } from '../examples/run-node.js';

const fixtures = join(repository, 'test/node-fs/fixtures');

/** What a child Node process printed; it must exit cleanly. */
async function outputOf(args: string[]): Promise<string> {
  const run = await runNode(args, { env: { FORCE_COLOR: '0', CI: 'true' }, timeout: 120_000 });
  expect(run.code, describeRun(run)).toBe(0);
  return `${run.stdout}\n${run.stderr}`;
}

describe('recipes for code that calls node:fs', () => {
  test('Vitest: vi.mock routes node:fs to each test own filesystem', async () => {
    const output = await outputOf([
      join(repository, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      join(fixtures, 'vitest-recipe'),
      '--reporter',
      'verbose',
    ]);
    expect(output).toMatch(/Tests\s+4 passed \(4\)/);
    expect(output).toContain('test alpha sees only its own files');
  }, 120_000);

  test('Jest: jest.mock routes fs to each test own filesystem', async () => {
    const directory = join(fixtures, 'jest-recipe');
    const output = await outputOf([
      join(repository, 'node_modules/jest/bin/jest.js'),
      '--rootDir',
      directory,
      '--config',
      join(directory, 'jest.config.js'),
      '--verbose',
    ]);
    expect(output).toMatch(/Tests:\s+4 passed, 4 total/);
    expect(output).toContain('test beta sees only its own files');
  }, 120_000);
});
