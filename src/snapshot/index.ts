/**
 * Snapshots and real directories: `MFSSnapshot` and its byte form, and the `MemoryFileSystem`
 * methods `snapshot`, `restore`, `exportToDirectory`, `importFromDirectory` and the static
 * `fromSnapshot`, which loading this module installs. The archive adapters live in `./archive`.
 *
 * @module
 */

import './filesystem-methods.js';

export type { ExportToDirectoryOptions, HostTransferResult } from './host-export.js';
export { MFSSnapshot } from './snapshot.js';
