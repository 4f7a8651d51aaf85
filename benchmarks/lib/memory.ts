/**
 * Peak-memory measurement for one workload iteration.
 *
 * The footprint is `heapUsed + arrayBuffers` from `process.memoryUsage()`: the JavaScript heap plus
 * the off-heap backing stores of `ArrayBuffer`s and `Buffer`s, where file data lives. Peak is the
 * largest growth of that sum over a baseline taken right after a full garbage collection.
 *
 * Workloads are synchronous, so a timer cannot sample while they run, and sampling inside the timed
 * iterations would add a few microseconds per filesystem call to the times. Instead the peak comes
 * from one extra, untimed iteration in which the filesystem is wrapped so that every call on it and
 * on its handles is followed by a sample. Allocations that live and die inside a single call are
 * therefore not seen; everything a call leaves behind is, including garbage not yet collected.
 *
 * @module
 */

import type { BenchFileHandle, BenchFs, CreateBenchFs, OpenMode } from '../backends/types.js';

/**
 * Runs full garbage collections until the memory of dead buffers is actually released. Requires the
 * process to be started with `--expose-gc`.
 */
export function collectGarbage(): void {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('garbage collection is not exposed; run node with --expose-gc');
  // V8 frees the backing stores of dead ArrayBuffers on a concurrent sweeper after a full collection,
  // so `arrayBuffers` can still count them when `gc()` returns. The next full collection waits for
  // that sweep to finish first; without it the baseline would include the previous iteration's data.
  gc();
  gc();
}

/** The current `heapUsed + arrayBuffers`, in bytes. */
export function footprintBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Remembers the largest footprint growth seen over a fixed baseline. */
class PeakSampler {
  private peak = 0;

  constructor(private readonly baselineBytes: number) {}

  sample(): void {
    const growth = footprintBytes() - this.baselineBytes;
    if (growth > this.peak) this.peak = growth;
  }

  get peakBytes(): number {
    return this.peak;
  }
}

class SampledFileHandle implements BenchFileHandle {
  constructor(
    private readonly inner: BenchFileHandle,
    private readonly sampler: PeakSampler,
  ) {}

  write(data: Uint8Array): void {
    this.inner.write(data);
    this.sampler.sample();
  }

  seek(offset: number): void {
    this.inner.seek(offset);
  }

  read(size: number): Uint8Array {
    const data = this.inner.read(size);
    this.sampler.sample();
    return data;
  }

  readAll(): Uint8Array {
    const data = this.inner.readAll();
    this.sampler.sample();
    return data;
  }

  close(): void {
    this.inner.close();
    this.sampler.sample();
  }
}

class SampledFs implements BenchFs {
  constructor(
    private readonly inner: BenchFs,
    private readonly sampler: PeakSampler,
  ) {}

  mkdir(path: string): void {
    this.inner.mkdir(path);
    this.sampler.sample();
  }

  open(path: string, mode: OpenMode): BenchFileHandle {
    const handle = new SampledFileHandle(this.inner.open(path, mode), this.sampler);
    this.sampler.sample();
    return handle;
  }

  dispose(): void {
    // The filesystem still holds everything it stored right before it is released.
    this.sampler.sample();
    this.inner.dispose();
  }
}

/**
 * Runs `iteration` once with a filesystem factory whose filesystems sample the footprint after every
 * call, and returns the peak growth in bytes over a baseline taken after a full garbage collection.
 */
export function measurePeakGrowth(
  iteration: (createFs: CreateBenchFs) => void,
  createFs: CreateBenchFs,
): number {
  collectGarbage();
  const sampler = new PeakSampler(footprintBytes());
  iteration((options) => {
    const fs = new SampledFs(createFs(options), sampler);
    sampler.sample();
    return fs;
  });
  sampler.sample();
  return sampler.peakBytes;
}
