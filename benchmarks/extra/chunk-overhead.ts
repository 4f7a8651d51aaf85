/**
 * Measures what one stored chunk costs V8 beyond its bytes: the figure behind the default
 * `chunkOverheadOverride` (see README, "Storage and the quota").
 *
 * Run: `node --expose-gc --import tsx benchmarks/extra/chunk-overhead.ts`
 *
 * It fills a sequential file with many small appends (one chunk each) and compares the growth of
 * the V8 heap plus ArrayBuffer memory with the bytes stored. The difference, per chunk, is the
 * chunk's overhead; the default charge must stay above it.
 */
import { DEFAULT_CHUNK_OVERHEAD, MemoryFileSystem } from '../../src/index.js';
import { settledFootprintBytes } from '../lib/memory.js';

const CHUNKS = 200_000;
console.log(`default overhead charged per chunk: ${DEFAULT_CHUNK_OVERHEAD} bytes`);
for (const chunkSize of [1, 64, 100, 1000, 4096]) {
  const mfs = new MemoryFileSystem({ maxQuota: 2 * 1024 ** 3, chunkOverheadOverride: 0 });
  const before = await settledFootprintBytes();
  {
    using handle = mfs.open('/f', 'ab');
    const chunk = Buffer.alloc(chunkSize, 1);
    for (let i = 0; i < CHUNKS; i++) handle.write(chunk);
  }
  const after = await settledFootprintBytes();
  const stored = CHUNKS * chunkSize;
  const perChunk = (after - before - stored) / CHUNKS;
  console.log(
    `chunks of ${String(chunkSize).padStart(4)} bytes: ${perChunk.toFixed(1)} bytes of overhead per chunk`,
  );
  if (mfs.stats().chunkCount !== CHUNKS) throw new Error('expected one chunk per append');
}
