/**
 * The README's recipes, run for real: a sample project whose code under test imports `node:fs`,
 * tested by Vitest (`vi.mock`) and by Jest (`jest.mock`) in child processes, with two concurrent
 * tests writing the same path and each seeing only its own filesystem.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(repository, 'test/node-fs/fixtures');

/** The environment without the parent runner's own variables. */
function childEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' };
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TINYPOOL|JEST|NODE_OPTIONS|FORCE_COLOR|NO_COLOR)/.test(key)) env[key] = value;
  }
  return env;
}

async function runNode(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: repository,
      env: childEnvironment(),
      timeout: 120_000,
    });
    return `${stdout}\n${stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`child run failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

describe('recipes for code that calls node:fs', () => {
  test('Vitest: vi.mock routes node:fs to each test own filesystem', async () => {
    const output = await runNode([
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
    const output = await runNode([
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
