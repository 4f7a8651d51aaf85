/**
 * Concurrent data staging (ETL): a `MemoryFileSystem` as the staging area of a pipeline.
 *
 * 1. Async tasks share staging files. `open` waits for a file another task holds, first come first
 *    served, up to `lockTimeout`.
 * 2. Worker threads each own a filesystem. The main thread sends each one a partition as snapshot
 *    bytes (transferred, not copied); the worker cleans and aggregates it and sends its result back
 *    the same way; the main thread merges the results and forks a copy for reporting.
 *
 * Run: `npx tsx examples/etl-staging.ts [--rows 200000]`. Tutorial: `examples/etl-staging.md`.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { BlockingIOError, MemoryFileSystem, MFSSnapshot } from 'dmemfs';
import type { PartitionJob, PartitionResult } from './etl-staging-worker.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
const ROWS = Number(values.rows);
if (!Number.isSafeInteger(ROWS) || ROWS < 1) throw new RangeError('--rows must be a positive integer');

const MiB = 1024 * 1024;
const section = (title: string) => console.log(`\n== ${title} ==`);
const log = (line: string) => console.log(`  ${line}`);

const staging = new MemoryFileSystem({ maxQuota: 512 * MiB, defaultLockTimeout: 5_000 });
const afs = staging.promises; // the same filesystem, with an open() that waits for locks
await afs.mkdir('/staging');
const EVENTS = '/staging/events.ndjson';

section('Writers queue for a staging file, first come, first served');
/** An extract task: holds the staging file while it appends its batches, one fetch apart. */
async function extract(name: string, batches: number): Promise<void> {
  log(`${name} asks for ${EVENTS}`);
  await using file = await afs.open(EVENTS, 'ab');
  log(`${name} has it`);
  for (let batch = 0; batch < batches; batch++) {
    await file.write(Buffer.from(`${JSON.stringify({ from: name, batch })}\n`));
    await sleep(5); // fetching the next batch; the others wait for the file meanwhile
  }
} // `await using` closes the file here, and the next task in the queue gets it
await Promise.all([extract('extract-A', 3), extract('extract-B', 2), extract('extract-C', 2)]);
const staged = (await afs.readFile(EVENTS, 'utf8')).trimEnd().split('\n');
log(`staged lines, never interleaved: ${staged.map((line) => JSON.parse(line).from.at(-1)).join(' ')}`);

section('A waiting writer is not overtaken by readers that come after it');
async function report(name: string): Promise<void> {
  log(`${name} asks to read`);
  await using file = await afs.open(EVENTS, 'rb');
  log(`${name} reads ${(await file.read()).toString().split('\n').length - 1} lines`);
  await sleep(10);
}
async function compact(): Promise<void> {
  log('compactor asks to write');
  await using file = await afs.open(EVENTS, 'r+b');
  const lines = (await file.read()).toString().trimEnd().split('\n');
  const latest = new Map(lines.map((line) => [JSON.parse(line).from, line]));
  await file.truncate(0);
  await file.seek(0);
  await file.write(Buffer.from(`${[...latest.values()].join('\n')}\n`));
  log(`compactor kept the last line of each source: ${latest.size} lines`);
}
await Promise.all([report('reader-1'), compact(), report('reader-2')]);

section('A task that cannot wait long gives up');
let release = () => {};
const holding = new Promise<void>((resolve) => {
  release = resolve;
});
const transform = (async () => {
  await using file = await afs.open(EVENTS, 'r+b');
  log('transform holds the file for as long as it needs');
  await holding;
  await file.seek(0, 2);
  await file.write(Buffer.from('{"from":"transform"}\n'));
})();
try {
  await afs.open(EVENTS, 'wb', { lockTimeout: 50 });
} catch (error) {
  if (!(error instanceof BlockingIOError)) throw error;
  log(`loader with lockTimeout 50: ${error.code} (${error.message})`);
}
try {
  staging.open(EVENTS, 'rb'); // the synchronous API never waits
} catch (error) {
  if (!(error instanceof BlockingIOError)) throw error;
  log(`synchronous open: ${error.code} at once`);
}
release();
await transform;
log(
  `the loader truncated nothing: ${(await afs.readFile(EVENTS, 'utf8')).trimEnd().split('\n').length} lines`,
);

