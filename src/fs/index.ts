/**
 * The engine's surface. Besides the public API it exports low-level capabilities for the layers
 * above it: `TreeImage`, `captureImage`, `mountImage`, `ImportBudget` and the path helpers. The
 * package entry (`src/index.ts`) does not re-export those.
 *
 * @module
 */

export { AsyncMemoryFileSystem } from './async-filesystem.js';
export { AsyncMemoryFileHandle } from './async-handle.js';
export type {
  ExportOptions,
  ImportSource,
  ImportTreeOptions,
  WriteFileMode,
  WriteFileOptions,
} from './bulk-transfer.js';
export {
  BlockingIOError,
  FileExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  IsADirectoryError,
  MFSError,
  type MFSErrorCode,
  type MFSErrorDetails,
  MFSMemoryError,
  MFSNodeLimitExceededError,
  MFSQuotaExceededError,
  NotADirectoryError,
  UnsupportedOperationError,
} from './errors.js';
export { type ExportAsBufferOptions, MemoryFileSystem, type MkdirOptions } from './filesystem.js';
export {
  MemoryFileHandle,
  type OpenMode,
  type OpenModeInput,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
  type Whence,
} from './handle.js';
export { ImportBudget } from './import-budget.js';
export type { MFSStatResult, MFSStats } from './inspect.js';
export type { MemoryGuardAction, MemoryGuardMode } from './memory-guard.js';
export type { AvailableMemorySource } from './memory-info.js';
export type { OpenOptions } from './open.js';
export {
  DEFAULT_CHUNK_OVERHEAD,
  DEFAULT_LOCK_TIMEOUT,
  DEFAULT_MAX_QUOTA,
  DEFAULT_PROMOTION_HARD_LIMIT,
  type MemoryFileSystemOptions,
} from './options.js';
export { joinPath, normalizePath, parentPath } from './path.js';
export type { DefaultStorage } from './storage/file-content.js';
export {
  DEFAULT_READ_CHUNK,
  DEFAULT_WRITE_HIGH_WATER_MARK,
  MemoryReadStream,
  MemoryWriteStream,
  type ReadStreamOptions,
  type WriteStreamOptions,
} from './streams.js';
export { TEXT_WRITE_ENCODINGS, type TextErrors } from './text-codec.js';
export { type BinaryHandle, MFSTextHandle, type TextHandleOptions } from './text-handle.js';
export type { WalkEntry } from './traversal.js';
export {
  captureImage,
  type ImageDirectory,
  type ImageEntry,
  type ImageFile,
  mountImage,
  TreeImage,
} from './tree-image.js';
