import { joinPath } from '../../src/fs/path.js';
import type { MemoryFileSystem } from '../../src/index.js';

/** One node as a test compares it: its stat, and a file's content as hex. */
export interface ListedNode {
  path: string;
  isDir: boolean;
  size: number;
  createdAt: number;
  modifiedAt: number;
  generation: number;
  content?: string;
}

/**
 * Every node at or under `path`, parents before children, siblings in listing order, with stat and
 * content: two trees are the same when their listings are equal.
 */
export function listTree(mfs: MemoryFileSystem, path = '/'): ListedNode[] {
  const nodes: ListedNode[] = [];
  const visit = (current: string): void => {
    const stat = mfs.stat(current);
    const node: ListedNode = { path: current, ...stat };
    if (!stat.isDir) {
      node.content = mfs.exportAsBuffer(current).toString('hex');
      nodes.push(node);
      return;
    }
    nodes.push(node);
    for (const name of mfs.listdir(current)) visit(joinPath(current, name));
  };
  visit(path);
  return nodes;
}

/** Paths and contents only (what survives a trip through a host directory, minus times). */
export function contentsOf(mfs: MemoryFileSystem, path = '/'): Record<string, string | null> {
  return Object.fromEntries(listTree(mfs, path).map((node) => [node.path, node.content ?? null]));
}
