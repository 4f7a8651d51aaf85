/**
 * The Jest recipe, end to end, against the package as it is published: `src/` compiled to
 * `node_modules/dmemfs/dist` of a scratch project, imported as `dmemfs/sqlite` through the package's
 * `exports`. Its global setup builds a master and passes the bytes on in a file; two test files
 * adopt the master and clone it per test. Jest runs in a child process; this test reads its report.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '../..');
const project = mkdtempSync(join(tmpdir(), 'dmemfs-jest-project-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

interface JestReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  testResults: { name: string; status: string; assertionResults: { title: string; status: string }[] }[];
}

/** Links an installed package into the scratch project's node_modules. */
function linkPackage(name: string): void {
  const target = join(project, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(realpathSync(dirname(require.resolve(`${name}/package.json`))), target);
}

/** This process's environment without Vitest's own variables, with temporary files kept in `project`. */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_V8_COVERAGE'),
  );
  return { ...environment, TMPDIR: project, NODE_OPTIONS: '--experimental-vm-modules --no-warnings' };
}

test('the master from global setup is adopted by every test file and cloned per test', async () => {
  const dmemfs = join(project, 'node_modules/dmemfs');
  await run(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '-p',
    join(repository, 'tsconfig.build.json'),
    '--outDir',
    join(dmemfs, 'dist'),
    '--declaration',
    'false',
    '--declarationMap',
    'false',
    '--sourceMap',
    'false',
  ]);
  cpSync(join(repository, 'package.json'), join(dmemfs, 'package.json'));
  linkPackage('better-sqlite3');
  linkPackage('@jest/globals');
  cpSync(join(here, 'fixtures/jest-project'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }));

  const report = join(project, 'report.json');
  const jest = join(dirname(require.resolve('jest/package.json')), 'bin/jest.js');
  // A failing sample run exits non-zero; its report still says which test failed, so read it anyway.
  await run(process.execPath, [jest, '--rootDir', project, '--json', `--outputFile=${report}`], {
    cwd: project,
    env: childEnvironment(),
  }).catch((error: unknown) => console.error(error));

  const result = JSON.parse(readFileSync(report, 'utf8')) as JestReport;
  const files = result.testResults.map((file) => [file.name.split('/').at(-1), file.status]).sort();
  expect(files).toEqual([
    ['orders-a.test.mjs', 'passed'],
    ['orders-b.test.mjs', 'passed'],
  ]);
  expect(result.numTotalTests).toBe(6);
  expect(result.numPassedTests).toBe(6);
  expect(result.success).toBe(true);
  // The global teardown removed the file that carried the bytes.
  expect(readdirSync(project).filter((name) => name.startsWith('dmemfs-sample-orders-'))).toEqual([]);
}, 180_000);
