/**
 * The Vitest recipe, end to end: a sample project whose global setup builds a master once and
 * `provide`s its bytes; two spec files `inject` them, adopt the master and clone it per test. It runs
 * in a real Vitest child process (started by `test/e2e/scratch-project.ts`), and this test reads its
 * JSON report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { repository, runVitest } from '../e2e/scratch-project.js';

const here = dirname(fileURLToPath(import.meta.url));
const output = mkdtempSync(join(tmpdir(), 'dmemfs-vitest-project-'));
afterAll(() => rmSync(output, { recursive: true, force: true }));

test('global setup builds once, every test clones, and clones are isolated across tests and files', async () => {
  // The sample imports dmemfs from src/, so it runs where it is.
  const { report: result } = await runVitest(join(here, 'fixtures/vitest-project'), {
    cwd: repository,
    env: { DMEMFS_SAMPLE_CACHE_DIR: join(output, 'vite-cache') },
  });
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
