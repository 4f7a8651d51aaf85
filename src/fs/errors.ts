/**
 * Error classes thrown by dmemfs.
 *
 * Every error the library throws on purpose is an {@link MFSError} with a Node-style `code`, and a
 * normalized `path` whenever a path is involved. Wrong argument *types* throw the built-in `TypeError`.
 *
 * @module
 */

/** Every `code` an {@link MFSError} can carry. */
export type MFSErrorCode =
  | 'ENOENT'
  | 'EEXIST'
  | 'EISDIR'
  | 'ENOTDIR'
  | 'EAGAIN'
  | 'EBUSY'
  | 'EBADF'
  | 'ENOTSUP'
  | 'EINVAL'
  | 'ENOSPC'
  | 'ENOMEM';

/** Extra details an {@link MFSError} may carry. */
export interface MFSErrorDetails {
  /** The normalized virtual path the operation was about. */
  path?: string;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/** Base class of every error dmemfs throws on purpose. */
export class MFSError extends Error {
  /** Node-style error code, e.g. `'ENOENT'`. */
  readonly code: MFSErrorCode;
  /** The normalized virtual path involved, when there is one. */
  declare readonly path?: string;

  constructor(code: MFSErrorCode, message: string, details: MFSErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.path !== undefined) this.path = details.path;
  }
}
MFSError.prototype.name = 'MFSError';

/** A path, or its parent directory, does not exist (`ENOENT`). */
export class FileNotFoundError extends MFSError {
  constructor(message: string, details?: MFSErrorDetails) {
    super('ENOENT', message, details);
  }
}
FileNotFoundError.prototype.name = 'FileNotFoundError';

/** The target of a creating operation already exists (`EEXIST`). */
export class FileExistsError extends MFSError {
  constructor(message: string, details?: MFSErrorDetails) {
    super('EEXIST', message, details);
  }
}
FileExistsError.prototype.name = 'FileExistsError';

/** A file operation was applied to a directory (`EISDIR`). */
export class IsADirectoryError extends MFSError {
  constructor(message: string, details?: MFSErrorDetails) {
    super('EISDIR', message, details);
  }
}
IsADirectoryError.prototype.name = 'IsADirectoryError';

/** A directory operation was applied to a file, or a file sits in the middle of a path (`ENOTDIR`). */
export class NotADirectoryError extends MFSError {
  constructor(message: string, details?: MFSErrorDetails) {
    super('ENOTDIR', message, details);
  }
}
NotADirectoryError.prototype.name = 'NotADirectoryError';

/**
 * A file lock could not be taken (`EAGAIN`: contention or timeout), or a structural operation hit a
 * file that is open (`EBUSY`).
 */
export class BlockingIOError extends MFSError {
  constructor(code: 'EAGAIN' | 'EBUSY', message: string, details?: MFSErrorDetails) {
    super(code, message, details);
  }
}
BlockingIOError.prototype.name = 'BlockingIOError';

/**
 * The handle's mode does not allow the operation or the handle is closed (`EBADF`), or the storage
 * refused a random-access write (`ENOTSUP`).
 */
export class UnsupportedOperationError extends MFSError {
  constructor(code: 'EBADF' | 'ENOTSUP', message: string, details?: MFSErrorDetails) {
    super(code, message, details);
  }
}
UnsupportedOperationError.prototype.name = 'UnsupportedOperationError';

/**
 * A bad value: mode, option, seek position, size, path traversal, an operation on the root, moving a
 * directory into itself, an unsafe archive entry (`EINVAL`).
 */
export class InvalidArgumentError extends MFSError {
  constructor(message: string, details?: MFSErrorDetails) {
    super('EINVAL', message, details);
  }
}
InvalidArgumentError.prototype.name = 'InvalidArgumentError';

/** A write, import or copy would take `usedBytes` past `maxQuota` (`ENOSPC`). Nothing was changed. */
export class MFSQuotaExceededError extends MFSError {
  /** Bytes the refused operation needed. */
  readonly requested: number;
  /** Bytes that were free when it was refused. */
  readonly available: number;

  constructor(requested: number, available: number, details?: MFSErrorDetails, message?: string) {
    super(
      'ENOSPC',
      message ?? `MFS quota exceeded: requested ${requested} bytes, only ${available} bytes available.`,
      details,
    );
    this.requested = requested;
    this.available = available;
  }
}
MFSQuotaExceededError.prototype.name = 'MFSQuotaExceededError';

/** Creating a file or directory would take the node count past `maxNodes` (`ENOSPC`). */
export class MFSNodeLimitExceededError extends MFSQuotaExceededError {
  /** Nodes (files and directories, root included) that exist. */
  readonly current: number;
  /** The `maxNodes` cap. */
  readonly limit: number;

  constructor(current: number, limit: number, details?: MFSErrorDetails) {
    super(
      current + 1,
      limit - current,
      details,
      `MFS node limit exceeded: current ${current} nodes, limit is ${limit}.`,
    );
    this.current = current;
    this.limit = limit;
  }
}
MFSNodeLimitExceededError.prototype.name = 'MFSNodeLimitExceededError';

/**
 * The memory guard refused an allocation (`memoryGuardAction: 'raise'`), or the runtime could not
 * allocate the bytes (`ENOMEM`). No quota stays charged for the refused operation.
 */
export class MFSMemoryError extends MFSError {
  constructor(message: string, details?: MFSErrorDetails) {
    super('ENOMEM', message, details);
  }
}
MFSMemoryError.prototype.name = 'MFSMemoryError';
