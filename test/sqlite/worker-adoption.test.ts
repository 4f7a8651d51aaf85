import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import { SqliteMasterCache } from '../../src/sqlite/index.js';
import { itemNames, SEED_NAMES, seedInventory } from './databases.js';

interface WorkerReport {
  before: string[];
  after: string[];
  freshNames: string[];
  masterBytes: number;
  echoed: Uint8Array;
}

function runWorker(bytes: Uint8Array, transfer: ArrayBuffer[] = []): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fixtures/typescript-worker.mjs', import.meta.url), {
      workerData: { module: new URL('./fixtures/adopt-worker.ts', import.meta.url).href, bytes },
      transferList: transfer,
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with code ${code}`));
    });
  });
}

test('a master built in one thread is adopted and cloned in a worker thread', async () => {
  const master = new SqliteMasterCache().master('inventory', seedInventory);
  const report = await runWorker(master.toBytes());
  expect(report.before).toEqual(SEED_NAMES);
  expect(report.after).toEqual([...SEED_NAMES, 'added in worker']);
  expect(report.freshNames).toEqual(SEED_NAMES);
  expect(report.masterBytes).toBe(master.bytes);
  // The worker's write did not reach this thread's master.
  const local = master.clone();
  expect(itemNames(local)).toEqual(SEED_NAMES);
  local.close();
  // The bytes came back intact, and adopt again here.
  expect(report.echoed).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(report.echoed).equals(master.toBytes())).toBe(true);
  const readopted = new SqliteMasterCache().adopt('inventory', report.echoed).clone();
  expect(itemNames(readopted)).toEqual(SEED_NAMES);
  readopted.close();
});

test('toBytes can be transferred rather than copied: its buffer is exactly the image', async () => {
  const master = new SqliteMasterCache().master('inventory', seedInventory);
  const bytes = master.toBytes();
  const report = await runWorker(bytes, [bytes.buffer as ArrayBuffer]);
  expect(bytes.byteLength).toBe(0); // detached: ownership moved to the worker
  expect(report.masterBytes).toBe(master.bytes);
  expect(report.after.at(-1)).toBe('added in worker');
});
