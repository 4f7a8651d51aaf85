/**
 * Errors shaped like the ones `node:fs` throws: system errors (`ENOENT: no such file or directory,
 * open '/x'`), Node's `SystemError`s with `ERR_FS_*` codes, argument errors with `ERR_*` codes, and the
 * translation of dmemfs engine errors into them.
 *
 * @module
 */

import { getSystemErrorMap, inspect } from 'node:util';
import { MFSError, MFSNodeLimitExceededError } from '../fs/index.js';

/** A system error as `node:fs` raises it: `errno` (negative), `code`, `syscall`, `path`, `dest`. */
export interface NodeSystemError extends Error {
  errno: number;
  code: string;
  syscall: string;
  path?: string;
  dest?: string;
}

interface SystemErrorEntry {
  readonly errno: number;
  readonly description: string;
}

let systemErrors: Map<string, SystemErrorEntry> | undefined;

/** libuv's errno and description for `code`, as this platform reports them. */
function systemErrorEntry(code: string): SystemErrorEntry {
  if (systemErrors === undefined) {
    systemErrors = new Map();
    for (const [errno, [name, description]] of getSystemErrorMap()) {
      systemErrors.set(name, { errno, description });
    }
  }
  const entry = systemErrors.get(code);
  if (entry === undefined) throw new Error(`dmemfs internal error: unknown system error code ${code}`);
  return entry;
}

/** Details that go with a system error beyond its code and call. */
export interface SystemErrorDetails {
  /** The first path, as the caller gave it. */
  path?: string | undefined;
  /** The second path of a two-path call (`rename`, `copyfile`), as the caller gave it. */
  dest?: string | undefined;
  /** Appended to the message in parentheses; only for errors Node itself never raises (ENOSYS). */
  note?: string;
  /** The engine error this one translates. */
  cause?: unknown;
}

/**
 * A system error exactly as Node builds it: message `CODE: description, syscall 'path' -> 'dest'`,
 * and own enumerable `errno`, `code`, `syscall`, `path`, `dest` in that order.
 */
export function systemError(
  code: string,
  syscall: string,
  details: SystemErrorDetails = {},
): NodeSystemError {
  const { errno, description } = systemErrorEntry(code);
  let message = `${code}: ${description}, ${syscall}`;
  if (details.path !== undefined) message += ` '${details.path}'`;
  if (details.dest !== undefined) message += ` -> '${details.dest}'`;
  if (details.note !== undefined) message += ` (${details.note})`;
  const error = new Error(
    message,
    details.cause === undefined ? undefined : { cause: details.cause },
  ) as NodeSystemError;
  error.errno = errno;
  error.code = code;
  error.syscall = syscall;
  if (details.path !== undefined) error.path = details.path;
  if (details.dest !== undefined) error.dest = details.dest;
  return error;
}

/**
 * What a Node `SystemError` carries in `info`.
 *
 * @inline
 */
export interface SystemErrorInfo {
  code: string;
  message: string;
  path: string;
  syscall: string;
  errno: number;
}

/**
 * Node's `SystemError`, which `rm` and `cp` raise with `ERR_FS_*` codes: message
 * `Prefix: syscall returned CODE (detail) path`, the details in `info`, and a positive `errno`.
 */
export class FsSystemError extends Error {
  /** The `ERR_FS_*` code. */
  readonly code: string;
  /** The underlying system error. */
  readonly info: SystemErrorInfo;
  readonly errno: number;
  readonly syscall: string;
  readonly path: string;

  constructor(code: string, prefix: string, info: Omit<SystemErrorInfo, 'errno'>) {
    super(`${prefix}: ${info.syscall} returned ${info.code} (${info.message}) ${info.path}`);
    const errno = -systemErrorEntry(info.code).errno;
    this.code = code;
    this.info = { ...info, errno };
    this.errno = errno;
    this.syscall = info.syscall;
    this.path = info.path;
  }

  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}
FsSystemError.prototype.name = 'SystemError';

/** An argument error with a Node `ERR_*` code (`TypeError`, `RangeError`). */
export type CodedError<E extends Error = Error> = E & { code: string };

function coded<E extends Error>(error: E, code: string): CodedError<E> {
  return Object.assign(error, { code });
}

/** How Node describes a received value in `ERR_INVALID_ARG_TYPE` messages. */
function describeReceived(value: unknown): string {
  if (value === undefined || value === null) return `Received ${value}`;
  if (typeof value === 'function') return `Received function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name ? `Received an instance of ${name}` : `Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `Received type ${typeof value} (${shown})`;
}

/** `TypeError [ERR_INVALID_ARG_TYPE]: The "name" argument must be of type …`. */
export function invalidArgType(name: string, expected: string, value: unknown): CodedError<TypeError> {
  const subject = name.includes('.') ? `The "${name}" property` : `The "${name}" argument`;
  return coded(
    new TypeError(`${subject} must be ${expected}. ${describeReceived(value)}`),
    'ERR_INVALID_ARG_TYPE',
  );
}

/** `TypeError [ERR_INVALID_ARG_VALUE]: The argument 'name' is invalid. Received …`. */
export function invalidArgValue(name: string, value: unknown, reason = 'is invalid'): CodedError<TypeError> {
  const subject = name.includes('.') ? `The property '${name}'` : `The argument '${name}'`;
  return coded(new TypeError(`${subject} ${reason}. Received ${inspect(value)}`), 'ERR_INVALID_ARG_VALUE');
}

/** `RangeError [ERR_OUT_OF_RANGE]: The value of "name" is out of range. It must be … Received …`. */
export function outOfRange(name: string, range: string, value: unknown): CodedError<RangeError> {
  return coded(
    new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`),
    'ERR_OUT_OF_RANGE',
  );
}

/** A `RangeError` with a Node code and a fixed message. */
export function codedRangeError(code: string, message: string): CodedError<RangeError> {
  return coded(new RangeError(message), code);
}

/** A `TypeError` with a Node code and a fixed message (URL errors and the like). */
export function codedTypeError(code: string, message: string): CodedError<TypeError> {
  return coded(new TypeError(message), code);
}

/** Where a translated error says it happened. */
export interface ErrorSite {
  readonly syscall: string;
  readonly path?: string | undefined;
  readonly dest?: string | undefined;
}

/**
 * The Node-style error for an engine error: the same code, except that a lock held elsewhere
 * (`EAGAIN`) is `EBUSY`, as dmemfs refuses where a disk would let both proceed. A quota refusal stays
 * `ENOSPC`; a node-cap refusal too (a disk out of inodes says the same). Anything that is not an
 * engine error (argument errors, bugs) passes through unchanged.
 */
export function translateError(error: unknown, site: ErrorSite): unknown {
  if (!(error instanceof MFSError)) return error;
  const code = error.code === 'EAGAIN' ? 'EBUSY' : error.code;
  return systemError(code, site.syscall, { path: site.path, dest: site.dest, cause: error });
}

/** True for a quota refusal on bytes (not on the node cap), which Node reports without a path. */
export function isByteQuotaError(error: unknown): boolean {
  return (
    error instanceof MFSError && error.code === 'ENOSPC' && !(error instanceof MFSNodeLimitExceededError)
  );
}

/** Runs `action`, translating engine errors for `site`. */
export function withSite<T>(site: ErrorSite, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw translateError(error, site);
  }
}

/** True for argument errors, which the callback and promise forms raise just as the sync form does. */
export function isArgumentError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof RangeError;
}
