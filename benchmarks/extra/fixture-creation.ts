/**
 * What the test fixtures cost per test, outside any runner: making the test's filesystem (empty,
 * or forked from a 20-file seed tree) and settling a passing test's failure export, against a
 * temporary directory made and removed per test (empty, or with the same 20 files written).
 * Prints the median over several batches, in microseconds per test.
 *
 *   npx tsx benchmarks/extra/fixture-creation.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FailureExporter, resolveFailureExport } from '../../src/fixtures/failure-export/index.js';
import { FileSystemFactory } from '../../src/fixtures/filesystem-factory.js';
import type { SeedTree } from '../../src/fixtures/seed-tree.js';

const TESTS = 2_000;
const BATCHES = 15;

/** 20 files of about 500 bytes in 4 directories. */
const seed: Record<string, Record<string, string>> = {};
for (let i = 0; i < 20; i++) {
  const directory = `dir${i % 4}`;
  seed[directory] = { ...seed[directory], [`file${i}.json`]: JSON.stringify({ i, pad: 'x'.repeat(500) }) };
}

const scratch = mkdtempSync(join(tmpdir(), 'dmemfs-fixture-cost-'));
const exporter = new FailureExporter(resolveFailureExport({ dir: join(scratch, 'failures') }, 'bench', {}));
const test = { root: scratch, file: join(scratch, 'a.test.ts'), titlePath: ['passes'] };

async function perTest(run: () => unknown): Promise<number> {
  const batches: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    const start = performance.now();
    for (let i = 0; i < TESTS; i++) await run();
    batches.push(((performance.now() - start) * 1000) / TESTS);
  }
  return batches.sort((a, b) => a - b)[Math.floor(BATCHES / 2)];
}

function fixture(tree: SeedTree | undefined): () => Promise<unknown> {
  const filesystems = new FileSystemFactory({}, tree, 'bench');
  return () => {
    const mfs = filesystems.create();
    return exporter.finishAttempt({ test, key: 1, runner: 'vitest', attempt: 1, mfs, errors: undefined });
  };
}

function temporaryDirectory(tree: Record<string, Record<string, string>> | undefined): () => void {
  return () => {
    const directory = mkdtempSync(join(scratch, 'test-'));
    for (const [name, files] of Object.entries(tree ?? {})) {
      mkdirSync(join(directory, name));
      for (const [file, content] of Object.entries(files))
        writeFileSync(join(directory, name, file), content);
    }
    rmSync(directory, { recursive: true, force: true });
  };
}

const results = {
  'mfs fixture, empty': await perTest(fixture(undefined)),
  'mfs fixture, 20-file seed': await perTest(fixture(seed)),
  'temp dir, empty': await perTest(temporaryDirectory(undefined)),
  'temp dir, 20 files': await perTest(temporaryDirectory(seed)),
};
rmSync(scratch, { recursive: true, force: true });

console.log(`per test, median of ${BATCHES} batches of ${TESTS} (Node ${process.version})`);
for (const [name, micros] of Object.entries(results)) {
  console.log(`${name.padEnd(26)} ${micros.toFixed(1).padStart(8)} µs`);
}
