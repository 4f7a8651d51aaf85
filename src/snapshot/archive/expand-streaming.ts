/**
 * `expandArchiveStreaming`: an archive into a `MemoryFileSystem`, one entry at a time.
 *
 * Each file goes straight from the decompressor into a file handle, in writes of about
 * {@link WRITE_BLOCK} bytes, so memory stays flat whatever the archive's size (a zip is still held
 * whole while read, compressed, because its directory is at the end). The handle's own quota check
 * counts the real bytes as they are written.
 *
 * Not atomic, by nature. When it fails, the files and directories completed before the failing entry
 * stay; the file being written when the failure hit is removed, so no truncated file is left, along
 * with any directory created just for it (with `onConflict: 'overwrite'` that file's previous content
 * is gone too, since writing had replaced it). Each entry is judged (name, type, conflict) before
 * anything of it is written.
 *
 * @module
 */

import type { MemoryFileSystem } from '../../fs/index.js';
import { parentPath } from '../../fs/path.js';
import { type ArchiveSource, concatBytes } from './chunks.js';
import { directoryInTheWay, fileConflict, planEntry } from './entry-plan.js';
import { type ExpandArchiveOptions, expandRequestOf } from './expand-options.js';
import { readArchive } from './read-archive.js';

/**
 * Bytes gathered before each write. Every write of a sequential file costs one chunk's overhead, so
 * writing the decompressor's small pieces one by one would charge far more than the data; 64 KiB
 * keeps the overhead under half a percent at the default 256 bytes per chunk.
 */
export const WRITE_BLOCK = 64 * 1024;

/**
 * Expands the archive in `source` under `dest` (created if missing) entry by entry, holding at most
 * about one write block of file data at a time, and returns how many files it wrote.
 *
 * Takes the same arguments, and judges entries by the same rules, as {@link expandArchive}, but
 * applies each entry as soon as it is read, so it is not atomic: on failure, what was written before
 * the failing entry stays, and the file being written then is removed. Directories and files get the
 * archive's modification times.
 *
 * @example
 * ```ts
 * const files = await expandArchiveStreaming(mfs, createReadStream('big.tar.gz'), '/data');
 * ```
 */
export async function expandArchiveStreaming(
  mfs: MemoryFileSystem,
  source: ArchiveSource,
  dest = '/',
  options?: ExpandArchiveOptions,
): Promise<number> {
  const request = expandRequestOf(mfs, dest, options, 'expandArchiveStreaming');
  const { onConflict } = request;
  const written = new Set<string>();
  for await (const entry of readArchive(source, request.reading)) {
    const planned = planEntry(entry, request);
    if (planned === undefined) continue;
    const { target, mtime } = planned;
    if (planned.kind === 'directory') {
      // importTree creates a directory (and its parents) with a modification time in one step.
      mfs.importTree(new Map(), {
        directories: [target],
        modifiedAt: mtime === undefined ? undefined : new Map([[target, mtime]]),
      });
      continue;
    }
    if (mfs.isDir(target)) throw directoryInTheWay(target);
    if (mfs.isFile(target)) {
      if (onConflict === 'error') throw fileConflict(target, written.has(target));
      if (onConflict === 'skip') continue;
    }
    await writeEntryFile(mfs, target, onConflict === 'overwrite' ? 'wb' : 'xb', entry.content());
    if (mtime !== undefined) mfs.setModifiedAt(target, mtime);
    written.add(target);
  }
  // The destination exists afterwards even when the archive is empty.
  mfs.mkdir(request.destination, { existOk: true });
  return written.size;
}

/**
 * Writes one file entry, creating its missing parent directories. If anything fails, the file is
 * removed, and so are the parents created for it, unless something else was put in them meanwhile.
 */
async function writeEntryFile(
  mfs: MemoryFileSystem,
  target: string,
  mode: 'wb' | 'xb',
  content: AsyncIterable<Uint8Array>,
): Promise<void> {
  const parent = parentPath(target);
  let topCreated: string | undefined;
  for (let path = parent; path !== '/' && !mfs.exists(path); path = parentPath(path)) topCreated = path;
  mfs.mkdir(parent, { existOk: true });
  try {
    await writeStreamed(mfs, target, mode, content);
  } catch (error) {
    for (
      let path = parent;
      topCreated !== undefined && mfs.listdir(path).length === 0;
      path = parentPath(path)
    ) {
      mfs.rmtree(path);
      if (path === topCreated) break;
    }
    throw error;
  }
}

/** Writes `content` into a new (or, with `'wb'`, replaced) file; removes the file if anything fails. */
async function writeStreamed(
  mfs: MemoryFileSystem,
  target: string,
  mode: 'wb' | 'xb',
  content: AsyncIterable<Uint8Array>,
): Promise<void> {
  const handle = mfs.open(target, mode);
  try {
    // The handle copies what it writes, so a lone piece can be written as it is.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    for await (const chunk of content) {
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= WRITE_BLOCK) {
        handle.write(concatBytes(pending, pendingBytes));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0) handle.write(concatBytes(pending, pendingBytes));
  } catch (error) {
    handle.close();
    mfs.remove(target);
    throw error;
  }
  handle.close();
}
