/**
 * Creating, listing and removing entries: `mkdir`, `listdir`, `remove`, `rmtree`.
 *
 * @module
 */

import { FileExistsError, InvalidArgumentError, NotADirectoryError } from './errors.js';
import { baseName, joinPath, normalizePath, splitPath } from './path.js';
import type { FileSystemState } from './state.js';
import { assertNothingOpen, DirectoryNode, type TreeNode } from './tree.js';

/**
 * Creates a directory and any missing parents. All or nothing: the node cap is checked for every
 * directory to create before the first one is made.
 */
export function makeDirectory(state: FileSystemState, rawPath: string, existOk: boolean): void {
  const path = normalizePath(rawPath);
  const tree = state.tree;
  const existing = tree.resolve(path);
  if (existing !== undefined) {
    if (existing.kind === 'file') throw new FileExistsError(`File exists at path: '${path}'`, { path });
    if (!existOk) throw new FileExistsError(`Directory exists: '${path}'`, { path });
    return;
  }
  ensureDirectories(state, path);
}

/**
 * Makes sure `path` is a directory, creating it and its missing parents (all or nothing). Throws
 * `NotADirectoryError` when a file is in the way. New directories take their modification time from
 * `modifiedAt` when it has one for them.
 */
export function ensureDirectories(
  state: FileSystemState,
  path: string,
  modifiedAt?: ReadonlyMap<string, number>,
): DirectoryNode {
  const tree = state.tree;
  const names = splitPath(path);
  let node: DirectoryNode = tree.root;
  let current = '/';
  let depth = 0;
  for (; depth < names.length; depth++) {
    const child: TreeNode | undefined = node.children.get(names[depth]);
    if (child === undefined) break;
    current = joinPath(current, names[depth]);
    if (child.kind === 'file') {
      throw new NotADirectoryError(`Not a directory: '${current}' (in '${path}')`, { path });
    }
    node = child;
  }
  tree.ensureCapacity(names.length - depth, path);
  const now = state.clock();
  for (; depth < names.length; depth++) {
    current = joinPath(current, names[depth]);
    const child = new DirectoryNode(node, now, modifiedAt?.get(current) ?? now);
    tree.addDirectory(node, names[depth], child, path);
    node = child;
  }
  return node;
}

/** Names in a directory, in insertion order. */
export function listDirectory(state: FileSystemState, rawPath: string): string[] {
  return [...state.tree.resolveDirectory(normalizePath(rawPath)).children.keys()];
}

/** Removes a file. Directories need `rmtree`; an open file is refused with `EBUSY`. */
export function removeFile(state: FileSystemState, rawPath: string): void {
  const path = normalizePath(rawPath);
  const tree = state.tree;
  const node = tree.resolveFile(path);
  assertNothingOpen(node, path);
  tree.unlink(node.parent!, baseName(path));
  state.ledger.release(tree.forget(node));
}

/** Removes a directory and everything under it. Refused (nothing removed) if any file below is open. */
export function removeTree(state: FileSystemState, rawPath: string): void {
  const path = normalizePath(rawPath);
  if (path === '/') throw new InvalidArgumentError('Cannot remove the root directory.', { path });
  const tree = state.tree;
  const node = tree.resolveDirectory(path);
  assertNothingOpen(node, path);
  tree.unlink(node.parent!, baseName(path));
  state.ledger.release(tree.forget(node));
}
