/**
 * How archive problems are reported. Bad input (a corrupt, truncated or lying archive) is always an
 * `InvalidArgumentError` (`EINVAL`) whose message says what is wrong and which entry it concerns; the
 * library error that revealed it stays reachable as `cause`.
 *
 * @module
 */

import { InvalidArgumentError, MFSError } from '../../fs/errors.js';

/** Where in an archive a problem was found. */
export interface ArchiveErrorContext {
  /** The entry being read, as stored in the archive. */
  readonly entry?: string;
  /** Where the entry is not known yet, e.g. `'after entry "a.txt"'` or `'at the first header'`. */
  readonly where?: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** Builds the `InvalidArgumentError` for a `format` archive that is corrupt in the way `problem` says. */
export function corruptArchive(
  format: string,
  problem: string,
  context: ArchiveErrorContext = {},
): InvalidArgumentError {
  const location =
    context.entry !== undefined
      ? ` entry ${JSON.stringify(context.entry)}:`
      : context.where
        ? ` ${context.where}:`
        : '';
  return new InvalidArgumentError(
    `Corrupt ${format} archive:${location} ${problem}`,
    context.cause === undefined ? undefined : { cause: context.cause },
  );
}

/**
 * Turns whatever a format library threw into our error: an `MFSError` (already ours) passes through,
 * anything else becomes {@link corruptArchive} with the library's text as the problem.
 */
export function asArchiveError(
  format: string,
  error: unknown,
  context: Omit<ArchiveErrorContext, 'cause'> = {},
): MFSError {
  if (error instanceof MFSError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return corruptArchive(format, text, { ...context, cause: error });
}

/** A text describing a position in an archive by the last entry seen before it. */
export function afterEntry(name: string | undefined): string {
  return name === undefined ? 'at the first entry' : `after entry ${JSON.stringify(name)}`;
}

/**
 * Builds the `InvalidArgumentError` for an entry that is well-formed but uses a feature this library
 * does not read (encryption, an unusual compression method).
 */
export function unsupportedEntry(format: string, entry: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`Cannot read ${format} archive entry ${JSON.stringify(entry)}: ${why}.`);
}
