/**
 * `vitest_suite`: a generated test suite run by real Vitest, once per way of giving each test its
 * own files. Every test writes `suiteFilesPerTest` files and reads them back; what differs is where
 * the files live:
 *
 * - `mfs`: the `mfs` fixture of `dmemfs/vitest` (a fresh `MemoryFileSystem` per test);
 * - `tmpdir`: a fixture that makes a directory with `fs.mkdtemp` under `os.tmpdir()` and removes it
 *   with `fs.rm` after the test, the usual way; files through synchronous `node:fs` calls;
 * - `memfs`: a fixture giving each test a new memfs `Volume`;
 * - `map`: a fixture giving each test a new `Map` of strings: no filesystem at all, so its time is
 *   Vitest's own, the floor the others are measured above.
 *
 * The package is built and installed once per benchmark run (as the end-to-end tests do), and each
 * contender's project is generated next to it. A sample is the wall-clock time of one complete
 * `vitest run` child process, with Vitest's default pool (`forks`, one worker per core), as a
 * developer would run it. The run must report every test as passed.
 *
 * @module
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { childEnvironment, ensurePackageInstall, vitestEntry } from '../lib/package-install.js';
import { formatBytes } from '../lib/units.js';
import {
  type Contender,
  expectValue,
  type Operation,
  type Scenario,
  type ScenarioContext,
  type ScenarioSizes,
  ScenarioValidationError,
} from './types.js';

const NAME = 'vitest_suite';

/** How one contender gives a test its files: the test file's imports and fixture, and the file calls. */
interface SuiteStyle {
  readonly header: string;
  /** The fixture's name, as the test function's parameter. */
  readonly fixture: string;
  readonly mkdir: string;
  readonly write: (file: string) => string;
  readonly read: (file: string) => string;
}

const STYLES: Readonly<Record<string, SuiteStyle>> = {
  mfs: {
    header: "import { expect, test } from 'dmemfs/vitest';",
    fixture: 'mfs',
    mkdir: "mfs.mkdir('/data');",
    write: (file) => `mfs.writeFile(\`/data/${file}\`, PAYLOAD);`,
    read: (file) => `mfs.readFile(\`/data/${file}\`, 'utf8')`,
  },
  tmpdir: {
    header: [
      "import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';",
      "import { mkdtemp, rm } from 'node:fs/promises';",
      "import { tmpdir } from 'node:os';",
      "import { join } from 'node:path';",
      "import { test as base, expect } from 'vitest';",
      'const test = base.extend({',
      '  dir: async ({}, use) => {',
      "    const dir = await mkdtemp(join(tmpdir(), 'dmemfs-bench-suite-'));",
      '    await use(dir);',
      '    await rm(dir, { recursive: true, force: true });',
      '  },',
      '});',
    ].join('\n'),
    fixture: 'dir',
    mkdir: "mkdirSync(join(dir, 'work'));",
    write: (file) => `writeFileSync(join(dir, 'work', \`${file}\`), PAYLOAD);`,
    read: (file) => `readFileSync(join(dir, 'work', \`${file}\`), 'utf8')`,
  },
  memfs: {
    header: [
      "import { Volume } from 'memfs';",
      "import { test as base, expect } from 'vitest';",
      'const test = base.extend({',
      '  vol: async ({}, use) => {',
      '    await use(new Volume());',
      '  },',
      '});',
    ].join('\n'),
    fixture: 'vol',
    mkdir: "vol.mkdirSync('/data');",
    write: (file) => `vol.writeFileSync(\`/data/${file}\`, PAYLOAD);`,
    read: (file) => `vol.readFileSync(\`/data/${file}\`, 'utf8')`,
  },
  map: {
    header: [
      "import { test as base, expect } from 'vitest';",
      'const test = base.extend({',
      '  files: async ({}, use) => {',
      '    await use(new Map());',
      '  },',
      '});',
    ].join('\n'),
    fixture: 'files',
    mkdir: "files.set('/data', null);",
    write: (file) => `files.set(\`/data/${file}\`, PAYLOAD);`,
    read: (file) => `files.get(\`/data/${file}\`)`,
  },
};

