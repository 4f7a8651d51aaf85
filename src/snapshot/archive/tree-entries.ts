/**
 * A `MemoryFileSystem` subtree as archive members: what `createArchive` and `writeArchive` write.
 *
 * @module
 */

import type { MemoryFileSystem } from '../../fs/index.js';
import { joinPath } from '../../fs/path.js';
import type { ArchiveSourceEntry } from './types.js';

/**
 * Yields every directory below `prefix` (a normalized directory path) and every file at any depth,
 * top-down, each with its path relative to `prefix` and its modification time. Empty directories
 * are members like any other, so they survive the round trip.
 *
 * Lazy: a file's bytes are copied out only when its member is taken, so a writer that takes one
 * member at a time holds one file at a time. Weakly consistent, like `walk`: a file removed after
 * its directory was listed is left out.
 */
export function* treeEntries(mfs: MemoryFileSystem, prefix: string): Generator<ArchiveSourceEntry> {
  const relative = (path: string) => path.slice(prefix === '/' ? 1 : prefix.length + 1);
  for (const [directory, , filenames] of mfs.walk(prefix)) {
    if (directory !== prefix) {
      yield { path: relative(directory), type: 'directory', mtime: mfs.stat(directory).modifiedAt };
    }
    for (const name of filenames) {
      const path = joinPath(directory, name);
      // The consumer may wait between members (for a destination to drain), and the tree may change.
      if (!mfs.isFile(path)) continue;
      const { modifiedAt } = mfs.stat(path);
      yield { path: relative(path), type: 'file', data: mfs.exportAsBuffer(path), mtime: modifiedAt };
    }
  }
}
