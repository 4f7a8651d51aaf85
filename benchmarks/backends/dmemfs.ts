/**
 * The dmemfs backend: one `MemoryFileSystem` per run, its handles mapped one to one.
 *
 * @module
 */

import { MemoryFileSystem } from '../../src/index.js';
import type { CreateBenchFs } from './types.js';

export const createDmemfsFs: CreateBenchFs = ({ quotaBytes }) => {
  const mfs = new MemoryFileSystem({ maxQuota: quotaBytes });
  return {
    mkdir: (path) => {
      mfs.mkdir(path, { existOk: true });
    },
    open: (path, mode) => {
      const handle = mfs.open(path, mode);
      return {
        write: (data) => {
          handle.write(data);
        },
        seek: (offset) => {
          handle.seek(offset);
        },
        read: (size) => handle.read(size),
        readAll: () => handle.read(),
        close: () => handle.close(),
      };
    },
    // Dropping the filesystem is all it takes: its memory goes with the next garbage collection.
    dispose: () => undefined,
  };
};
