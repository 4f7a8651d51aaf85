/**
 * Traversing the tree: `walk` (top-down, prunable) and `glob`.
 *
 * @module
 */

import { glob } from './glob.js';
import { joinPath, normalizePath } from './path.js';
import type { FileSystemState } from './state.js';
import type { DirectoryNode } from './tree.js';

/** One step of `walk`: a directory's path, its subdirectory names and its file names. */
export type WalkEntry = [dirpath: string, dirnames: string[], filenames: string[]];

/**
 * Walks the tree top-down from `path`, like Python's `os.walk`: each directory is yielded before its
 * subdirectories, and removing names from the yielded `dirnames` array prunes them. Lazy: errors
 * (missing path, a file) surface on the first `next()`. Weakly consistent: each directory's children
 * are listed just before it is yielded, and directories removed since are skipped.
 */
export function* walkTree(state: FileSystemState, rawPath: string): Generator<WalkEntry, void, undefined> {
  const path = normalizePath(rawPath);
  const stack: [DirectoryNode, string][] = [[state.tree.resolveDirectory(path), path]];
  while (stack.length > 0) {
    const [directory, directoryPath] = stack.pop()!;
    if (directory.removed) continue;
    const subdirectories = new Map<string, DirectoryNode>();
    const dirnames: string[] = [];
    const filenames: string[] = [];
    for (const [name, child] of directory.children) {
      if (child.kind === 'directory') {
        dirnames.push(name);
        subdirectories.set(name, child);
      } else {
        filenames.push(name);
      }
    }
    yield [directoryPath, dirnames, filenames];
    // Visit what the caller left in `dirnames`, in its order (pruning, as os.walk allows).
    for (let i = dirnames.length - 1; i >= 0; i--) {
      const child = subdirectories.get(dirnames[i]);
      if (child !== undefined) stack.push([child, joinPath(directoryPath, dirnames[i])]);
    }
  }
}

/**
 * Paths matching `pattern`, sorted and unique (see `glob.ts` for the pattern rules; `glob` also
 * refuses a non-string pattern).
 */
export function globTree(state: FileSystemState, pattern: string): string[] {
  return glob<DirectoryNode>(
    {
      root: state.tree.root,
      list: (directory) =>
        Array.from(directory.children, ([name, child]) => ({
          name,
          directory: child.kind === 'directory' ? child : undefined,
        })),
    },
    pattern,
  );
}
