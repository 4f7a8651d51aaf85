/**
 * Setting a modification time without touching content: what `utimes` does on a disk.
 *
 * @module
 */

import { InvalidArgumentError } from './errors.js';
import { normalizePath } from './path.js';
import type { FileSystemState } from './state.js';

/**
 * Sets the modification time (ms since the epoch) of a file or directory. Content, generation and
 * creation time are unchanged; an open file may be touched, as on a disk.
 */
export function setModifiedTime(state: FileSystemState, rawPath: string, modifiedAt: number): void {
  if (typeof modifiedAt !== 'number') {
    throw new TypeError(`The "modifiedAt" argument must be a number; got ${typeof modifiedAt}.`);
  }
  const path = normalizePath(rawPath);
  if (!Number.isFinite(modifiedAt)) {
    throw new InvalidArgumentError(`modifiedAt must be a finite number of ms; got ${modifiedAt}.`, { path });
  }
  const node = state.tree.resolve(path);
  if (node === undefined) throw state.tree.explainMissing(path, 'No such file or directory');
  node.modifiedAt = modifiedAt;
}
