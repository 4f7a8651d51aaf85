/**
 * The Jest recipe, end to end, against the package as it is published (a scratch install from
 * `test/e2e/scratch-project.ts`), imported as `dmemfs/sqlite` through the package's `exports`. Its
 * global setup builds a master and passes the bytes on in a file; two test files adopt the master
 * and clone it per test. Jest runs in a child process; this test reads its report.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { createProject, runJest, type ScratchProject } from '../e2e/scratch-project.js';

const here = dirname(fileURLToPath(import.meta.url));
let project: ScratchProject | undefined;
afterAll(() => project?.remove());

test('the master from global setup is adopted by every test file and cloned per test', async () => {
  project = await createProject(join(here, 'fixtures/jest-project'));
  // Temporary files go to the project, so that the check below sees what the teardown left.
  const { report: result } = await runJest(project.dir, { esm: true, env: { TMPDIR: project.dir } });

  const files = result.testResults.map((file) => [file.name.split('/').at(-1), file.status]).sort();
  expect(files).toEqual([
    ['orders-a.test.mjs', 'passed'],
    ['orders-b.test.mjs', 'passed'],
  ]);
  expect(result.numTotalTests).toBe(6);
  expect(result.numPassedTests).toBe(6);
  expect(result.success).toBe(true);
  // The global teardown removed the file that carried the bytes.
  expect(readdirSync(project.dir).filter((name) => name.startsWith('dmemfs-sample-orders-'))).toEqual([]);
}, 240_000);
