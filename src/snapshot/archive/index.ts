/**
 * The archive format layer: adapters that read and write zip, tar and tar.gz as streams of entries,
 * the safety rules for entry names, and format detection. `dmemfs/archive` builds on this.
 *
 * @module
 */

export { type ArchiveSource, collectBytes, type PeekedSource, peekHead, toAsyncChunks } from './chunks.js';
export { type ArchiveChoice, detectFormat, selectAdapter } from './detect.js';
export { entryPathOf, validateEntryName } from './entry-name.js';
export { DETECT_HEAD_BYTES, looksLikeGzip, looksLikeTar, looksLikeZip } from './magic.js';
export { defaultArchiveAdapters, type ReadArchiveOptions, readArchive } from './read-archive.js';
export { TarAdapter } from './tar-adapter.js';
export type {
  ArchiveAdapter,
  ArchiveEntry,
  ArchiveEntryType,
  ArchiveFormat,
  ArchiveSourceEntry,
} from './types.js';
export { ZipAdapter, type ZipAdapterOptions } from './zip-adapter.js';
