/**
 * Forking a fixture tree: `MemoryFileSystem.fromSnapshot` against `importTree` of the same data,
 * for 10,000 files totalling 40 MiB, plus the cost of the snapshot itself and of its byte form.
 * Prints the median of several runs of each.
 *
 *   npx tsx benchmarks/extra/snapshot-fork.ts
 */
import { performance } from 'node:perf_hooks';
import { MemoryFileSystem, MFSSnapshot } from '../../src/index.js';

const FILES = 10_000;
const TOTAL = 40 * 1024 * 1024;
const RUNS = 15;
const options = { maxQuota: 256 * 1024 * 1024 };

const tree = new Map<string, Uint8Array>();
const size = Math.floor(TOTAL / FILES);
for (let i = 0; i < FILES; i++) {
  tree.set(`/fixtures/dir${i % 100}/file${i}.bin`, Buffer.alloc(size, i % 251));
}

function median(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const source = new MemoryFileSystem(options);
source.importTree(tree);
const snapshot = source.snapshot();
const bytes = snapshot.toBytes();

const results = {
  importTree: median(() => new MemoryFileSystem(options).importTree(tree)),
  snapshot: median(() => source.snapshot()),
  fromSnapshot: median(() => MemoryFileSystem.fromSnapshot(snapshot, options)),
  toBytes: median(() => snapshot.toBytes()),
  fromBytes: median(() => MFSSnapshot.fromBytes(bytes)),
};

console.log(
  `${FILES} files, ${((size * FILES) / 1024 / 1024).toFixed(1)} MiB, median of ${RUNS} runs (Node ${process.version})`,
);
for (const [name, ms] of Object.entries(results))
  console.log(`${name.padEnd(14)} ${ms.toFixed(2).padStart(9)} ms`);
console.log(`importTree / fromSnapshot: ${(results.importTree / results.fromSnapshot).toFixed(1)}x`);
