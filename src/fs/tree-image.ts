/**
 * Tree images: an immutable, copy-on-write picture of a subtree, and mounting one as a whole tree.
 *
 * Capturing freezes every file's chunks. They become shared, so neither the filesystem nor any tree
 * mounted from the image ever writes into them in place again: whoever writes first copies just the
 * chunk it touches. An image therefore costs one small object per node and no byte copies, and so
 * does mounting it. This is the engine's half of snapshots; `src/snapshot` builds the product on it.
 *
 * @module
 */

import { InvalidArgumentError } from './errors.js';
import { type MemoryFileSystem, stateOf } from './filesystem.js';
import { baseName, isSameOrDescendant, joinPath, normalizePath, parentPath, splitPath } from './path.js';
import { markShared } from './storage/chunk-list.js';
import { FileContent } from './storage/file-content.js';
import { assertNothingOpen, DirectoryNode, FileNode, usageUnder, visitTree } from './tree.js';

/** A directory in a {@link TreeImage}. Timestamps are ms since the epoch. */
export interface ImageDirectory {
  readonly kind: 'directory';
  /** Normalized absolute path. */
  readonly path: string;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

/** A file in a {@link TreeImage}: its metadata and its bytes as immutable chunks. */
export interface ImageFile {
  readonly kind: 'file';
  /** Normalized absolute path. */
  readonly path: string;
  readonly createdAt: number;
  readonly modifiedAt: number;
  /** Content changes so far, as `stat` reports it. */
  readonly generation: number;
  /** Bytes; the sum of the chunk lengths. */
  readonly size: number;
  /** The content, in order. Shared and never written in place; none is empty. */
  readonly chunks: readonly Uint8Array[];
}

/** One node of a {@link TreeImage}. */
export type ImageEntry = ImageDirectory | ImageFile;

interface ImageTotals {
  fileCount: number;
  directoryCount: number;
  size: number;
}

/** Builds an image from entries the engine captured itself (valid by construction, so unchecked). */
let captureImageOf: (
  prefix: string,
  entries: ImageEntry[],
  index: Map<string, ImageEntry>,
  totals: ImageTotals,
) => TreeImage;

/**
 * An immutable image of a subtree: the root, the directories leading to the captured path, and
 * everything at or under that path, parents before children and siblings in listing order.
 */
export class TreeImage {
  /** The path the image was taken at; every entry is an ancestor of it, it, or below it. */
  readonly prefix: string;
  /** The nodes, root first, every parent before its children, siblings in listing order. */
  readonly entries: readonly ImageEntry[];
  readonly fileCount: number;
  /** Directories, the root included. */
  readonly directoryCount: number;
  /** Bytes of file data. */
  readonly size: number;
  readonly #index: ReadonlyMap<string, ImageEntry>;

  private constructor(
    prefix: string,
    entries: ImageEntry[],
    index: Map<string, ImageEntry>,
    totals: ImageTotals,
  ) {
    this.prefix = prefix;
    this.entries = Object.freeze(entries);
    this.#index = index;
    this.fileCount = totals.fileCount;
    this.directoryCount = totals.directoryCount;
    this.size = totals.size;
    Object.freeze(this);
  }

  /** Files and directories, the root included (what the image costs against `maxNodes`). */
  get nodeCount(): number {
    return this.fileCount + this.directoryCount;
  }

  /** The entry at a normalized path, if the image has one. */
  get(path: string): ImageEntry | undefined {
    return this.#index.get(path);
  }

