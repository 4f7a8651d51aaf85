import { expect } from 'vitest';
import { stateOf } from '../src/fs/filesystem.js';
import type { TreeNode } from '../src/fs/tree.js';
import type { MemoryFileSystem } from '../src/index.js';

/** The checks D-MemFS's `assert_stats_consistent` makes, plus exact usage and node counts. */
export function expectConsistentStats(mfs: MemoryFileSystem): void {
  const stats = mfs.stats();
  expect(Object.keys(stats).sort()).toEqual(
    [
      'chunkCount',
      'dirCount',
      'fileCount',
      'freeBytes',
      'overheadPerChunkEstimate',
      'quotaBytes',
      'usedBytes',
    ].sort(),
  );
  expect(stats.usedBytes).toBeGreaterThanOrEqual(0);
  expect(stats.usedBytes).toBeLessThanOrEqual(stats.quotaBytes);
  expect(stats.freeBytes).toBe(stats.quotaBytes - stats.usedBytes);
  expect(stats.dirCount).toBeGreaterThanOrEqual(1);
  const reachable = reachableTotals(mfs);
  expect(stats.usedBytes).toBe(reachable.usage);
  expect(stats.fileCount).toBe(reachable.files);
  expect(stats.dirCount).toBe(reachable.directories);
}

/** Usage and node counts computed from what is reachable from the root (orphans would differ). */
export function reachableTotals(mfs: MemoryFileSystem): {
  usage: number;
  files: number;
  directories: number;
} {
  let usage = 0;
  let files = 0;
  let directories = 0;
  const stack: TreeNode[] = [stateOf(mfs).tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'file') {
      files++;
      usage += node.content.usage;
    } else {
      directories++;
      stack.push(...node.children.values());
    }
  }
  return { usage, files, directories };
}

/** The storage kind behind a file (an engine detail some D-MemFS tests pin). */
export function storageKindOf(mfs: MemoryFileSystem, path: string): string {
  const node = stateOf(mfs).tree.resolve(path);
  if (node?.kind !== 'file') throw new Error(`not a file: ${path}`);
  return node.content.storageKind;
}

/** Writes `data` to `path` through a `wb` handle. */
export function writeBytes(mfs: MemoryFileSystem, path: string, data: Uint8Array | string): void {
  using handle = mfs.open(path, 'wb');
  handle.write(typeof data === 'string' ? Buffer.from(data) : data);
}

/** Reads `path` through an `rb` handle. */
export function readBytes(mfs: MemoryFileSystem, path: string): Buffer {
  using handle = mfs.open(path, 'rb');
  return handle.read();
}

/** A clock that returns the given instants in turn, then keeps returning the last one. */
export function steppingClock(...instants: number[]): () => number {
  let index = 0;
  return () => instants[Math.min(index++, instants.length - 1)];
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { now: () => number; set(value: number): void } {
  let current = start;
  return {
    now: () => current,
    set(value: number) {
      current = value;
    },
  };
}

/** The error `action` throws; fails the test if it throws nothing. */
export function errorOf(action: () => unknown): Error & { code?: string; path?: string } {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}
