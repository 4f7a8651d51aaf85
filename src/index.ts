/**
 * dmemfs: an in-process virtual filesystem with a hard byte quota.
 *
 * The exports are listed one by one: the engine (`./fs`) also exports low-level capabilities for
 * the layers above it, and those are not part of the package's API. Loading `./snapshot` installs
 * the snapshot and host-directory methods on `MemoryFileSystem`.
 *
 * @module dmemfs
 */

export type {
  AvailableMemorySource,
  DefaultStorage,
  ExportAsBufferOptions,
  ExportOptions,
  ImportSource,
  ImportTreeOptions,
  MemoryGuardAction,
  MemoryGuardMode,
  MFSStatResult,
  MFSStats,
  MkdirOptions,
  OpenOptions,
  WalkEntry,
  WriteFileMode,
  WriteFileOptions,
} from './fs/index.js';
export {
  AsyncMemoryFileHandle,
  AsyncMemoryFileSystem,
  type BinaryHandle,
  BlockingIOError,
  DEFAULT_CHUNK_OVERHEAD,
  DEFAULT_LOCK_TIMEOUT,
  DEFAULT_MAX_QUOTA,
  DEFAULT_PROMOTION_HARD_LIMIT,
  DEFAULT_READ_CHUNK,
  DEFAULT_WRITE_HIGH_WATER_MARK,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MemoryFileHandle,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
  MemoryReadStream,
  MemoryWriteStream,
  MFSError,
  type MFSErrorCode,
  type MFSErrorDetails,
  MFSMemoryError,
  MFSNodeLimitExceededError,
  MFSQuotaExceededError,
  MFSTextHandle,
  NotADirectoryError,
  type OpenMode,
  type OpenModeInput,
  type ReadStreamOptions,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
  TEXT_WRITE_ENCODINGS,
  type TextErrors,
  type TextHandleOptions,
  UnsupportedOperationError,
  type Whence,
  type WriteStreamOptions,
} from './fs/index.js';
export { type ExportToDirectoryOptions, type HostTransferResult, MFSSnapshot } from './snapshot/index.js';
