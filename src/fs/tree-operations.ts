/**
 * Moving and copying: `rename`, `move`, `copy`, `copyTree`. Each one is all or nothing.
 *
 * @module
 */

import { ensureDirectories } from './directory-operations.js';
import { FileExistsError, InvalidArgumentError, NotADirectoryError } from './errors.js';
import { baseName, isSameOrDescendant, joinPath, normalizePath, parentPath } from './path.js';
import type { FileSystemState } from './state.js';
import { asMemoryError, FileContent } from './storage/file-content.js';
import {
  assertNothingOpen,
  assertNoWriter,
  DirectoryNode,
  FileNode,
  type Tree,
  type TreeNode,
} from './tree.js';

/**
 * Renames `src` to `dst` (files or whole directories, in O(1)). The destination's parent must exist
 * and the destination must not. Node identity, data, generation and timestamps are kept.
 */
export function renameEntry(state: FileSystemState, rawSrc: string, rawDst: string): void {
  relocate(state, rawSrc, rawDst, 'rename');
}

/** Like {@link renameEntry}, but creates the destination's missing parent directories. */
export function moveEntry(state: FileSystemState, rawSrc: string, rawDst: string): void {
  relocate(state, rawSrc, rawDst, 'move');
}

function relocate(state: FileSystemState, rawSrc: string, rawDst: string, verb: 'rename' | 'move'): void {
  const src = normalizePath(rawSrc);
  const dst = normalizePath(rawDst);
  if (src === '/') throw new InvalidArgumentError(`Cannot ${verb} the root directory.`, { path: src });
  const tree = state.tree;
  const node = tree.resolve(src);
  if (node === undefined) throw tree.explainMissing(src, 'No such file or directory');
  assertDestinationFree(tree, dst);
  if (isSameOrDescendant(dst, src)) {
    throw new InvalidArgumentError(`Cannot ${verb} '${src}' into itself ('${dst}').`, { path: src });
  }
  // A rename needs the destination's parent; a move creates it, once nothing can refuse the move.
  const existingParent = verb === 'rename' ? destinationParent(tree, dst) : undefined;
  assertNothingOpen(node, src);
  const parent = existingParent ?? ensureDirectories(state, parentPath(dst));
  tree.unlink(node.parent!, baseName(src));
  tree.link(parent, baseName(dst), node);
}

/** Throws `FileExistsError` if something is at `dst`: moves and copies never replace. */
function assertDestinationFree(tree: Tree, dst: string): void {
  if (tree.resolve(dst) !== undefined) {
    throw new FileExistsError(`Destination already exists: '${dst}'`, { path: dst });
  }
}

/** The directory that will hold `dst`; it must exist already (rename and copyTree create no parents). */
function destinationParent(tree: Tree, dst: string): DirectoryNode {
  const parentOfDst = parentPath(dst);
  const parent = tree.resolve(parentOfDst);
  if (parent === undefined) throw tree.explainMissing(parentOfDst, 'Destination parent does not exist');
  if (parent.kind !== 'directory') {
    throw new NotADirectoryError(`Not a directory: '${parentOfDst}' (in '${dst}')`, { path: dst });
  }
  return parent;
}

/**
 * Copies one file to a new path. The copy gets fresh timestamps, generation 1 (0 if empty) and the
 * filesystem's default store. Quota and node cap are checked before anything is created.
 */
export function copyFile(state: FileSystemState, rawSrc: string, rawDst: string): void {
  const src = normalizePath(rawSrc);
  const dst = normalizePath(rawDst);
  const tree = state.tree;
  const node = tree.resolveFile(src);
  assertDestinationFree(tree, dst);
  assertNoWriter(node, src);
  const parent = tree.parentForCreate(dst);
  tree.ensureCapacity(1, dst);
  const content = chargedCopy(state, node.content, dst);
  const now = state.clock();
  tree.addFile(parent, baseName(dst), new FileNode(parent, content, now, now, content.size > 0 ? 1 : 0), dst);
}

/** Copies `source` into new content, charging exactly what the copy uses. */
function chargedCopy(state: FileSystemState, source: FileContent, path: string): FileContent {
  const cost = FileContent.loadedUsage(state.storage.policy, source.size);
  state.guard.checkBeforeWrite(cost);
  state.ledger.reserve(cost, path);
  try {
    return FileContent.copyOf(state.storage, source);
  } catch (error) {
    state.ledger.rollback(cost);
    throw asMemoryError(
      error,
      `OS memory allocation failed while copying ${source.size} bytes to '${path}'.`,
      path,
    );
  }
}

/**
 * Copies a directory tree to a new path. The copy is built off to the side and attached only when
 * complete, so copying a directory into its own subtree is safe and a failure leaves nothing behind.
 * It is charged exactly what the copies use under this filesystem's storage policy.
 */
export function copyDirectoryTree(state: FileSystemState, rawSrc: string, rawDst: string): void {
  const src = normalizePath(rawSrc);
  const dst = normalizePath(rawDst);
  const tree = state.tree;
  const node = tree.resolveDirectory(src, 'No such file or directory');
  assertDestinationFree(tree, dst);
  const parent = destinationParent(tree, dst);

  const policy = state.storage.policy;
  let nodes = 0;
  let cost = 0;
  const stack: [TreeNode, string][] = [[node, src]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    nodes++;
    if (current.kind === 'file') {
      assertNoWriter(current, path);
      cost += FileContent.loadedUsage(policy, current.content.size);
    } else {
      for (const [name, child] of current.children) stack.push([child, joinPath(path, name)]);
    }
  }
  tree.ensureCapacity(nodes, dst);
  state.ledger.ensureAvailable(cost, dst);
  state.guard.checkBeforeWrite(cost);

  const now = state.clock();
  let copy: DirectoryNode;
  try {
    copy = cloneDirectory(state, node, parent, now);
  } catch (error) {
    throw asMemoryError(error, `OS memory allocation failed while copying '${src}' (${cost} bytes).`, dst);
  }
  state.ledger.apply(cost);
  tree.link(parent, baseName(dst), copy);
  tree.adopt(copy);
}

/** A detached deep copy of a directory: fresh nodes and timestamps, generation 0, children in order. */
function cloneDirectory(
  state: FileSystemState,
  source: DirectoryNode,
  parent: DirectoryNode,
  now: number,
): DirectoryNode {
  const root = new DirectoryNode(parent, now);
  const stack: [DirectoryNode, DirectoryNode][] = [[source, root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    for (const [name, child] of from.children) {
      if (child.kind === 'file') {
        to.children.set(name, new FileNode(to, FileContent.copyOf(state.storage, child.content), now));
      } else {
        const directory = new DirectoryNode(to, now);
        to.children.set(name, directory);
        stack.push([child, directory]);
      }
    }
  }
  return root;
}
