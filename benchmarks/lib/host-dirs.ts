/**
 * Where the `node:fs` contenders keep their files.
 *
 * @module
 */

import * as fs from 'node:fs';

/** Linux's shared-memory tmpfs: real `node:fs` syscalls with no disk underneath. */
export const SHARED_MEMORY_DIR = '/dev/shm';

/** Why {@link SHARED_MEMORY_DIR} cannot be used here, or `null` when it can. */
export function sharedMemoryUnavailableReason(): string | null {
  try {
    fs.accessSync(SHARED_MEMORY_DIR, fs.constants.W_OK);
    return fs.statSync(SHARED_MEMORY_DIR).isDirectory() ? null : `${SHARED_MEMORY_DIR} is not a directory`;
  } catch {
    return `${SHARED_MEMORY_DIR} does not exist or is not writable on this system`;
  }
}
