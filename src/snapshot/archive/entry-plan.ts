/**
 * What one archive entry becomes under the destination: a file, a directory, or nothing (a special
 * entry left out on request). Both expansions judge entries here, so they accept and refuse the same
 * archives with the same errors.
 *
 * @module
 */

import { FileExistsError, InvalidArgumentError, IsADirectoryError } from '../../fs/index.js';
import { entryPathOf } from './entry-name.js';
import { type ExpandRequest, targetOf } from './expand-options.js';
import type { ArchiveEntry } from './types.js';

/** An entry that maps onto the tree. */
export interface PlannedEntry {
  readonly kind: 'file' | 'directory';
  /** The normalized absolute path it lands on. */
  readonly target: string;
  /** Modification time from the archive (ms since the epoch), when it records one. */
  readonly mtime: number | undefined;
}

/**
 * Judges `entry`: its name must be safe (`InvalidArgumentError` otherwise, whatever its type), and it
 * must be a file or a directory, unless `unsupportedEntries` is `'skip'`, in which case anything else
 * yields `undefined`.
 */
export function planEntry(entry: ArchiveEntry, request: ExpandRequest): PlannedEntry | undefined {
  const target = targetOf(request, entryPathOf(entry.name));
  if (entry.type === 'file' || entry.type === 'directory') {
    return { kind: entry.type, target, mtime: entry.mtime };
  }
  if (request.unsupportedEntries === 'skip') return undefined;
  throw new InvalidArgumentError(
    `Archive entry ${JSON.stringify(entry.name)} is ${kindOf(entry)}; only files and directories can be ` +
      "extracted. Pass { unsupportedEntries: 'skip' } to leave such entries out.",
    { path: target },
  );
}

function kindOf(entry: ArchiveEntry): string {
  const target = entry.linkName === undefined ? '' : ` to ${JSON.stringify(entry.linkName)}`;
  switch (entry.type) {
    case 'symlink':
      return `a symbolic link${target}`;
    case 'hardlink':
      return `a hard link${target}`;
    case 'device':
      return `a device or FIFO (${entry.nativeType})`;
    default:
      return `an entry of type ${JSON.stringify(entry.nativeType)}`;
  }
}

/**
 * The `FileExistsError` for a file entry that meets a file under `onConflict: 'error'`: one already
 * in the filesystem, or (`duplicate`) one the archive itself held before.
 */
export function fileConflict(target: string, duplicate: boolean): FileExistsError {
  const problem = duplicate ? 'the archive holds it more than once' : 'a file exists there';
  return new FileExistsError(
    `Cannot expand the archive into '${target}': ${problem}. ` +
      "Pass onConflict: 'overwrite' or 'skip' to resolve such conflicts.",
    { path: target },
  );
}

/** The `IsADirectoryError` for a file entry whose target is an existing directory. */
export function directoryInTheWay(target: string): IsADirectoryError {
  return new IsADirectoryError(`Cannot expand an archive file into '${target}': it is a directory.`, {
    path: target,
  });
}
