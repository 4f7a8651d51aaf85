/**
 * `expandArchive`: an archive into a `MemoryFileSystem`, all or nothing.
 *
 * The archive is read whole first. Every entry is judged (safe name, supported type, conflicts) and
 * every file's bytes are collected, counted against the quota as they inflate, so reading stops as
 * soon as the files could no longer fit. Then one `importTree` call applies files, directories and
 * modification times together; the engine checks paths, quota and node cap before it changes
 * anything. So any failure, at any point, leaves the filesystem as it was.
 *
 * @module
 */

import { ImportBudget, type MemoryFileSystem } from '../../fs/index.js';
import type { ArchiveSource } from './chunks.js';
import { directoryInTheWay, fileConflict, planEntry } from './entry-plan.js';
import {
  type ExpandArchiveOptions,
  type ExpandArchiveResult,
  type ExpandRequest,
  expandRequestOf,
} from './expand-options.js';
import { readArchive } from './read-archive.js';
import type { ArchiveEntry } from './types.js';

/** A file read from the archive, waiting to be imported. */
interface CollectedFile {
  readonly data: Buffer;
  readonly mtime: number | undefined;
}

/** Everything an archive will write, by normalized target path. */
interface CollectedArchive {
  readonly files: Map<string, CollectedFile>;
  readonly directories: Map<string, number | undefined>;
}

/**
 * Expands the zip, tar or tar.gz archive in `source` under `dest` (created if missing), atomically:
 * either every file and directory is written, with the archive's modification times, or nothing
 * changes.
 *
 * The format is detected from the leading bytes unless `options.format` names it. Entry names that
 * are absolute, contain `..`, start with a drive letter or contain NUL throw `InvalidArgumentError`,
 * as do links, devices and other special entries unless `unsupportedEntries: 'skip'`. Files that
 * exist already, and names the archive holds twice, are resolved by `onConflict` (default `'error'`:
 * `FileExistsError`). Declared sizes are never trusted: the bytes actually inflated are counted
 * against the free quota while reading, so an archive that cannot fit stops with
 * `MFSQuotaExceededError` after about as many bytes as the quota has free. A corrupt, truncated or
 * inconsistent archive throws `InvalidArgumentError`.
 *
 * The archive's files are held in memory until they are imported (zip archives are also held whole
 * while read, compressed); use {@link expandArchiveStreaming} to write entry by entry instead.
 *
 * @example
 * ```ts
 * const result = await expandArchive(mfs, await readFile('fixtures.tar.gz'), '/fixtures');
 * // { files: 12, directories: 4, bytes: 48213 }
 * ```
 */
export async function expandArchive(
  mfs: MemoryFileSystem,
  source: ArchiveSource,
  dest = '/',
  options?: ExpandArchiveOptions,
): Promise<ExpandArchiveResult> {
  const request = expandRequestOf(mfs, dest, options, 'expandArchive');
  const collected = await collectArchive(source, request);
  return applyArchive(request, collected);
}

async function collectArchive(source: ArchiveSource, request: ExpandRequest): Promise<CollectedArchive> {
  const { mfs, onConflict } = request;
  const files = new Map<string, CollectedFile>();
  const directories = new Map<string, number | undefined>();
  const budget = new ImportBudget(mfs, request.destination);
  for await (const entry of readArchive(source, request.reading)) {
    const planned = planEntry(entry, request);
    if (planned === undefined) continue;
    const { target, mtime } = planned;
    if (planned.kind === 'directory') {
      directories.set(target, mtime ?? directories.get(target));
      continue;
    }
    // Conflicts are settled before the entry's bytes are read, so refused or skipped files cost nothing.
    if (mfs.isDir(target)) throw directoryInTheWay(target);
    const earlier = files.get(target);
    if (earlier !== undefined || mfs.isFile(target)) {
      if (onConflict === 'error') throw fileConflict(target, earlier !== undefined);
      if (onConflict === 'skip') continue;
      if (earlier !== undefined) {
        budget.discard(target);
        files.delete(target);
      }
    }
    files.set(target, { data: await readCounted(entry, budget, target), mtime });
  }
  return { files, directories };
}

/** Reads an entry's bytes, counting each chunk against the budget before keeping it. */
async function readCounted(entry: ArchiveEntry, budget: ImportBudget, target: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of entry.content()) {
    budget.count(target, chunk.byteLength);
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  return Buffer.concat(chunks, size);
}

/** Applies the collected archive in one `importTree` call. Synchronous: nothing can interleave. */
function applyArchive(request: ExpandRequest, collected: CollectedArchive): ExpandArchiveResult {
  const { mfs, onConflict, destination } = request;
  const files = new Map<string, Uint8Array>();
  const modifiedAt = new Map<string, number>();
  let bytes = 0;
  for (const [target, file] of collected.files) {
    // The filesystem may have changed while the archive was being read; settle conflicts again now.
    if (onConflict !== 'overwrite' && mfs.isFile(target)) {
      if (onConflict === 'error') throw fileConflict(target, false);
      continue;
    }
    files.set(target, file.data);
    bytes += file.data.byteLength;
    if (file.mtime !== undefined) modifiedAt.set(target, file.mtime);
  }
  const directories = [...collected.directories.keys()];
  for (const [directory, mtime] of collected.directories) {
    if (mtime !== undefined) modifiedAt.set(directory, mtime);
  }
  // The destination exists afterwards even when the archive is empty.
  if (destination !== '/') directories.push(destination);
  const directoriesBefore = mfs.stats().dirCount;
  mfs.importTree(files, { directories, modifiedAt });
  return { files: files.size, directories: mfs.stats().dirCount - directoriesBefore, bytes };
}
