/**
 * `importFromDirectory`: reading a real directory on the host into a virtual tree, atomically.
 *
 * @module
 */

import { constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import {
  ImportBudget,
  InvalidArgumentError,
  joinPath,
  type MemoryFileSystem,
  NotADirectoryError,
  normalizePath,
} from '../fs/index.js';
import { assertHostDir, type HostTransferResult } from './host-export.js';
import { runLimited } from './run-limited.js';

/** Files read at the same time. */
const PARALLEL_READS = 8;
/**
 * Reading never follows a symbolic link that appeared after the listing, and never blocks on a
 * FIFO that did (where the platform has these flags).
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
/** Bytes read per step once a file turns out longer than it was when it was listed. */
const GROWTH_STEP = 64 * 1024;

/** A host file to import: where it is read from, where it goes, and what it looked like when listed. */
export interface PlannedFile {
  readonly path: string;
  readonly hostPath: string;
  readonly size: number;
}

/** A host directory still to list, with the real paths of the directories leading to it. */
interface PendingDirectory {
  readonly hostPath: string;
  readonly path: string;
  readonly ancestors: ReadonlySet<string>;
}

/**
 * Imports the host directory `hostDir` into the virtual directory `dest` (created if missing), with
 * empty directories and modification times (rounded to whole milliseconds).
 *
 * All or nothing: the host tree is listed and read completely before the filesystem changes, and
 * then applied with one `importTree` call (existing files are replaced, existing directories kept).
 * The quota is counted from the listed sizes before any file is read and again as bytes arrive, so
 * a host tree that cannot fit throws `MFSQuotaExceededError` early instead of being read into memory.
 *
 * Symbolic links are resolved: one that leads outside `hostDir` (or nowhere) throws
 * `InvalidArgumentError` naming it; one inside is followed (a link back to a directory it sits in
 * throws `InvalidArgumentError`). Sockets, FIFOs and devices throw `InvalidArgumentError`, and so do
 * names with a backslash, which a virtual path cannot hold. Host I/O failures surface as Node's own
 * errors. Nothing changes when anything throws.
 */
export async function importFromDirectory(
  fs: MemoryFileSystem,
  hostDir: string,
  dest = '/',
): Promise<HostTransferResult> {
  assertHostDir(hostDir);
  const destination = normalizePath(dest);
  const root = await realpath(hostDir);
  const rootStats = await stat(root);
  if (!rootStats.isDirectory()) {
    throw new NotADirectoryError(`Cannot import ${hostDir}: it is not a directory.`, { path: destination });
  }
  const budget = new ImportBudget(fs, destination);
  const files: PlannedFile[] = [];
  const directories: string[] = [];
  const modifiedAt = new Map<string, number>();

  const pending: PendingDirectory[] = [{ hostPath: root, path: destination, ancestors: new Set([root]) }];
  while (pending.length > 0) {
    const directory = pending.pop()!;
    const listing = await readdir(directory.hostPath, { withFileTypes: true });
    listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirectories: PendingDirectory[] = [];
    for (const dirent of listing) {
      const hostPath = join(directory.hostPath, dirent.name);
      const path = virtualPathOf(directory.path, dirent.name, hostPath);
      const { realPath, stats } = await resolveEntry(dirent, hostPath, path, root);
      if (stats.isDirectory()) {
        if (directory.ancestors.has(realPath)) {
          throw new InvalidArgumentError(
            `Cannot import ${hostPath}: the symbolic link leads back to a directory it is in (${realPath}).`,
            { path },
          );
        }
        directories.push(path);
        modifiedAt.set(path, Math.round(stats.mtimeMs));
        subdirectories.push({
          hostPath: realPath,
          path,
          ancestors: new Set([...directory.ancestors, realPath]),
        });
      } else if (stats.isFile()) {
        budget.count(path, stats.size);
        files.push({ path, hostPath: realPath, size: stats.size });
        modifiedAt.set(path, Math.round(stats.mtimeMs));
      } else {
        throw new InvalidArgumentError(`Cannot import ${hostPath}: it is not a regular file or directory.`, {
          path,
        });
      }
    }
    // Depth first, in name order.
    for (let i = subdirectories.length - 1; i >= 0; i--) pending.push(subdirectories[i]);
  }

  // Filled in listing order first: reads finish in any order, the import order stays the same.
  const contents = new Map<string, Uint8Array>();
  for (const file of files) contents.set(file.path, EMPTY);
  let bytes = 0;
  await runLimited(files, PARALLEL_READS, async (file) => {
    const content = await readHostFile(file, budget);
    contents.set(file.path, content);
    bytes += content.byteLength;
  });
  fs.importTree(contents, { directories: [destination, ...directories], modifiedAt });
  return { files: files.length, directories: directories.length, bytes };
}

const EMPTY = new Uint8Array(0);

function virtualPathOf(directory: string, name: string, hostPath: string): string {
  if (name.includes('\\')) {
    throw new InvalidArgumentError(
      `Cannot import ${hostPath}: a backslash in a name cannot be kept in a virtual path.`,
    );
  }
  return joinPath(directory, name);
}

/**
 * What a directory entry is, following a symbolic link to its real target, which must exist and
 * lie inside `root`.
 */
async function resolveEntry(
  dirent: Dirent,
  hostPath: string,
  path: string,
  root: string,
): Promise<{ realPath: string; stats: Stats }> {
  if (!dirent.isSymbolicLink()) return { realPath: hostPath, stats: await stat(hostPath) };
  let realPath: string;
  try {
    realPath = await realpath(hostPath);
  } catch (error) {
    throw new InvalidArgumentError(`Cannot import the symbolic link ${hostPath}: it leads nowhere.`, {
      path,
      cause: error,
    });
  }
  const rel = relative(root, realPath);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new InvalidArgumentError(
      `Cannot import the symbolic link ${hostPath}: it leads outside the imported directory (to ${realPath}).`,
      { path },
    );
  }
  return { realPath, stats: await stat(realPath) };
}

/**
 * A file's bytes. Its listed size was counted already; a file that has grown since is read on in
 * small steps, each counted as it arrives, so a file that keeps growing cannot outrun the quota.
 */
export async function readHostFile(file: PlannedFile, budget: ImportBudget): Promise<Uint8Array> {
  const handle = await open(file.hostPath, READ_FLAGS);
  try {
    // What was listed as a regular file may have been replaced since.
    if (!(await handle.stat()).isFile()) {
      throw new InvalidArgumentError(`Cannot import ${file.hostPath}: it is no longer a regular file.`, {
        path: file.path,
      });
    }
    const first = new Uint8Array(file.size);
    let total = await readFully(handle, first, 0);
    if (total < file.size) return first.subarray(0, total);
    const pieces = [first];
    for (;;) {
      const piece = new Uint8Array(GROWTH_STEP);
      const got = await readFully(handle, piece, total);
      if (got === 0) break;
      budget.count(file.path, got);
      pieces.push(piece.subarray(0, got));
      total += got;
    }
    return pieces.length === 1 ? first : Buffer.concat(pieces, total);
  } finally {
    await handle.close();
  }
}

/** Reads into `target` from `position` until it is full or the file ends; returns the bytes read. */
async function readFully(handle: FileHandle, target: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  while (filled < target.byteLength) {
    const { bytesRead } = await handle.read(target, filled, target.byteLength - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
