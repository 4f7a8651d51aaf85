/**
 * Worker thread for the snapshot transfer test: receives snapshot bytes, rebuilds a filesystem from
 * them, changes it, and answers with what it saw and the bytes of its own snapshot.
 */
import { parentPort } from 'node:worker_threads';
import { MemoryFileSystem, MFSSnapshot } from '../../../src/index.js';

parentPort!.once('message', (bytes: Uint8Array) => {
  const fs = MemoryFileSystem.fromSnapshot(MFSSnapshot.fromBytes(bytes), { maxQuota: 1024 * 1024 });
  const seen = {
    walk: [...fs.walk()],
    files: Object.fromEntries([...fs.exportTree()].map(([path, data]) => [path, data.toString('utf8')])),
    stats: fs.stats(),
  };
  fs.writeFile('/from-worker.txt', 'written in the worker');
  const reply = fs.snapshot().toBytes();
  parentPort!.postMessage({ seen, reply }, [reply.buffer]);
});
