// A worker that owns its own filesystem: it fills it through both views, checks it, and sends the
// tree back as bytes (the way trees move between threads).
import { parentPort, workerData } from 'node:worker_threads';
import { MemoryFileSystem } from '../../../src/index.js';

const { id, files } = workerData as { id: number; files: number };
const mfs = new MemoryFileSystem({ maxQuota: 1024 * 1024, chunkOverheadOverride: 0 });
const afs = mfs.promises;

await afs.mkdir(`/w${id}`);
await Promise.all(
  Array.from({ length: files }, async (_, index) => {
    await using f = await afs.open(`/w${id}/${index}.bin`, 'wb');
    await f.write(Buffer.alloc(100, id));
  }),
);
mfs.writeFile(`/w${id}/owner.txt`, `worker ${id}`);

parentPort!.postMessage({
  id,
  stats: mfs.stats(),
  tree: mfs.exportTree('/'),
  listing: mfs.listdir(`/w${id}`).length,
});
