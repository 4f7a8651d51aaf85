/**
 * The Vitest recipe, end to end: a sample project whose global setup builds a master once and
 * `provide`s its bytes; two spec files `inject` them, adopt the master and clone it per test. It runs
 * in a real Vitest child process, and this test reads its JSON report.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '../..');
const output = mkdtempSync(join(tmpdir(), 'dmemfs-vitest-project-'));
afterAll(() => rmSync(output, { recursive: true, force: true }));

interface JsonReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  testResults: { name: string; status: string; assertionResults: { title: string; status: string }[] }[];
}

/** This process's environment without the variables through which Vitest talks to its workers. */
function childEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_V8_COVERAGE'),
  );
}

test('global setup builds once, every test clones, and clones are isolated across tests and files', async () => {
  const report = join(output, 'report.json');
  const vitest = join(repository, 'node_modules/vitest/vitest.mjs');
  const args = [vitest, 'run', '--root', join(here, 'fixtures/vitest-project'), '--reporter=json'];
  // A failing sample run exits non-zero; its report still says which test failed, so read it anyway.
  await run(process.execPath, [...args, `--outputFile=${report}`], {
    cwd: repository,
    env: { ...childEnvironment(), DMEMFS_SAMPLE_CACHE_DIR: join(output, 'vite-cache') },
  }).catch((error: unknown) => console.error(error));
  const result = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  const files = result.testResults.map((file) => [file.name.split('/').at(-1), file.status]).sort();
  expect(files).toEqual([
    ['orders-a.spec.ts', 'passed'],
    ['orders-b.spec.ts', 'passed'],
  ]);
  const titles = result.testResults.flatMap((file) => file.assertionResults.map((test) => test.title));
  expect(titles).toContain('a: mutates its clone');
  expect(titles).toContain('b: starts from the master, whatever file a did to its clones');
  expect(result.numTotalTests).toBe(10);
  expect(result.numPassedTests).toBe(10);
  expect(result.success).toBe(true);
}, 120_000);
