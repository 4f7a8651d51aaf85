/**
 * The worker of `etl-staging.ts`: receives one partition of the staging area as snapshot bytes,
 * cleans and aggregates it in a filesystem of its own, and sends the result back as snapshot bytes.
 *
 * Started through `etl-staging-worker.mjs`, which loads this TypeScript file.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { parentPort } from 'node:worker_threads';
import { MemoryFileSystem, MFSSnapshot } from 'dmemfs';

/** What the main thread sends: the partition's name and a snapshot of `/raw/<partition>`. */
export interface PartitionJob {
  readonly partition: string;
  readonly snapshot: Uint8Array<ArrayBuffer>;
}

/** What the worker sends back: a snapshot of `/out/<partition>`, and what it did. */
export interface PartitionResult {
  readonly partition: string;
  readonly snapshot: Uint8Array<ArrayBuffer>;
  readonly rows: number;
  readonly rejected: number;
  /** The worker's own filesystem at the end: input and output. */
  readonly usedBytes: number;
}

/** A sales line `day,sku,qty,unit_cents`; a quantity of zero or less is rejected. */
function parseSale(line: string): { sku: string; cents: number } | undefined {
  const [, sku, qty, unitCents] = line.split(',');
  const quantity = Number(qty);
  return quantity > 0 ? { sku, cents: quantity * Number(unitCents) } : undefined;
}

async function cleanPartition(job: PartitionJob): Promise<PartitionResult> {
  const { partition } = job;
  // A copy-on-write fork of the partition, in this thread's own filesystem and quota.
  const mfs = MemoryFileSystem.fromSnapshot(MFSSnapshot.fromBytes(job.snapshot), {
    maxQuota: 256 * 1024 ** 2,
  });
  mfs.mkdir(`/out/${partition}`);
  const clean = mfs.createWriteStream(`/out/${partition}/sales.csv`);
  const revenue = new Map<string, number>();
  let rows = 0;
  let rejected = 0;
  for (const input of mfs.glob(`/raw/${partition}/*.csv`)) {
    for await (const line of createInterface({
      input: mfs.createReadStream(input),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      if (line === '' || line.startsWith('day,')) continue;
      rows++;
      const sale = parseSale(line);
      if (sale === undefined) {
        rejected++;
        continue;
      }
      revenue.set(sale.sku, (revenue.get(sale.sku) ?? 0) + sale.cents);
      if (!clean.write(`${line}\n`)) await once(clean, 'drain');
    }
  }
  clean.end();
  await finished(clean);
  const summary = Object.fromEntries([...revenue].sort(([a], [b]) => a.localeCompare(b)));
  mfs.writeFile(`/out/${partition}/revenue-by-sku.json`, JSON.stringify(summary));
  const snapshot = mfs.snapshot(`/out/${partition}`).toBytes();
  return { partition, snapshot, rows, rejected, usedBytes: mfs.stats().usedBytes };
}

const port = parentPort;
if (port === null) throw new Error('etl-staging-worker runs in a worker thread');
const [job] = (await once(port, 'message')) as [PartitionJob];
const result = await cleanPartition(job);
port.postMessage(result, [result.snapshot.buffer]); // transferred, not copied
port.close();
