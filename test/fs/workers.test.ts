/**
 * worker_threads: a filesystem belongs to the thread that created it. Each worker can own one, and
 * trees move between threads as bytes.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { MemoryFileSystem, type MFSStats } from '../../src/index.js';
import { expectConsistentStats } from '../helpers.js';

interface WorkerResult {
  id: number;
  stats: MFSStats;
  tree: Map<string, Uint8Array>;
  listing: number;
}

const entry = new URL('./scripts/worker-entry.mjs', import.meta.url);

/**
 * Runs one worker to its end. A worker that stops without sending its result (an unsettled
 * top-level await ends the thread quietly) fails here with its exit code, not with a test timeout.
 */
async function runWorker(id: number, files: number): Promise<WorkerResult> {
  const worker = new Worker(entry, { workerData: { id, files } });
  let result: WorkerResult | undefined;
  worker.on('message', (message: WorkerResult) => {
    result = message;
  });
  const [exitCode] = (await once(worker, 'exit')) as [number];
  expect(exitCode).toBe(0);
  if (result === undefined) throw new Error(`worker ${id} exited without sending its result`);
  return result;
}

describe('worker threads', () => {
  test('each worker owns its own filesystem; trees come back as bytes', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((id) => runWorker(id, 10 * id)));
    const merged = new MemoryFileSystem({ chunkOverheadOverride: 0 });
    for (const { id, stats, tree, listing } of results) {
      // Each worker saw only its own files: nothing leaked between threads.
      expect(listing).toBe(10 * id + 1);
      expect(stats).toMatchObject({ fileCount: 10 * id + 1, dirCount: 2, usedBytes: 1000 * id + 8 });
      expect(tree).toBeInstanceOf(Map);
      expect(tree.size).toBe(10 * id + 1);
      merged.importTree(tree);
    }
    expect(merged.listdir('/')).toEqual(['w1', 'w2', 'w3', 'w4']);
    expect(merged.readFile('/w3/owner.txt', 'utf8')).toBe('worker 3');
    expect(merged.readFile('/w2/7.bin')).toEqual(Buffer.alloc(100, 2));
    expect(merged.stats().fileCount).toBe(10 + 20 + 30 + 40 + 4);
    expectConsistentStats(merged);
  });

  test('a filesystem cannot be sent to another thread: what arrives is an empty husk', () => {
    const mfs = new MemoryFileSystem();
    mfs.writeFile('/f', 'data');
    // postMessage uses the structured clone algorithm; private state does not survive it.
    const copy = structuredClone(mfs) as unknown;
    expect(copy).toEqual({});
    expect(copy).not.toBeInstanceOf(MemoryFileSystem);
  });
});
