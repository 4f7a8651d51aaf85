/**
 * Calls dmemfs cannot honour: links, permissions, owners and watching. Each fails loudly with
 * `ENOSYS` naming the call, in all three forms, instead of pretending to succeed.
 *
 * @module
 */

import { takeCallback } from './arguments.js';
import { type NodeSystemError, systemError } from './errors.js';
import { pathString } from './paths.js';

/** Why each unsupported call is unsupported. */
const REASONS: Readonly<Record<string, string>> = {
  chmod: 'dmemfs has no permissions',
  fchmod: 'dmemfs has no permissions',
  lchmod: 'dmemfs has no permissions',
  chown: 'dmemfs has no owners',
  fchown: 'dmemfs has no owners',
  lchown: 'dmemfs has no owners',
  link: 'dmemfs has no hard links',
  symlink: 'dmemfs has no symbolic links',
  watch: 'dmemfs cannot be watched',
  watchFile: 'dmemfs cannot be watched',
  unwatchFile: 'dmemfs cannot be watched',
  openAsBlob: 'dmemfs files cannot back a Blob',
};

/** The calls that exist in the callback and sync forms. */
export const UNSUPPORTED_CALLS = [
  'chmod',
  'fchmod',
  'lchmod',
  'chown',
  'fchown',
  'lchown',
  'link',
  'symlink',
] as const;

/** The calls `fs.promises` has among them. */
export const UNSUPPORTED_PROMISE_CALLS = ['chmod', 'lchmod', 'chown', 'lchown', 'link', 'symlink'] as const;

/** The calls that exist in one form only, and fail at once. */
export const UNSUPPORTED_IMMEDIATE_CALLS = ['watch', 'watchFile', 'unwatchFile'] as const;

/** The `ENOSYS` error for `call`, with the path when the first argument is one. */
export function unsupportedError(call: string, pathArgument?: unknown): NodeSystemError {
  let path: string | undefined;
  try {
    path =
      pathArgument === undefined || typeof pathArgument === 'number' ? undefined : pathString(pathArgument);
  } catch {
    path = undefined;
  }
  return systemError('ENOSYS', call, {
    path,
    note: `not supported by dmemfs's node:fs view: ${REASONS[call]}`,
  });
}

/** `callSync(...)`: throws. */
export function unsupportedSync(call: string): (...args: unknown[]) => never {
  return (...args) => {
    throw unsupportedError(call, args[0]);
  };
}

/** `call(..., cb)`: calls back with the error on a later tick. */
export function unsupportedCallback(call: string): (...args: unknown[]) => void {
  return (...args) => {
    const callback = takeCallback(args);
    process.nextTick(callback, unsupportedError(call, args[0]));
  };
}

/** `promises.call(...)`: rejects. */
export function unsupportedPromise(call: string): (...args: unknown[]) => Promise<never> {
  return async (...args) => {
    throw unsupportedError(call, args[0]);
  };
}
