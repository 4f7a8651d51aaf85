/**
 * Pictures of a filesystem for archive tests: everything observable (bytes, every node's stat,
 * stats), to prove a failed expansion changed nothing, and a tree listing relative to a directory, to
 * compare trees across a round trip.
 */

import type { MemoryFileSystem, MFSStatResult, MFSStats } from '../../../src/index.js';

/** Everything a caller can observe about a filesystem. */
export interface FsImage {
  readonly files: Map<string, Buffer>;
  readonly nodes: ReadonlyArray<readonly [string, MFSStatResult]>;
  readonly stats: MFSStats;
}

/** Takes an {@link FsImage}: `exportTree`, `walk` with `stat` of every node, and `stats`. */
export function imageOf(mfs: MemoryFileSystem): FsImage {
  const nodes: [string, MFSStatResult][] = [];
  for (const [directory, , filenames] of mfs.walk('/')) {
    nodes.push([directory, mfs.stat(directory)]);
    for (const name of filenames) {
      const path = directory === '/' ? `/${name}` : `${directory}/${name}`;
      nodes.push([path, mfs.stat(path)]);
    }
  }
  return { files: mfs.exportTree('/'), nodes, stats: mfs.stats() };
}

/** One node of a tree listing. */
export interface TreeNodeImage {
  readonly path: string;
  readonly kind: 'file' | 'directory';
  /** Hex of the bytes, so that a mismatch prints readably; `undefined` for directories. */
  readonly data: string | undefined;
  /** Modification time in whole seconds, the resolution every built-in format keeps. */
  readonly seconds: number;
}

/** Every node below `root` (not `root` itself), relative to it, sorted by path. */
export function treeOf(mfs: MemoryFileSystem, root = '/'): TreeNodeImage[] {
  const relative = (path: string) => path.slice(root === '/' ? 1 : root.length + 1);
  const nodes: TreeNodeImage[] = [];
  for (const [directory, , filenames] of mfs.walk(root)) {
    if (directory !== root) {
      const seconds = Math.floor(mfs.stat(directory).modifiedAt / 1000);
      nodes.push({ path: relative(directory), kind: 'directory', data: undefined, seconds });
    }
    for (const name of filenames) {
      const path = directory === '/' ? `/${name}` : `${directory}/${name}`;
      const seconds = Math.floor(mfs.stat(path).modifiedAt / 1000);
      nodes.push({ path: relative(path), kind: 'file', data: mfs.readFile(path).toString('hex'), seconds });
    }
  }
  return nodes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
