/**
 * `fixture_setup`: what a per-test filesystem costs outside any test runner. For dmemfs, what the
 * Vitest fixture and the Jest environment do around every test: make the test's filesystem (empty,
 * or forked from a seed tree) and settle a passing test's failure export. Against it, a temporary
 * directory made and removed per test, empty or with the same seed files written into it.
 *
 * @module
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FailureExporter, resolveFailureExport } from '../../src/fixtures/failure-export/index.js';
import { FileSystemFactory } from '../../src/fixtures/filesystem-factory.js';
import type { SeedTree } from '../../src/fixtures/seed-tree.js';
import {
  expectValue,
  type Operation,
  type Scenario,
  type ScenarioContext,
  type ScenarioSizes,
} from './types.js';

const NAME = 'fixture_setup';
const SEED_DIRECTORIES = 4;
const SEED_FILE_BYTES = 500;

/** `fixtureSeedFiles` JSON files of about 500 bytes in 4 directories. */
function seedTree(sizes: ScenarioSizes): Record<string, Record<string, string>> {
  const tree: Record<string, Record<string, string>> = {};
  for (let i = 0; i < sizes.fixtureSeedFiles; i++) {
    const directory = `dir${i % SEED_DIRECTORIES}`;
    tree[directory] ??= {};
    tree[directory][`file${i}.json`] = JSON.stringify({ i, pad: 'x'.repeat(SEED_FILE_BYTES) });
  }
  return tree;
}

function countFiles(tree: Record<string, Record<string, string>> | undefined): number {
  return Object.values(tree ?? {}).reduce((sum, files) => sum + Object.keys(files).length, 0);
}

/** The fixture's work for one passing test: a filesystem, then the export decision. */
function mfsFixture(seeded: boolean) {
  return {
    name: seeded ? 'mfs-seeded' : 'mfs-empty',
    description: seeded
      ? 'FileSystemFactory.create() forking the seed tree, plus the failure exporter settling a pass'
      : 'FileSystemFactory.create() of an empty filesystem, plus the failure exporter settling a pass',
    dmemfs: true,
    batch: (sizes: ScenarioSizes) => sizes.fixtureBatch,
    prepare({ sizes }: ScenarioContext): Operation {
      const tree = seeded ? seedTree(sizes) : undefined;
      const expectedFiles = countFiles(tree);
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dmemfs-bench-fixture-'));
      const exporter = new FailureExporter(
        resolveFailureExport({ dir: path.join(scratch, 'failures') }, 'bench', {}),
      );
      const filesystems = new FileSystemFactory({}, tree as SeedTree | undefined, 'bench');
      const test = { root: scratch, file: path.join(scratch, 'a.test.ts'), titlePath: ['passes'] };
      return {
        async run(probe) {
          const mfs = filesystems.create();
          const { fileCount, usedBytes } = mfs.stats();
          probe.sample(usedBytes);
          expectValue(NAME, 'seed files in the test filesystem', fileCount, expectedFiles);
          const result = await exporter.finishAttempt({
            test,
            key: 1,
            runner: 'vitest',
            attempt: 1,
            mfs,
            errors: undefined,
          });
          expectValue(NAME, 'export of a passing test', result.status, 'none');
        },
        dispose() {
          fs.rmSync(scratch, { recursive: true, force: true });
        },
      };
    },
  };
}

/** A temporary directory per test, under `os.tmpdir()`, with the seed files written into it. */
function temporaryDirectory(seeded: boolean) {
  return {
    name: seeded ? 'tmpdir-seeded' : 'tmpdir-empty',
    description: seeded
      ? 'fs.mkdtempSync under os.tmpdir(), the seed files written with writeFileSync, then rmSync'
      : 'fs.mkdtempSync under os.tmpdir(), then rmSync',
    dmemfs: false,
    batch: (sizes: ScenarioSizes) => sizes.fixtureDirectoryBatch,
    prepare({ sizes }: ScenarioContext): Operation {
      const tree = seeded ? seedTree(sizes) : {};
      const expectedFiles = countFiles(tree);
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dmemfs-bench-fixture-'));
      return {
        run() {
          const directory = fs.mkdtempSync(path.join(parent, 'test-'));
          let written = 0;
          for (const [name, files] of Object.entries(tree)) {
            fs.mkdirSync(path.join(directory, name));
            for (const [file, content] of Object.entries(files)) {
              fs.writeFileSync(path.join(directory, name, file), content);
              written++;
            }
          }
          fs.rmSync(directory, { recursive: true, force: true });
          expectValue(NAME, 'seed files written', written, expectedFiles);
        },
        dispose() {
          fs.rmSync(parent, { recursive: true, force: true });
        },
      };
    },
  };
}

export const fixtureSetup: Scenario = {
  name: NAME,
  describe: (sizes) =>
    `the per-test work of a filesystem fixture outside any runner, empty or seeded with ` +
    `${sizes.fixtureSeedFiles} files of about ${SEED_FILE_BYTES} bytes in ${SEED_DIRECTORIES} ` +
    'directories (an operation is one test)',
  baseline: 'tmpdir-empty',
  contenders: [mfsFixture(false), mfsFixture(true), temporaryDirectory(false), temporaryDirectory(true)],
};
