/**
 * `exportToDirectory`: writing a virtual tree into a real directory on the host.
 *
 * @module
 */

import { constants, type Stats } from 'node:fs';
import { lstat, lutimes, mkdir, open, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import {
  captureImage,
  FileExistsError,
  type ImageEntry,
  type ImageFile,
  InvalidArgumentError,
  IsADirectoryError,
  type MemoryFileSystem,
  type TreeImage,
} from '../fs/index.js';
import { runLimited } from './run-limited.js';

/** Options of `exportToDirectory`. */
export interface ExportToDirectoryOptions {
  /** The virtual directory (or file) to export. Default `'/'`. */
  prefix?: string;
}

/** What `exportToDirectory` and `importFromDirectory` moved. */
export interface HostTransferResult {
  /** Files written. */
  readonly files: number;
  /** Directories written, empty ones included (not counting the top directory itself). */
  readonly directories: number;
  /** Bytes of file data written. */
  readonly bytes: number;
}

/** Files written at the same time. */
const PARALLEL_WRITES = 8;

/** `O_NOFOLLOW` where the platform has it: a symlink swapped in at a file's place is not followed. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW;

interface Target {
  readonly entry: ImageEntry;
  /** The host path it goes to. */
  readonly hostPath: string;
}

/**
 * Writes the tree at `prefix` into `hostDir`, which is created (with its parents) if missing.
 *
 * The tree is captured at the call, so later changes to the filesystem do not show in the export;
 * files open for writing are exported as they are at that instant. Directories, empty ones
 * included, are created and files written below `hostDir` at their paths relative to `prefix` (a
 * file prefix is written as `hostDir/<its name>`); file and directory modification (and access)
 * times are set to the virtual `modifiedAt`. The export merges into what is there: existing
 * directories are kept and existing files overwritten. Before anything is written, every target
 * is checked: a file where a directory must go throws `FileExistsError`, a directory where a file
 * must go `IsADirectoryError`, and a symbolic link or special file `InvalidArgumentError`, so the
 * export never writes outside `hostDir`. Host I/O failures surface as Node's own errors.
 */
export async function exportToDirectory(
  fs: MemoryFileSystem,
  hostDir: string,
  options?: ExportToDirectoryOptions,
): Promise<HostTransferResult> {
  assertHostDir(hostDir);
  const prefix = options?.prefix ?? '/';
  if (typeof prefix !== 'string')
    throw new TypeError(`Option 'prefix' must be a string; got ${typeof prefix}.`);
  const image = captureImage(fs, prefix);
  await mkdir(hostDir, { recursive: true });
  const root = await realpath(hostDir);
  const targets = targetsOf(image, root);
  await checkTargets(targets);

  const directories: Target[] = [];
  const files: Target[] = [];
  for (const target of targets) (target.entry.kind === 'directory' ? directories : files).push(target);
  for (const { hostPath } of directories) await mkdir(hostPath, { recursive: true });
  let bytes = 0;
  await runLimited(files, PARALLEL_WRITES, async ({ entry, hostPath }) => {
    await writeHostFile(entry as ImageFile, hostPath);
    bytes += (entry as ImageFile).size;
  });
  // Children first: writing into a directory would move its modification time again.
  for (let i = directories.length - 1; i >= 0; i--) {
    const { entry, hostPath } = directories[i];
    const time = entry.modifiedAt / 1000;
    await lutimes(hostPath, time, time);
  }
  return { files: files.length, directories: directories.length, bytes };
}

/** Throws unless `hostDir` is a usable host path string. */
export function assertHostDir(hostDir: unknown): asserts hostDir is string {
  if (typeof hostDir !== 'string') {
    throw new TypeError(`The "hostDir" argument must be a string; got ${typeof hostDir}.`);
  }
  if (hostDir === '' || hostDir.includes('\0')) {
    throw new InvalidArgumentError(`Invalid host directory: ${JSON.stringify(hostDir)}`);
  }
}

/** The entries at or under the image's prefix (a prefix directory itself excluded), with their host paths. */
function targetsOf(image: TreeImage, root: string): Target[] {
  const { prefix } = image;
  const top = image.get(prefix)!;
  if (top.kind === 'file')
    return [{ entry: top, hostPath: join(root, prefix.slice(prefix.lastIndexOf('/') + 1)) }];
  const below = prefix === '/' ? '/' : `${prefix}/`;
  const targets: Target[] = [];
  for (const entry of image.entries) {
    if (!entry.path.startsWith(below) || entry.path === below) continue;
    // Normalized virtual names hold no separator and are never '.' or '..', so every target path
    // lies below `root`.
    targets.push({ entry, hostPath: join(root, ...entry.path.slice(below.length).split('/')) });
  }
  return targets;
}

/**
 * Checks every target before anything is written. Below a directory that does not exist yet
 * nothing can exist, so an export into a new directory costs no extra system calls.
 */
async function checkTargets(targets: readonly Target[]): Promise<void> {
  const missing = new Set<string>();
  for (const { entry, hostPath } of targets) {
    const parent = entry.path.slice(0, entry.path.lastIndexOf('/'));
    if (missing.has(parent)) {
      if (entry.kind === 'directory') missing.add(entry.path);
      continue;
    }
    let found: Stats;
    try {
      found = await lstat(hostPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (entry.kind === 'directory') missing.add(entry.path);
      continue;
    }
    const { path } = entry;
    if (found.isSymbolicLink()) {
      throw new InvalidArgumentError(`Refusing to export '${path}' through the symbolic link ${hostPath}.`, {
        path,
      });
    }
    if (entry.kind === 'directory') {
      if (found.isDirectory()) continue;
      if (found.isFile()) {
        throw new FileExistsError(`Cannot export directory '${path}': ${hostPath} is a file.`, { path });
      }
    } else {
      if (found.isFile()) continue;
      if (found.isDirectory()) {
        throw new IsADirectoryError(`Cannot export file '${path}': ${hostPath} is a directory.`, { path });
      }
    }
    throw new InvalidArgumentError(`Cannot export '${path}': ${hostPath} is a special file.`, { path });
  }
}

async function writeHostFile(file: ImageFile, hostPath: string): Promise<void> {
  const handle = await open(hostPath, WRITE_FLAGS, 0o666);
  try {
    // Each call writes its chunk completely, continuing where the previous one ended.
    for (const chunk of file.chunks) await handle.writeFile(chunk);
    const time = file.modifiedAt / 1000;
    await handle.utimes(time, time);
  } finally {
    await handle.close();
  }
}
