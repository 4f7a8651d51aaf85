/**
 * Looking without touching: `stat`, `stats`, `getSize`, `exists`, `isDir`, `isFile`.
 *
 * @module
 */

import { InvalidArgumentError } from './errors.js';
import { normalizePath } from './path.js';
import type { FileSystemState } from './state.js';
import type { TreeNode } from './tree.js';

/** What `stat` reports. Timestamps are ms since the Unix epoch. */
export interface MFSStatResult {
  /** Bytes (0 for a directory). */
  readonly size: number;
  readonly createdAt: number;
  /** Last content change (directories keep their creation time, as in D-MemFS). */
  readonly modifiedAt: number;
  /** Content changes so far (always 0 for a directory). */
  readonly generation: number;
  readonly isDir: boolean;
}

/** What `stats` reports about the whole filesystem. */
export interface MFSStats {
  /** Bytes charged to the quota. */
  readonly usedBytes: number;
  /** The hard quota (`maxQuota`). */
  readonly quotaBytes: number;
  /** `quotaBytes - usedBytes`. */
  readonly freeBytes: number;
  readonly fileCount: number;
  /** Directories, root included. */
  readonly dirCount: number;
  /** Chunks held by sequential files. */
  readonly chunkCount: number;
  /** Bytes charged per sequential chunk. */
  readonly overheadPerChunkEstimate: number;
}

export function statPath(state: FileSystemState, rawPath: string): MFSStatResult {
  const path = normalizePath(rawPath);
  const node = state.tree.resolve(path);
  if (node === undefined) throw state.tree.explainMissing(path, 'No such file or directory');
  if (node.kind === 'directory') {
    return { size: 0, createdAt: node.createdAt, modifiedAt: node.modifiedAt, generation: 0, isDir: true };
  }
  return {
    size: node.content.size,
    createdAt: node.createdAt,
    modifiedAt: node.modifiedAt,
    generation: node.generation,
    isDir: false,
  };
}

export function collectStats(state: FileSystemState): MFSStats {
  const { ledger, tree } = state;
  let chunkCount = 0;
  const stack: TreeNode[] = [tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'file') chunkCount += node.content.sequentialChunkCount;
    else for (const child of node.children.values()) stack.push(child);
  }
  return {
    usedBytes: ledger.used,
    quotaBytes: ledger.limit,
    freeBytes: ledger.free,
    fileCount: tree.fileCount,
    dirCount: tree.directoryCount,
    chunkCount,
    overheadPerChunkEstimate: state.storage.policy.chunkOverhead,
  };
}

export function sizeOf(state: FileSystemState, rawPath: string): number {
  return state.tree.resolveFile(normalizePath(rawPath)).content.size;
}

/** The node at `rawPath`, or `undefined` for a missing path or one that climbs above the root. */
export function peek(state: FileSystemState, rawPath: string): TreeNode | undefined {
  let path: string;
  try {
    path = normalizePath(rawPath);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return undefined;
    throw error;
  }
  return state.tree.resolve(path);
}
