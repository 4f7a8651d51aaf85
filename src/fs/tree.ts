/**
 * The directory tree: nodes, ordered child maps, node counts, the node cap and path resolution.
 *
 * Every change to a child map goes through {@link Tree.link} or {@link Tree.unlink}, so the
 * resolution cache can never hand out a node that is no longer at its path.
 *
 * @module
 */

import {
  BlockingIOError,
  FileNotFoundError,
  IsADirectoryError,
  MFSNodeLimitExceededError,
  NotADirectoryError,
} from './errors.js';
import { FileLock } from './lock.js';
import { joinPath, parentPath, splitPath } from './path.js';
import type { FileContent } from './storage/file-content.js';

export class DirectoryNode {
  readonly kind = 'directory' as const;
  parent: DirectoryNode | null;
  /** Children in insertion order. */
  readonly children = new Map<string, TreeNode>();
  readonly createdAt: number;
  modifiedAt: number;
  /** Set once the node has left the tree, so lazy iterators can skip it. */
  removed = false;

  constructor(parent: DirectoryNode | null, createdAt: number, modifiedAt = createdAt) {
    this.parent = parent;
    this.createdAt = createdAt;
    this.modifiedAt = modifiedAt;
  }
}

export class FileNode {
  readonly kind = 'file' as const;
  parent: DirectoryNode | null;
  content: FileContent;
  readonly lock = new FileLock();
  /** Bumped by every change of content; `generation > 0` means "dirty". */
  generation: number;
  readonly createdAt: number;
  modifiedAt: number;
  removed = false;

  constructor(
    parent: DirectoryNode | null,
    content: FileContent,
    createdAt: number,
    modifiedAt = createdAt,
    generation = 0,
  ) {
    this.parent = parent;
    this.content = content;
    this.createdAt = createdAt;
    this.modifiedAt = modifiedAt;
    this.generation = generation;
  }
}

export type TreeNode = DirectoryNode | FileNode;

/** Resolution cache entries beyond this are dropped wholesale; paths are cheap to resolve again. */
const CACHE_LIMIT = 4096;

export class Tree {
  #root: DirectoryNode;
  /** Cap on files + directories, root included; `null` = none. */
  readonly maxNodes: number | null;
  #files = 0;
  #directories = 1;
  #cache = new Map<string, TreeNode>();

  constructor(maxNodes: number | null, createdAt: number) {
    this.maxNodes = maxNodes;
    this.#root = new DirectoryNode(null, createdAt);
  }

  get root(): DirectoryNode {
    return this.#root;
  }

  get fileCount(): number {
    return this.#files;
  }

  get directoryCount(): number {
    return this.#directories;
  }

  get nodeCount(): number {
    return this.#files + this.#directories;
  }

  /** Throws `MFSNodeLimitExceededError` unless `additional` more nodes fit under the cap. */
  ensureCapacity(additional: number, path?: string): void {
    if (this.maxNodes === null || additional <= 0) return;
    const current = this.nodeCount;
    if (current + additional > this.maxNodes) {
      throw new MFSNodeLimitExceededError(current, this.maxNodes, path === undefined ? undefined : { path });
    }
  }

  /**
   * The node at a normalized path, or `undefined` when it does not exist (including when a file sits
   * in the middle of the path; {@link explainMissing} tells the two apart).
   */
  resolve(path: string): TreeNode | undefined {
    if (path === '/') return this.#root;
    // A name in the root is one lookup: cheaper than the cache, and it would only churn it.
    if (path.indexOf('/', 1) === -1) return this.#root.children.get(path.slice(1));
    const cached = this.#cache.get(path);
    if (cached !== undefined) return cached;
    let node: TreeNode = this.#root;
    let start = 1;
    const length = path.length;
    while (start <= length) {
      if (node.kind !== 'directory') return undefined;
      let end = path.indexOf('/', start);
      if (end === -1) end = length;
      const child = node.children.get(path.slice(start, end));
      if (child === undefined) return undefined;
      node = child;
      start = end + 1;
    }
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(path, node);
    return node;
  }

  /**
   * The file at a normalized path. Throws what {@link explainMissing} says ("No such file") when
   * nothing is there, and `IsADirectoryError` for a directory.
   */
  resolveFile(path: string): FileNode {
    const node = this.resolve(path);
    if (node === undefined) throw this.explainMissing(path, 'No such file');
    if (node.kind === 'directory') throw new IsADirectoryError(`Is a directory: '${path}'`, { path });
    return node;
  }

  /**
   * The directory at a normalized path. Throws what {@link explainMissing} says (`what`, by default
   * "No such directory") when nothing is there, and `NotADirectoryError` for a file.
   */
  resolveDirectory(path: string, what = 'No such directory'): DirectoryNode {
    const node = this.resolve(path);
    if (node === undefined) throw this.explainMissing(path, what);
    if (node.kind !== 'directory') throw new NotADirectoryError(`Not a directory: '${path}'`, { path });
    return node;
  }

  /**
   * The node at `path` if the resolution cache holds it, without looking further. `path` may be any
   * string: the cache holds only normalized paths, so a hit also says that `path` is normalized.
   */
  cachedNode(path: string): TreeNode | undefined {
    const cache = this.#cache;
    return cache.size === 0 ? undefined : cache.get(path);
  }

