/**
 * Peak-memory measurement for one iteration.
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
 * Scenarios sample through a {@link PeakSampler} they are handed, at the points they choose.
 *
 * With every sample the peak quota usage is recorded too, for filesystems that report one (dmemfs).
 * When a workload disposes of its filesystem, full collections before and after dropping it measure
 * what the filesystem held, without the garbage the peak may include: that is what must stay within
 * the quota usage, up to a small constant.
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

/**
 * The footprint once garbage collection has really finished: collects, lets the event loop turn so
 * the sweeper can free dead buffers' memory, and repeats until the footprint stops shrinking. A
 * baseline taken any earlier can still hold the previous iteration's data, which would make the
 * next iteration's growth look smaller than it is.
 */
export async function settledFootprintBytes(): Promise<number> {
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 20; round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const current = footprintBytes();
    if (current >= previous) return current;
    previous = current;
  }
  return previous;
}

/** What a sampled iteration saw. */
export interface PeakMemory {
  /** Largest footprint growth over the baseline; `null` when nothing was sampled. */
  readonly peakBytes: number | null;
  /** Largest quota usage reported with a sample; `null` when none was. */
  readonly peakQuotaBytes: number | null;
  /**
   * What the filesystem held at the end of a workload: the footprint released by dropping it,
   * measured between full collections, so without the garbage the peak may include. `null` when not
   * measured (scenarios).
   */
  readonly heldBytes: number | null;
}

/** Remembers the largest footprint growth seen over a fixed baseline, and the largest quota usage. */
export class PeakSampler {
  private peak: number | null = null;
  private quota: number | null = null;
  private held: number | null = null;

  constructor(private readonly baselineBytes: number) {}

  sample(quotaUsedBytes?: number): void {
    const growth = Math.max(0, footprintBytes() - this.baselineBytes);
    if (this.peak === null || growth > this.peak) this.peak = growth;
    if (quotaUsedBytes !== undefined && (this.quota === null || quotaUsedBytes > this.quota)) {
      this.quota = quotaUsedBytes;
    }
  }

  /** Records what a filesystem held: the footprint it released when dropped. */
  recordHeld(bytes: number): void {
    this.held = Math.max(0, bytes);
  }

  get result(): PeakMemory {
    return { peakBytes: this.peak, peakQuotaBytes: this.quota, heldBytes: this.held };
  }
}

/**
 * A handle that samples after each call. Closing it drops the wrapped handle, so a workload's variable
 * that still refers to a closed handle cannot keep the backend's data alive (a `Map` handle refers to
 * its file's chunks), which would hide them from the held-memory measurement.
 */
class SampledFileHandle implements BenchFileHandle {
  private inner: BenchFileHandle | null;

  constructor(
    inner: BenchFileHandle,
    private readonly sampler: { sample(): void },
  ) {
    this.inner = inner;
  }

  write(data: Uint8Array): void {
    this.inner!.write(data);
    this.sampler.sample();
  }

  seek(offset: number): void {
    this.inner!.seek(offset);
  }

  read(size: number): Uint8Array {
    const data = this.inner!.read(size);
    this.sampler.sample();
    return data;
  }

  readAll(): Uint8Array {
    const data = this.inner!.readAll();
    this.sampler.sample();
    return data;
  }

  close(): void {
    this.inner!.close();
    this.inner = null;
    this.sampler.sample();
  }
}

/** A filesystem that samples after each call, and measures what it held when disposed of. */
class SampledFs implements BenchFs {
  private inner: BenchFs | null;

  constructor(
    inner: BenchFs,
    private readonly sampler: PeakSampler,
  ) {
    this.inner = inner;
  }

  mkdir(path: string): void {
    this.inner!.mkdir(path);
    this.sample();
  }

  open(path: string, mode: OpenMode): BenchFileHandle {
    const handle = new SampledFileHandle(this.inner!.open(path, mode), this);
    this.sample();
    return handle;
  }

  /** Samples the footprint, with the quota usage of backends that report one. */
  sample(): void {
    this.sampler.sample(this.inner?.quotaUsedBytes?.());
  }

  /**
   * Samples one last time, then measures what the filesystem held: the footprint after a full
   * collection, minus the footprint after another once the filesystem is disposed of and no longer
   * referenced. What the workload itself still holds (a buffer it read back) stays out of it.
   */
  dispose(): void {
    this.sample();
    collectGarbage();
    const holding = footprintBytes();
    this.release();
    collectGarbage();
    this.sampler.recordHeld(holding - footprintBytes());
  }

  /**
   * Disposes of the filesystem and forgets it. A function of its own, so that no register of the
   * caller's frame still refers to the filesystem when the collector runs.
   */
  private release(): void {
    const inner = this.inner!;
    this.inner = null;
    inner.dispose();
  }
}

/**
 * Runs `iteration` once with a filesystem factory whose filesystems sample the footprint after every
 * call, over a baseline taken once garbage collection has settled.
 */
export async function measurePeakGrowth(
  iteration: (createFs: CreateBenchFs) => void,
  createFs: CreateBenchFs,
): Promise<PeakMemory> {
  const sampler = new PeakSampler(await settledFootprintBytes());
  iteration((options) => {
    const fs = new SampledFs(createFs(options), sampler);
    fs.sample();
    return fs;
  });
  sampler.sample();
  return sampler.result;
}
