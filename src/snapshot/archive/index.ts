/**
 * `dmemfs/archive`: zip, tar and tar.gz archives into and out of a `MemoryFileSystem`.
 *
 * - {@link expandArchive} writes an archive's files and directories atomically (all or nothing);
 * - {@link expandArchiveStreaming} writes them entry by entry, in little memory;
 * - {@link createArchive} and {@link writeArchive} archive a subtree, into a `Buffer` or a stream.
 *
 * Formats are pluggable: {@link ZipAdapter} and {@link TarAdapter} implement {@link ArchiveAdapter},
 * and so can any other format (pass it as `adapter` or among `adapters`).
 *
 * @module dmemfs/archive
 */

export type { ArchiveSource } from './chunks.js';
export {
  type CreateArchiveOptions,
  createArchive,
  type WriteArchiveOptions,
  writeArchive,
} from './create.js';
export { expandArchive } from './expand.js';
export type {
  ExpandArchiveOptions,
  ExpandArchiveResult,
  OnConflict,
  UnsupportedEntries,
} from './expand-options.js';
export { expandArchiveStreaming } from './expand-streaming.js';
export { TarAdapter } from './tar-adapter.js';
export type {
  ArchiveAdapter,
  ArchiveEntry,
  ArchiveEntryType,
  ArchiveFormat,
  ArchiveSourceEntry,
} from './types.js';
export { ZipAdapter, type ZipAdapterOptions } from './zip-adapter.js';