/** One generated test file: `suiteTestsPerFile` tests, each writing and reading back its files. */
function testFile(style: SuiteStyle, fileIndex: number, sizes: ScenarioSizes): string {
  // The generated code's own template: file names built from its loop variable `i`.
  const file = `file\${i}.txt`;
  return `${style.header}

const PAYLOAD = 'x'.repeat(${sizes.suiteFileBytes});

for (let t = 0; t < ${sizes.suiteTestsPerFile}; t++) {
  test(\`suite ${fileIndex}, test \${t}\`, ({ ${style.fixture} }) => {
    ${style.mkdir}
    for (let i = 0; i < ${sizes.suiteFilesPerTest}; i++) ${style.write(file)}
    let total = 0;
    for (let i = 0; i < ${sizes.suiteFilesPerTest}; i++) total += ${style.read(file)}.length;
    expect(total).toBe(${sizes.suiteFilesPerTest * sizes.suiteFileBytes});
  });
}
`;
}

/** Writes the contender's project below the shared install; returns its directory. */
async function generateProject(name: string, context: ScenarioContext): Promise<string> {
  const base = await ensurePackageInstall(path.join(context.scratchDir, 'vitest-install'), [
    'vitest',
    'memfs',
  ]);
  const project = path.join(base, 'projects', name);
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(
    path.join(project, 'vitest.config.js'),
    "export default { test: { include: ['*.test.js'] } };\n",
  );
  for (let index = 0; index < context.sizes.suiteFiles; index++) {
    writeFileSync(path.join(project, `suite${index}.test.js`), testFile(STYLES[name], index, context.sizes));
  }
  return project;
}

/** Runs `vitest run` on `project` in a child process; resolves with its JSON report's counts. */
function runVitest(project: string): Promise<{ passed: number; failed: number }> {
  const report = path.join(project, 'report.json');
  rmSync(report, { force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vitestEntry(), 'run', '--root', project, '--reporter=json', `--outputFile=${report}`],
      { cwd: project, env: childEnvironment(), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!existsSync(report)) {
        reject(new ScenarioValidationError(`${NAME}: vitest exited with ${code} and no report\n${stderr}`));
        return;
      }
      const { numPassedTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
      };
      resolve({ passed: numPassedTests, failed: numFailedTests });
    });
  });
}

function testCount(sizes: ScenarioSizes): number {
  return sizes.suiteFiles * sizes.suiteTestsPerFile;
}

function contender(name: keyof typeof STYLES, description: string): Contender {
  return {
    name,
    description,
    dmemfs: name === 'mfs',
    async prepare(context): Promise<Operation> {
      const project = await generateProject(name, context);
      return {
        async run() {
          const { passed, failed } = await runVitest(project);
          expectValue(NAME, 'failed tests', failed, 0);
          expectValue(NAME, 'passed tests', passed, testCount(context.sizes));
        },
      };
    },
  };
}

export const vitestSuite: Scenario = {
  name: NAME,
  describe: (sizes) =>
    `vitest run of ${testCount(sizes)} generated tests (${sizes.suiteFiles} files × ` +
    `${sizes.suiteTestsPerFile}), each writing ${sizes.suiteFilesPerTest} files of ` +
    `${formatBytes(sizes.suiteFileBytes)} and reading them back; an operation is one whole run ` +
    "(wall clock), with Vitest's default pool",
  baseline: 'tmpdir',
  unit: { name: 'test', count: testCount, floor: 'map' },
  iterationLimits: { quick: { warmup: 0, repeat: 1 }, tiny: { warmup: 0, repeat: 1 } },
  contenders: [
    contender('mfs', 'the mfs fixture of dmemfs/vitest: a new MemoryFileSystem per test'),
    contender(
      'tmpdir',
      'a fixture with fs.mkdtemp under os.tmpdir() and fs.rm after the test; node:fs calls',
    ),
    contender('memfs', 'a fixture giving each test a new memfs Volume'),
    contender('map', "a fixture giving each test a new Map: no filesystem, Vitest's own cost"),
  ],
};
