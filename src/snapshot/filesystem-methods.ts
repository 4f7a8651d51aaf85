/**
 * Installs the snapshot and host-directory methods on `MemoryFileSystem` and on its async view,
 * `AsyncMemoryFileSystem`.
 *
 * The engine (`src/fs`) may not import this layer, so these methods cannot be written in the class
 * itself. They are declared on it by module augmentation and attached here, once, when this module
 * is loaded; the package entry (`dmemfs`) loads it, so every user of `dmemfs` has them. Like class
 * methods, they are non-enumerable properties of the prototype (and `fromSnapshot` of the class).
 *
 * @module
 */

import {
  AsyncMemoryFileSystem,
  captureImage,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
  mountImage,
} from '../fs/index.js';
import { type ExportToDirectoryOptions, exportToDirectory, type HostTransferResult } from './host-export.js';
import { importFromDirectory } from './host-import.js';
import { imageOf, type MFSSnapshot, snapshotOf } from './snapshot.js';

declare module '../fs/filesystem.js' {
  interface MemoryFileSystem {
    /**
     * An immutable image of the tree at `prefix` (default `'/'`): every directory, empty ones
     * included, and file at or under it, with timestamps and generations, plus the root and the
     * directories leading to `prefix`. Paths stay absolute. A file prefix gives just that file.
     * Copies no bytes (the file contents are shared copy-on-write), so it costs O(files +
     * directories). Files open for writing are captured as they are at this instant. Throws
     * `FileNotFoundError` if `prefix` does not exist.
     */
    snapshot(prefix?: string): MFSSnapshot;

    /**
     * Replaces the whole tree, root included, with the snapshot's. Atomic: throws
     * `BlockingIOError` (`EBUSY`) if any file is open, `MFSNodeLimitExceededError` or
     * `MFSQuotaExceededError` if the snapshot does not fit, and then nothing has changed. The
     * restored files share their bytes with the snapshot until written, but are charged their full
     * size; writes on either side never show on the other.
     */
    restore(snapshot: MFSSnapshot): void;

    /**
     * Writes the tree at `options.prefix` (default `'/'`) into the host directory `hostDir`, empty
     * directories included, with modification times. Creates `hostDir` if missing, merges into an
     * existing one (overwriting files) and never writes outside it. See the README, "Real
     * directories".
     */
    exportToDirectory(hostDir: string, options?: ExportToDirectoryOptions): Promise<HostTransferResult>;

    /**
     * Imports the host directory `hostDir` into `dest` (default `'/'`), empty directories and
     * modification times included. Atomic and quota-checked before anything changes; refuses
     * symbolic links that lead outside `hostDir`. See the README, "Real directories".
     */
    importFromDirectory(hostDir: string, dest?: string): Promise<HostTransferResult>;
  }
}

declare module '../fs/async-filesystem.js' {
  interface AsyncMemoryFileSystem {
    /** `MemoryFileSystem.snapshot`, as a promise. */
    snapshot(prefix?: string): Promise<MFSSnapshot>;
    /** `MemoryFileSystem.restore`, as a promise. */
    restore(snapshot: MFSSnapshot): Promise<void>;
    /** `MemoryFileSystem.exportToDirectory`. */
    exportToDirectory(hostDir: string, options?: ExportToDirectoryOptions): Promise<HostTransferResult>;
    /** `MemoryFileSystem.importFromDirectory`. */
    importFromDirectory(hostDir: string, dest?: string): Promise<HostTransferResult>;
  }
}

declare module '../fs/filesystem.js' {
  namespace MemoryFileSystem {
    /**
     * A new filesystem (`new MemoryFileSystem(options)`) holding the snapshot's tree. Costs O(files +
     * directories) and copies no bytes; each file is charged its full size against the new
     * filesystem's quota. Throws `MFSQuotaExceededError` or `MFSNodeLimitExceededError` if the
     * snapshot does not fit the options.
     */
    function fromSnapshot(snapshot: MFSSnapshot, options?: MemoryFileSystemOptions): MemoryFileSystem;
  }
}

function install(target: object, name: string, value: (...args: never[]) => unknown): void {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

install(MemoryFileSystem.prototype, 'snapshot', function snapshot(this: MemoryFileSystem, prefix = '/') {
  return snapshotOf(captureImage(this, prefix));
});

install(MemoryFileSystem.prototype, 'restore', function restore(this: MemoryFileSystem, snap: MFSSnapshot) {
  mountImage(this, imageOf(snap));
});

install(
  MemoryFileSystem.prototype,
  'exportToDirectory',
  function exportTo(this: MemoryFileSystem, hostDir: string, options?: ExportToDirectoryOptions) {
    return exportToDirectory(this, hostDir, options);
  },
);

install(
  MemoryFileSystem.prototype,
  'importFromDirectory',
  function importFrom(this: MemoryFileSystem, hostDir: string, dest?: string) {
    return importFromDirectory(this, hostDir, dest);
  },
);

install(
  MemoryFileSystem,
  'fromSnapshot',
  function fromSnapshot(snap: MFSSnapshot, options?: MemoryFileSystemOptions): MemoryFileSystem {
    const image = imageOf(snap);
    const fs = new MemoryFileSystem(options);
    mountImage(fs, image);
    return fs;
  },
);

install(
  AsyncMemoryFileSystem.prototype,
  'snapshot',
  async function snapshot(this: AsyncMemoryFileSystem, prefix = '/') {
    return this.sync.snapshot(prefix);
  },
);

install(
  AsyncMemoryFileSystem.prototype,
  'restore',
  async function restore(this: AsyncMemoryFileSystem, snap: MFSSnapshot) {
    this.sync.restore(snap);
  },
);

install(
  AsyncMemoryFileSystem.prototype,
  'exportToDirectory',
  function exportTo(this: AsyncMemoryFileSystem, hostDir: string, options?: ExportToDirectoryOptions) {
    return exportToDirectory(this.sync, hostDir, options);
  },
);

install(
  AsyncMemoryFileSystem.prototype,
  'importFromDirectory',
  function importFrom(this: AsyncMemoryFileSystem, hostDir: string, dest?: string) {
    return importFromDirectory(this.sync, hostDir, dest);
  },
);