  /**
   * Why `path` does not resolve: the error to throw, naming the file in the way when there is one.
   * `what` describes the missing thing in the message (e.g. "No such file").
   */
  explainMissing(path: string, what: string): FileNotFoundError | NotADirectoryError {
    let node: TreeNode = this.#root;
    let current = '/';
    for (const name of splitPath(path)) {
      if (node.kind !== 'directory') {
        return new NotADirectoryError(`Not a directory: '${current}' (in '${path}')`, { path });
      }
      const child = node.children.get(name);
      if (child === undefined) break;
      node = child;
      current = joinPath(current, name);
    }
    return new FileNotFoundError(`${what}: '${path}'`, { path });
  }

  /**
   * The directory that will hold a new entry at `path` (not the root). Throws `FileNotFoundError`
   * when the parent is missing and `NotADirectoryError` when a file is in the way.
   */
  parentForCreate(path: string): DirectoryNode {
    const parent = parentPath(path);
    const node = this.resolve(parent);
    if (node === undefined) {
      const error = this.explainMissing(parent, 'Parent directory does not exist');
      if (error instanceof FileNotFoundError) {
        throw new FileNotFoundError(`Parent directory does not exist: '${parent}'`, { path });
      }
      throw error;
    }
    if (node.kind !== 'directory') {
      throw new NotADirectoryError(`Not a directory: '${parent}' (in '${path}')`, { path });
    }
    return node;
  }

  /** Binds `name` in `parent` to a node that is already counted (a move, or a replacement). */
  link(parent: DirectoryNode, name: string, node: TreeNode): void {
    if (parent.children.has(name)) this.#cache.clear();
    parent.children.set(name, node);
    node.parent = parent;
  }

  /** Unbinds `name` from `parent` without changing counts (the first half of a move). */
  unlink(parent: DirectoryNode, name: string): void {
    parent.children.delete(name);
    this.#cache.clear();
  }

  /** Adds a new file (checking the cap). */
  addFile(parent: DirectoryNode, name: string, node: FileNode, path?: string): void {
    this.ensureCapacity(1, path);
    this.link(parent, name, node);
    this.#files++;
  }

  /** Adds a new directory (checking the cap). */
  addDirectory(parent: DirectoryNode, name: string, node: DirectoryNode, path?: string): void {
    this.ensureCapacity(1, path);
    this.link(parent, name, node);
    this.#directories++;
  }

  /**
   * Counts a detached node (and its subtree) out of the tree and marks every node removed. Returns
   * the quota usage of the files it held.
   */
  forget(node: TreeNode): number {
    let usage = 0;
    const stack: TreeNode[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      current.removed = true;
      if (current.kind === 'file') {
        usage += current.content.usage;
        this.#files--;
      } else {
        this.#directories--;
        for (const child of current.children.values()) stack.push(child);
      }
    }
    return usage;
  }

  /**
   * Swaps in a whole new tree (built off to the side, root included) for the current one, whose
   * nodes are counted out and marked removed. Returns the quota usage of the files the old tree held.
   * The caller has checked the node cap and the quota for the new tree.
   */
  replaceRoot(root: DirectoryNode): number {
    const released = this.forget(this.#root);
    this.#root = root;
    root.parent = null;
    this.adopt(root);
    this.#cache.clear();
    return released;
  }

  /** Counts in a subtree built outside the tree and just linked (copy, import rollback, restore). */
  adopt(node: TreeNode): void {
    const stack: TreeNode[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      current.removed = false;
      if (current.kind === 'file') this.#files++;
      else {
        this.#directories++;
        for (const child of current.children.values()) stack.push(child);
      }
    }
  }
}

/**
 * Throws `BlockingIOError` (`EBUSY`) naming the first file at or under `node` whose lock is held:
 * what refuses to remove, move or replace an open file.
 */
export function assertNothingOpen(node: TreeNode, path: string): void {
  visitTree(node, path, throwIfOpen);
}

function throwIfOpen(node: TreeNode, path: string): void {
  // A file's lock is held by an open handle, or by an async open that has been granted it.
  if (node.kind === 'file' && node.lock.isLocked) {
    throw new BlockingIOError('EBUSY', `File is open: '${path}'`, { path });
  }
}

/**
 * Throws `BlockingIOError` (`EAGAIN`), as a refused read lock does, if a writer holds `node`: its
 * content may be mid-update. Readers do not stand in the way.
 */
export function assertNoWriter(node: FileNode, path: string): void {
  if (node.lock.hasWriter) throw node.lock.contentionError('read', path);
}

/**
 * Visits `node` and everything under it, each with its path: depth first, every directory before
 * its children, siblings in listing order.
 */
export function visitTree(node: TreeNode, path: string, visit: (node: TreeNode, path: string) => void): void {
  if (node.kind === 'file') {
    // A single file (remove, rename of a file) needs no stack.
    visit(node, path);
    return;
  }
  const stack: [TreeNode, string][] = [[node, path]];
  while (stack.length > 0) {
    const [current, currentPath] = stack.pop()!;
    visit(current, currentPath);
    if (current.kind === 'file') continue;
    const children = [...current.children];
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push([children[i][1], joinPath(currentPath, children[i][0])]);
    }
  }
}

/** Quota usage of every file at or under `node`. */
export function usageUnder(node: TreeNode): number {
  let usage = 0;
  const stack: TreeNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.kind === 'file') usage += current.content.usage;
    else for (const child of current.children.values()) stack.push(child);
  }
  return usage;
}
