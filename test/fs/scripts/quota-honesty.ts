// Fills a filesystem in phases and reports, after each, how much ArrayBuffer memory the process
// really holds next to what the quota says is used. Run with --expose-gc.
import { MemoryFileSystem } from '../../../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

/** Collects garbage and lets V8's array-buffer sweeper, which frees backing stores after a GC, finish. */
async function settle(): Promise<number> {
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 20; round++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const current = process.memoryUsage().arrayBuffers;
    if (current >= previous) return current;
    previous = current;
  }
  return previous;
}

const overhead = Number(process.argv[2] ?? 'NaN');
const mfs = new MemoryFileSystem({
  maxQuota: 512 * 1024 ** 2,
  ...(Number.isNaN(overhead) ? {} : { chunkOverheadOverride: overhead }),
});
const baseline = await settle();
const phases: { phase: string; arrayBuffers: number; usedBytes: number }[] = [];
const record = async (phase: string) => {
  phases.push({ phase, arrayBuffers: (await settle()) - baseline, usedBytes: mfs.stats().usedBytes });
};

// Closed handles stay referenced throughout: a closed handle must not keep its file's bytes alive.
const closedHandles: unknown[] = [];
const keep = <T>(handle: T): T => {
  closedHandles.push(handle);
  return handle;
};

// Deterministic pseudo-random numbers (xorshift), so every run does the same work.
let seed = 0x9e3779b9;
const random = (limit: number) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % limit;
};

mfs.mkdir('/small');
for (let file = 0; file < 20; file++) {
  using handle = keep(mfs.open(`/small/f${file}.log`, 'ab'));
  for (let i = 0; i < 2000; i++) handle.write(Buffer.alloc(1 + random(300), i));
}
await record('small appends');

mfs.mkdir('/large');
for (let file = 0; file < 12; file++)
  mfs.writeFile(`/large/f${file}.bin`, Buffer.alloc((4 + file) * 1024 ** 2, file));
await record('large writes');

for (let file = 0; file < 12; file += 2) {
  using handle = keep(mfs.open(`/large/f${file}.bin`, 'r+b'));
  const size = mfs.getSize(`/large/f${file}.bin`);
  for (let i = 0; i < 200; i++) {
    handle.seek(random(size + 4096));
    handle.write(Buffer.alloc(1 + random(64 * 1024), 0xee));
  }
}
for (let file = 0; file < 20; file += 3) {
  using handle = keep(mfs.open(`/small/f${file}.log`, 'r+b'));
  for (let i = 0; i < 100; i++) {
    handle.seek(random(100_000));
    handle.write(Buffer.alloc(1 + random(500), 0xaa));
  }
}
await record('random writes');

for (let file = 1; file < 12; file += 2) {
  using handle = keep(mfs.open(`/large/f${file}.bin`, 'r+b'));
  handle.truncate(1024 + random(1024 * 1024));
}
for (let file = 0; file < 12; file += 4) {
  using handle = keep(mfs.open(`/large/f${file}.bin`, 'r+b'));
  handle.truncate(mfs.getSize(`/large/f${file}.bin`) + 2 * 1024 ** 2);
}
for (let file = 0; file < 20; file += 2) {
  using handle = keep(mfs.open(`/small/f${file}.log`, 'r+b'));
  handle.truncate(random(50_000));
}
await record('truncates');

for (let file = 0; file < 12; file += 3) mfs.remove(`/large/f${file}.bin`);
mfs.rmtree('/small');
await record('removes');

for (const path of mfs.glob('/**')) if (mfs.isFile(path)) mfs.remove(path);
mfs.rmtree('/large');
await record('everything removed');

console.log(JSON.stringify(phases));
if (closedHandles.length < 50) throw new Error('the phases did not keep their handles');
