/**
 * Stable identities for `Stats`: a device number per filesystem and an inode number per file or
 * directory that stays the same while it exists, including across renames made through a view.
 *
 * The engine has no public node id, so identities are derived: an inode number is bound to a path
 * together with the entry's kind and creation time, and views move the binding when they rename.
 * An entry replaced at the same path gets a new number (unless created in the same millisecond, as
 * a disk may reuse an inode too).
 *
 * @module
 */

import type { MemoryFileSystem, MFSStatResult } from '../fs/index.js';

interface Binding {
  readonly ino: number;
  readonly createdAt: number;
  readonly isDir: boolean;
}

let nextDevice = 0x6d66; // 'mf'

/** The identities of one filesystem, shared by every view of it. */
export class IdentityTable {
  /** The `dev` every entry of this filesystem reports. */
  readonly device = nextDevice++;
  #nextInode = 2; // the root gets 2, as on ext4
  readonly #bindings = new Map<string, Binding>();

  /** The inode number of the entry at `path` that `stat` describes. */
  inodeOf(path: string, stat: MFSStatResult): number {
    const bound = this.#bindings.get(path);
    if (bound !== undefined && bound.createdAt === stat.createdAt && bound.isDir === stat.isDir) {
      return bound.ino;
    }
    const ino = this.#nextInode++;
    this.#bindings.set(path, { ino, createdAt: stat.createdAt, isDir: stat.isDir });
    return ino;
  }

  /** Moves the bindings at and below `from` to `to` (a rename). */
  moved(from: string, to: string): void {
    this.removed(to);
    for (const [path, binding] of [...this.#bindings]) {
      const rest = relativeTo(path, from);
      if (rest === undefined) continue;
      this.#bindings.delete(path);
      this.#bindings.set(to + rest, binding);
    }
  }

  /** Drops the bindings at and below `path` (a removal). */
  removed(path: string): void {
    for (const bound of [...this.#bindings.keys()]) {
      if (relativeTo(bound, path) !== undefined) this.#bindings.delete(bound);
    }
  }
}

/** `path` relative to `ancestor` (`''` for itself, `/x` below it), or `undefined` when outside. */
function relativeTo(path: string, ancestor: string): string | undefined {
  if (path === ancestor) return '';
  if (ancestor === '/') return path;
  return path.startsWith(`${ancestor}/`) ? path.slice(ancestor.length) : undefined;
}

const tables = new WeakMap<MemoryFileSystem, IdentityTable>();

/** The identity table of `mfs`. */
export function identitiesOf(mfs: MemoryFileSystem): IdentityTable {
  let table = tables.get(mfs);
  if (table === undefined) {
    table = new IdentityTable();
    tables.set(mfs, table);
  }
  return table;
}