  /**
   * An image from entries that come from outside the engine (a decoded snapshot). Everything is
   * checked, so a malformed list throws `InvalidArgumentError` and never yields a broken tree: the
   * first entry is the root directory; paths are normalized and unique; each parent is a directory
   * listed earlier; every entry lies on the way to `prefix` or at or under it; timestamps are finite;
   * generations and sizes are safe integers and sizes match the chunks. Entries are copied (chunk
   * bytes are not), so the caller keeps nothing that aliases the image's metadata.
   */
  static fromEntries(prefix: string, entries: Iterable<ImageEntry>): TreeImage {
    const imagePrefix = checkedPath(prefix, 'prefix');
    const list: ImageEntry[] = [];
    const index = new Map<string, ImageEntry>();
    const totals: ImageTotals = { fileCount: 0, directoryCount: 0, size: 0 };
    for (const raw of entries) {
      const entry = checkedEntry(raw);
      const { path } = entry;
      if (list.length === 0) {
        if (path !== '/' || entry.kind !== 'directory') {
          throw new InvalidArgumentError(`The first entry of a tree image must be the root directory.`);
        }
      } else {
        if (index.has(path)) throw new InvalidArgumentError(`Duplicate path in tree image: '${path}'.`);
        const parent = index.get(parentPath(path));
        if (parent === undefined) {
          throw new InvalidArgumentError(`Tree image entry '${path}' comes before its parent directory.`);
        }
        if (parent.kind !== 'directory') {
          throw new InvalidArgumentError(`Tree image entry '${path}' lies under the file '${parent.path}'.`);
        }
        if (!isSameOrDescendant(path, imagePrefix) && !isSameOrDescendant(imagePrefix, path)) {
          throw new InvalidArgumentError(
            `Tree image entry '${path}' lies outside its prefix '${imagePrefix}'.`,
          );
        }
      }
      count(entry, totals);
      list.push(entry);
      index.set(path, entry);
    }
    if (list.length === 0) throw new InvalidArgumentError('A tree image needs at least the root directory.');
    if (!index.has(imagePrefix)) {
      throw new InvalidArgumentError(`Tree image prefix '${imagePrefix}' is not one of its entries.`);
    }
    return new TreeImage(imagePrefix, list, index, totals);
  }

  static {
    captureImageOf = (prefix, entries, index, totals) => new TreeImage(prefix, entries, index, totals);
  }
}

function count(entry: ImageEntry, totals: ImageTotals): void {
  if (entry.kind === 'directory') {
    totals.directoryCount++;
    return;
  }
  totals.fileCount++;
  totals.size += entry.size;
}

function checkedPath(path: unknown, what: string): string {
  if (typeof path !== 'string') throw new InvalidArgumentError(`Tree image ${what} must be a string.`);
  // normalizePath throws InvalidArgumentError itself for traversal and NUL characters.
  if (normalizePath(path) !== path) {
    throw new InvalidArgumentError(
      `Tree image ${what} is not a normalized absolute path: ${JSON.stringify(path)}`,
    );
  }
  return path;
}

function checkedTime(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`Tree image entry '${path}' has a timestamp that is not a finite number.`);
  }
  return value;
}

function checkedCount(value: unknown, path: string, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`Tree image entry '${path}' has an invalid ${what}.`);
  }
  return value;
}

