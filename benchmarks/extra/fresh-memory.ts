/**
 * Why `large_stream_write_read` costs what it costs: the price of memory that is new to the process.
 *
 * Run: `node --expose-gc --import tsx benchmarks/extra/fresh-memory.ts`
 *
 * It runs the workload (512 MiB written in 1 MiB chunks, then read back) on dmemfs and on the `map`
 * floor, twice each: once the way the harness does (after full collections, which give the previous
 * iteration's memory back to the operating system) and once right after an untimed run, when the
 * allocator still holds that memory. For each run it prints the time and the minor page faults, the
 * kernel mapping in one new 4 KiB page each.
 */
import { findBackend } from '../backends/index.js';
import { collectGarbage } from '../lib/memory.js';
import { largeStreamWriteRead } from '../workloads/large-stream-write-read.js';
import { DEFAULT_SIZES } from '../workloads/sizes.js';

function timed(run: () => void): { ms: number; faults: number } {
  const faultsBefore = process.resourceUsage().minorPageFault;
  const start = performance.now();
  run();
  const ms = performance.now() - start;
  return { ms, faults: process.resourceUsage().minorPageFault - faultsBefore };
}

const format = ({ ms, faults }: { ms: number; faults: number }) =>
  `${ms.toFixed(0).padStart(5)} ms, ${String(faults).padStart(7)} page faults`;

for (const name of ['dmemfs', 'map']) {
  const createFs = await findBackend(name).load();
  const run = () => largeStreamWriteRead.run(createFs, DEFAULT_SIZES);
  run(); // warmup, as in the harness
  collectGarbage(); // the harness's collection before a timed iteration
  const fresh = timed(run);
  const reused = timed(run);
  console.log(`${name.padEnd(7)} fresh memory: ${format(fresh)}   reused memory: ${format(reused)}`);
}
