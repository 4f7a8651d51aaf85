/**
 * Moving bytes in and out in bulk: `importTree`, `exportTree`, `iterExportTree`, `exportAsBuffer`,
 * and the whole-file conveniences `readFile` and `writeFile`.
 *
 * @module
 */

import { integerOption } from './arguments.js';
import { ensureDirectories } from './directory-operations.js';
import {
  BlockingIOError,
  FileExistsError,
  InvalidArgumentError,
  IsADirectoryError,
  NotADirectoryError,
} from './errors.js';
import { bytesOf, parseOpenMode } from './handle.js';
import { formatCount } from './message-format.js';
import { baseName, normalizePath, parentPath } from './path.js';
import type { FileSystemState } from './state.js';
import { asMemoryError, FileContent } from './storage/file-content.js';
import { assertNoWriter, FileNode, type TreeNode, visitTree } from './tree.js';

/** What `importTree` accepts: paths mapped to bytes or UTF-8 text. */
export type ImportSource =
  | ReadonlyMap<string, Uint8Array | string>
  | Readonly<Record<string, Uint8Array | string>>;

/** Options of `importTree`. */
export interface ImportTreeOptions {
  /** Directories to create as well, even empty ones (parents of files are always created). */
  directories?: Iterable<string>;
  /**
   * Modification times (ms since the epoch) by path, for imported files and for directories this
   * import creates. Others get the clock's time; existing directories keep theirs.
   */
  modifiedAt?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

/** Options of `exportTree` and `iterExportTree`. */
export interface ExportOptions {
  /** Only files changed since they were created or imported (`generation > 0`). */
  onlyDirty?: boolean;
}

/** Modes `writeFile` accepts. */
export type WriteFileMode = 'wb' | 'xb' | 'ab';

/** Options of `writeFile`. */
export interface WriteFileOptions {
  /** `'wb'` replaces (default), `'xb'` requires a new file, `'ab'` appends. */
  mode?: WriteFileMode | 'w' | 'wx' | 'a';
}

function entriesOf(source: unknown, what: string): [string, unknown][] {
  if (source instanceof Map) return [...source];
  if (source === null || typeof source !== 'object' || ArrayBuffer.isView(source)) {
    throw new TypeError(`${what} must be a Map or a plain object.`);
  }
  return Object.entries(source);
}

function bytesOfValue(value: unknown, path: string): Uint8Array {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return value;
  throw new TypeError(
    `importTree value for '${path}' must be a Uint8Array or a string; got ${typeof value}.`,
  );
}

function timesOf(options: ImportTreeOptions | undefined): Map<string, number> {
  const times = new Map<string, number>();
  if (options?.modifiedAt === undefined) return times;
  for (const [key, value] of entriesOf(options.modifiedAt, 'importTree option modifiedAt')) {
    const path = normalizePath(key);
    if (typeof value !== 'number') throw new TypeError(`modifiedAt for '${path}' must be a number.`);
    if (!Number.isFinite(value))
      throw new InvalidArgumentError(`modifiedAt for '${path}' must be finite.`, { path });
    times.set(path, value);
  }
  return times;
}

/**
 * Writes many files at once, creating parent directories (and any empty `directories`), replacing
 * existing files. Atomic: every check (paths, conflicts, open files, node cap, quota, memory guard)
 * and every allocation happens before the tree changes, so it either applies completely or not at all.
 */
export function importTree(state: FileSystemState, source: ImportSource, options?: ImportTreeOptions): void {
  const entries = entriesOf(source, 'importTree source (path → Uint8Array | string)');
  const requestedDirectories = new Set<string>();
  if (options?.directories !== undefined) {
    if (
      typeof options.directories === 'string' ||
      typeof options.directories[Symbol.iterator] !== 'function'
    ) {
      throw new TypeError('importTree option directories must be an iterable of paths.');
    }
    for (const directory of options.directories) requestedDirectories.add(normalizePath(directory));
  }
  const times = timesOf(options);
  if (entries.length === 0 && requestedDirectories.size === 0) return;
  const plan = new Map<string, Uint8Array>();
  for (const [key, value] of entries) {
    const path = normalizePath(key);
    plan.set(path, bytesOfValue(value, path));
  }
  const tree = state.tree;
  if (plan.has('/'))
    throw new IsADirectoryError("Cannot import a file as the root directory '/'.", { path: '/' });
  for (const path of [...plan.keys(), ...requestedDirectories]) {
    for (let ancestor = parentPath(path); ancestor !== '/'; ancestor = parentPath(ancestor)) {
      if (plan.has(ancestor)) {
        throw new InvalidArgumentError(
          `Cannot import both '${ancestor}' and '${path}': '${ancestor}' would be a file and a directory.`,
          { path: ancestor },
        );
      }
    }
    if (requestedDirectories.has(path) && plan.has(path)) {
      throw new InvalidArgumentError(`Cannot import '${path}' both as a file and as a directory.`, { path });
    }
  }

  const replaced = new Map<string, FileNode>();
  const missingDirectories = new Set<string>();
  let newFiles = 0;
  let oldUsage = 0;
  let newUsage = 0;
  const policy = state.storage.policy;
  /** Records the missing directories from `directory` up; a file in the way is ENOTDIR. */
  const requireDirectory = (directory: string, forPath: string): void => {
    for (let current = directory; current !== '/'; current = parentPath(current)) {
      if (missingDirectories.has(current)) return;
      const node = tree.resolve(current);
      if (node === undefined) {
        missingDirectories.add(current);
        continue;
      }
      if (node.kind === 'file') {
        throw new NotADirectoryError(`Cannot import '${forPath}': '${current}' is a file.`, {
          path: forPath,
        });
      }
      return;
    }
  };
  for (const [path, bytes] of plan) {
    newUsage += FileContent.loadedUsage(policy, bytes.byteLength);
    const existing = tree.resolve(path);
    if (existing !== undefined) {
      if (existing.kind === 'directory') {
        throw new IsADirectoryError(`Cannot import: '${path}' is a directory.`, { path });
      }
      if (existing.lock.isLocked) {
        throw new BlockingIOError('EBUSY', `Cannot import: file is open: '${path}'`, { path });
      }
      replaced.set(path, existing);
      oldUsage += existing.content.usage;
      continue;
    }
    newFiles++;
    requireDirectory(parentPath(path), path);
  }
  for (const directory of requestedDirectories) {
    if (tree.resolve(directory)?.kind === 'file') {
      throw new FileExistsError(`Cannot import directory '${directory}': a file exists there.`, {
        path: directory,
      });
    }
    requireDirectory(directory, directory);
  }
  tree.ensureCapacity(newFiles + missingDirectories.size);
  const net = newUsage - oldUsage;
  state.ledger.ensureAvailable(net);
  if (net > 0) state.guard.checkBeforeWrite(net);

  const contents: FileContent[] = [];
  for (const [path, bytes] of plan) {
    try {
      contents.push(FileContent.loaded(state.storage, bytes));
    } catch (error) {
      throw asMemoryError(
        error,
        `OS memory allocation failed during importTree (file: '${path}', size: ${formatCount(bytes.byteLength)} bytes). ` +
          "Consider reducing maxQuota or using memoryGuard: 'init'.",
        path,
      );
    }
  }

  // Nothing below can fail: every limit was checked and every byte allocated.
  const now = state.clock();
  let index = 0;
  for (const path of plan.keys()) {
    const content = contents[index++];
    const modifiedAt = times.get(path) ?? now;
    const old = replaced.get(path);
    if (old !== undefined) {
      const parent = old.parent!;
      const node = new FileNode(parent, content, now, modifiedAt);
      tree.link(parent, baseName(path), node);
      tree.forget(old);
      tree.adopt(node);
      continue;
    }
    const parent = ensureDirectories(state, parentPath(path), times);
    tree.addFile(parent, baseName(path), new FileNode(parent, content, now, modifiedAt), path);
  }
  for (const directory of requestedDirectories) ensureDirectories(state, directory, times);
  state.ledger.apply(net);
}

/** Every file at or under `prefix` with its path, depth first in insertion order. */
function collectFiles(root: TreeNode, prefix: string, onlyDirty: boolean): [string, FileNode][] {
  const found: [string, FileNode][] = [];
  visitTree(root, prefix, (node, path) => {
    if (node.kind === 'file' && (!onlyDirty || node.generation > 0)) found.push([path, node]);
  });
  return found;
}

/**
 * The files an export covers, with their paths: every file at or under `prefix` (a file prefix is
 * just that file; a missing one, nothing), depth first in insertion order.
 */
export function exportEntries(
  state: FileSystemState,
  rawPrefix: string,
  options: ExportOptions | undefined,
): [string, FileNode][] {
  const prefix = normalizePath(rawPrefix);
  const root = state.tree.resolve(prefix);
  if (root === undefined) return [];
  return collectFiles(root, prefix, options?.onlyDirty === true);
}

/** A detached copy of one file's bytes; `EAGAIN` while a writer holds the file. */
export function exportNode(node: FileNode, path: string): Buffer {
  assertNoWriter(node, path);
  return node.content.read(0, node.content.size);
}

/**
 * Yields `[path, bytes]` for every file at or under `prefix` (a file prefix yields just that file; a
 * missing one, nothing). Lazy and weakly consistent: the set of paths is fixed on the first
 * `next()`, files removed since are skipped, and bytes are read when each entry is yielded.
 */
export function* iterateExport(
  state: FileSystemState,
  rawPrefix: string,
  options: ExportOptions | undefined,
): Generator<[string, Buffer], void, undefined> {
  for (const [path, node] of exportEntries(state, rawPrefix, options)) {
    if (node.removed) continue;
    yield [path, exportNode(node, path)];
  }
}

/** A detached copy of one file's bytes (outside quota accounting). */
export function exportFile(
  state: FileSystemState,
  rawPath: string,
  maxSize: number | null | undefined,
): Buffer {
  const path = normalizePath(rawPath);
  const node = state.tree.resolveFile(path);
  if (maxSize !== undefined && maxSize !== null) integerOption(maxSize, 'maxSize', 0);
  assertNoWriter(node, path);
  const size = node.content.size;
  if (maxSize !== undefined && maxSize !== null && size > maxSize) {
    throw new InvalidArgumentError(`File size ${size} exceeds maxSize=${maxSize}.`, { path });
  }
  return node.content.read(0, size);
}

/** The whole content of a file, read under its read lock. */
export function readWholeFile(state: FileSystemState, rawPath: string): Buffer {
  const path = normalizePath(rawPath);
  const node = state.tree.resolveFile(path);
  if (!node.lock.tryAcquire('read')) throw node.lock.contentionError('read', path);
  try {
    return node.content.read(0, node.content.size);
  } finally {
    node.lock.release('read');
  }
}

/** A checked `writeFile` call: what to write where, and the file it rewrites (if there is one). */
export interface WholeFileWrite {
  readonly path: string;
  readonly mode: WriteFileMode;
  readonly bytes: Uint8Array;
  /** The file to rewrite; `undefined` when the write creates it. */
  readonly existing: FileNode | undefined;
}

/** Checks a `writeFile` call and resolves its target. Changes nothing and takes no lock. */
export function planWholeFileWrite(
  state: FileSystemState,
  rawPath: string,
  data: Uint8Array | string,
  options: WriteFileOptions | undefined,
): WholeFileWrite {
  const mode = parseOpenMode(options?.mode ?? 'wb');
  if (mode !== 'wb' && mode !== 'xb' && mode !== 'ab') {
    throw new InvalidArgumentError(`writeFile mode must be 'wb', 'xb' or 'ab'; got '${options?.mode}'.`);
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : bytesOf(data);
  const path = normalizePath(rawPath);
  const node = state.tree.resolve(path);
  if (node !== undefined) {
    if (node.kind === 'directory') throw new IsADirectoryError(`Is a directory: '${path}'`, { path });
    if (mode === 'xb') throw new FileExistsError(`File exists: '${path}'`, { path });
  }
  return { path, mode, bytes, existing: node };
}

/**
 * Carries out a planned whole-file write, atomically: a refused write (quota, node cap, memory
 * guard) leaves an existing file untouched and creates nothing. The caller holds the write lock of
 * `write.existing`, if there is one.
 */
export function applyWholeFileWrite(state: FileSystemState, write: WholeFileWrite): void {
  const { path, mode, bytes, existing: node } = write;
  if (node !== undefined) {
    if (mode === 'wb') {
      node.content.replace(bytes, path);
      node.generation += bytes.byteLength > 0 ? 2 : 1;
      node.modifiedAt = state.clock();
    } else if (bytes.byteLength > 0) {
      node.content.write(node.content.size, bytes, path);
      node.generation++;
      node.modifiedAt = state.clock();
    }
    return;
  }
  const tree = state.tree;
  const parent = tree.parentForCreate(path);
  tree.ensureCapacity(1, path);
  const content = FileContent.empty(state.storage);
  content.write(0, bytes, path);
  const now = state.clock();
  tree.addFile(
    parent,
    baseName(path),
    new FileNode(parent, content, now, now, bytes.byteLength > 0 ? 1 : 0),
    path,
  );
}

/**
 * Writes a whole file as `open(path, mode)` + `write` + `close` would, but atomically: a refused
 * write (quota, node cap, memory guard) leaves an existing file untouched and creates nothing.
 */
export function writeWholeFile(
  state: FileSystemState,
  rawPath: string,
  data: Uint8Array | string,
  options: WriteFileOptions | undefined,
): void {
  const write = planWholeFileWrite(state, rawPath, data, options);
  const node = write.existing;
  if (node === undefined) {
    applyWholeFileWrite(state, write);
    return;
  }
  if (!node.lock.tryAcquire('write')) throw node.lock.contentionError('write', write.path);
  try {
    applyWholeFileWrite(state, write);
  } finally {
    node.lock.release('write');
  }
}