function checkedEntry(raw: ImageEntry): ImageEntry {
  if (raw === null || typeof raw !== 'object')
    throw new InvalidArgumentError('Tree image entries must be objects.');
  const path = checkedPath(raw.path, 'path');
  const createdAt = checkedTime(raw.createdAt, path);
  const modifiedAt = checkedTime(raw.modifiedAt, path);
  if (raw.kind === 'directory') return Object.freeze({ kind: 'directory', path, createdAt, modifiedAt });
  if (raw.kind !== 'file') throw new InvalidArgumentError(`Tree image entry '${path}' has an unknown kind.`);
  const generation = checkedCount(raw.generation, path, 'generation');
  const size = checkedCount(raw.size, path, 'size');
  if (!Array.isArray(raw.chunks))
    throw new InvalidArgumentError(`Tree image entry '${path}' has no chunk list.`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (const chunk of raw.chunks) {
    if (!(chunk instanceof Uint8Array)) {
      throw new InvalidArgumentError(`Tree image entry '${path}' has a chunk that is not a Uint8Array.`);
    }
    if (chunk.byteLength === 0) continue;
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  if (total !== size) {
    throw new InvalidArgumentError(`Tree image entry '${path}' declares ${size} bytes but holds ${total}.`);
  }
  // From now on the image owns these chunks: nobody writes into them in place.
  markShared(chunks);
  return Object.freeze({
    kind: 'file',
    path,
    createdAt,
    modifiedAt,
    generation,
    size,
    chunks: Object.freeze(chunks),
  });
}

/**
 * Captures the subtree at `prefix` (normalized here) as an image, together with the root and the
 * directories leading to it. A file prefix gives just that file and its directories. Files open for
 * writing are captured as they are at this instant. Costs O(files + directories); no byte is copied.
 * Throws `FileNotFoundError` (or `NotADirectoryError` when a file is in the way) for a missing prefix.
 */
export function captureImage(fs: MemoryFileSystem, rawPrefix: string): TreeImage {
  const tree = stateOf(fs).tree;
  const prefix = normalizePath(rawPrefix);
  const start = tree.resolve(prefix);
  if (start === undefined) throw tree.explainMissing(prefix, 'No such file or directory');
  const entries: ImageEntry[] = [];
  const index = new Map<string, ImageEntry>();
  const totals: ImageTotals = { fileCount: 0, directoryCount: 0, size: 0 };
  const add = (entry: ImageEntry): void => {
    Object.freeze(entry);
    entries.push(entry);
    index.set(entry.path, entry);
    count(entry, totals);
  };
  // The root and the directories on the way to the prefix, without their other children.
  let ancestor = tree.root;
  let ancestorPath = '/';
  for (const name of splitPath(prefix)) {
    add(directoryEntry(ancestor, ancestorPath));
    ancestor = ancestor.children.get(name) as DirectoryNode;
    ancestorPath = joinPath(ancestorPath, name);
  }
  visitTree(start, prefix, (node, path) => {
    add(
      node.kind === 'directory'
        ? directoryEntry(node, path)
        : {
            kind: 'file',
            path,
            createdAt: node.createdAt,
            modifiedAt: node.modifiedAt,
            generation: node.generation,
            size: node.content.size,
            chunks: Object.freeze(node.content.freeze()),
          },
    );
  });
  return captureImageOf(prefix, entries, index, totals);
}

function directoryEntry(node: DirectoryNode, path: string): ImageDirectory {
  return { kind: 'directory', path, createdAt: node.createdAt, modifiedAt: node.modifiedAt };
}

/**
 * Replaces the whole tree of `fs`, root included, with the image. All or nothing: an open file
 * anywhere throws `BlockingIOError` (`EBUSY`), and the node cap (`MFSNodeLimitExceededError`) and
 * the quota (`MFSQuotaExceededError`) are checked for the whole image before anything changes. The
 * new tree is built off to the side over the image's frozen chunks and swapped in at once.
 *
 * Each file is charged what its content reports as usage under this filesystem's storage policy:
 * the full logical size (plus the per-chunk overhead of a sequential store), even though its bytes
 * are shared until written, so the quota stays a safe upper bound. No bytes are allocated, so the
 * memory guard is not consulted.
 */
export function mountImage(fs: MemoryFileSystem, image: TreeImage): void {
  if (!(image instanceof TreeImage)) throw new TypeError('mountImage needs a TreeImage.');
  const state = stateOf(fs);
  const { tree, ledger } = state;
  assertNothingOpen(tree.root, '/');
  tree.ensureCapacity(image.nodeCount - tree.nodeCount, '/');
  const policy = state.storage.policy;
  let usage = 0;
  for (const entry of image.entries) {
    if (entry.kind === 'file') usage += FileContent.loadedUsage(policy, entry.size, entry.chunks.length);
  }
  ledger.ensureAvailable(usage - usageUnder(tree.root), '/');

  const [rootEntry, ...rest] = image.entries;
  const root = new DirectoryNode(null, rootEntry.createdAt, rootEntry.modifiedAt);
  const directories = new Map<string, DirectoryNode>([['/', root]]);
  for (const entry of rest) {
    const parent = directories.get(parentPath(entry.path))!;
    const name = baseName(entry.path);
    if (entry.kind === 'directory') {
      const directory = new DirectoryNode(parent, entry.createdAt, entry.modifiedAt);
      parent.children.set(name, directory);
      directories.set(entry.path, directory);
    } else {
      const content = FileContent.fromFrozen(state.storage, entry.chunks);
      parent.children.set(
        name,
        new FileNode(parent, content, entry.createdAt, entry.modifiedAt, entry.generation),
      );
    }
  }
  const released = tree.replaceRoot(root);
  ledger.apply(usage - released);
}