section('Worker threads: each owns a filesystem; partitions travel as snapshot bytes');
const PARTITIONS = ['north', 'south', 'east', 'west'];
const DAYS = 3;
const expected = { revenue: 0, rejected: 0 };
let seed = 0x2545f491;
const random = (limit: number) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % limit;
};
// Raw input: /raw/<partition>/day-<n>.csv. The single-threaded totals are kept to check the workers.
for (const partition of PARTITIONS) {
  for (let day = 1; day <= DAYS; day++) {
    const lines = ['day,sku,qty,unit_cents'];
    for (let row = 0; row < Math.ceil(ROWS / PARTITIONS.length / DAYS); row++) {
      const quantity = random(12) - 1; // -1 and 0 are bad rows the workers reject
      const unitCents = 100 + random(5_000);
      lines.push(`${day},sku-${random(50).toString().padStart(2, '0')},${quantity},${unitCents}`);
      if (quantity > 0) expected.revenue += quantity * unitCents;
      else expected.rejected++;
    }
    staging.importTree({ [`/raw/${partition}/day-${day}.csv`]: `${lines.join('\n')}\n` });
  }
}
log(`raw input: ${staging.stats().fileCount - 1} files, ${(staging.stats().usedBytes / MiB).toFixed(1)} MiB`);

/** Runs one partition in a new worker thread. */
async function runPartition(partition: string): Promise<PartitionResult> {
  const worker = new Worker(new URL('./etl-staging-worker.mjs', import.meta.url));
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  const job: PartitionJob = { partition, snapshot: staging.snapshot(`/raw/${partition}`).toBytes() };
  const sent = job.snapshot.byteLength;
  worker.postMessage(job, [job.snapshot.buffer]); // the bytes move to the worker; nothing is copied
  const [result] = (await once(worker, 'message')) as [PartitionResult];
  await exited;
  log(
    `${partition}: sent ${sent} bytes, got back ${result.snapshot.byteLength}; ` +
      `${result.rows} rows, ${result.rejected} rejected; the worker used ${result.usedBytes} bytes of its own quota`,
  );
  return result;
}
const results = await Promise.all(PARTITIONS.map(runPartition));

// Merge: every file of every result into /out, in one atomic importTree per result.
for (const result of results) {
  const snapshot = MFSSnapshot.fromBytes(result.snapshot);
  const files = snapshot.paths().filter((path) => !snapshot.stat(path).isDir);
  staging.importTree(new Map(files.map((path) => [path, snapshot.readFile(path)])));
}
log(`merged: ${staging.glob('/out/*/*').join(', ')}`);

let revenue = 0;
for (const path of staging.glob('/out/*/revenue-by-sku.json')) {
  for (const cents of Object.values<number>(JSON.parse(staging.readFile(path, 'utf8')))) revenue += cents;
}
const rejected = results.reduce((sum, result) => sum + result.rejected, 0);
log(`revenue ${revenue} cents, ${rejected} rows rejected`);
log(`the same as a single-threaded pass: ${revenue === expected.revenue && rejected === expected.rejected}`);

// The report job works on a fork: copy-on-write, so it costs no copy of the data, and whatever it
// writes stays out of the staging area.
const reporting = MemoryFileSystem.fromSnapshot(staging.snapshot('/out'), { maxQuota: 64 * MiB });
reporting.writeFile('/out/total.json', JSON.stringify({ revenue, rejected }));
log(
  `fork has /out/total.json: ${reporting.exists('/out/total.json')}; staging has it: ${staging.exists('/out/total.json')}`,
);
