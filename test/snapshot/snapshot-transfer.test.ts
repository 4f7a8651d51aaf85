/**
 * Snapshots crossing realms: `structuredClone` of the bytes, and a real `worker_threads` worker
 * that receives the bytes (transferred, not copied), builds a filesystem from them and answers with
 * a snapshot of its own.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { MemoryFileSystem, MFSSnapshot } from '../../src/index.js';
import { listTree } from './tree-listing.js';

function fixtureTree(): MemoryFileSystem {
  const mfs = new MemoryFileSystem();
  mfs.mkdir('/fixtures/empty');
  mfs.writeFile('/fixtures/users.json', JSON.stringify([{ id: 1 }, { id: 2 }]));
  mfs.writeFile('/fixtures/blob.bin', Buffer.from([0, 255, 1, 254]));
  return mfs;
}

/** Starts the worker script through tsx, which the worker needs to load TypeScript. */
function startWorker(): Worker {
  const script = new URL('./scripts/snapshot-worker.ts', import.meta.url).href;
  const source = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(script)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(source, { eval: true });
}

interface WorkerReply {
  seen: { walk: unknown; files: Record<string, string>; stats: { fileCount: number; dirCount: number } };
  reply: Uint8Array;
}

describe('moving snapshots between realms', () => {
  test('structuredClone of the bytes rebuilds the same tree', () => {
    const mfs = fixtureTree();
    const clone = structuredClone(mfs.snapshot().toBytes());
    expect(clone).toBeInstanceOf(Uint8Array);
    const fork = MemoryFileSystem.fromSnapshot(MFSSnapshot.fromBytes(clone));
    expect(listTree(fork)).toEqual(listTree(mfs));
  });

  test('a worker thread receives the transferred bytes, forks them, and sends a snapshot back', async () => {
    const mfs = fixtureTree();
    const bytes = mfs.snapshot().toBytes();
    const worker = startWorker();
    try {
      const answer = await new Promise<WorkerReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(bytes, [bytes.buffer]);
      });
      expect(bytes.byteLength).toBe(0); // transferred, not copied
      expect(answer.seen.walk).toEqual([...mfs.walk()]);
      expect(answer.seen.files).toEqual({
        '/fixtures/users.json': '[{"id":1},{"id":2}]',
        '/fixtures/blob.bin': Buffer.from([0, 255, 1, 254]).toString('utf8'),
      });
      expect(answer.seen.stats).toMatchObject({ fileCount: 2, dirCount: 3 });
      const back = MemoryFileSystem.fromSnapshot(MFSSnapshot.fromBytes(answer.reply));
      expect(back.readFile('/from-worker.txt', 'utf8')).toBe('written in the worker');
      expect(listTree(back, '/fixtures')).toEqual(listTree(mfs, '/fixtures'));
      expect(mfs.exists('/from-worker.txt')).toBe(false);
    } finally {
      await worker.terminate();
    }
  });
});
