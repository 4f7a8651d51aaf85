/**
 * Real files through `node:fs`, inside a fresh temporary directory.
 *
 * The directory is created when the filesystem is created and deleted recursively on dispose, both
 * inside the timed region, as the reference harness's `tempfile.TemporaryDirectory` does.
 *
 * @module
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FdFs } from './fd-fs.js';
import type { CreateBenchFs } from './types.js';

/** Returns a factory for filesystems living in new temporary directories below `parentDir`. */
export function nodeFsUnder(parentDir: string): CreateBenchFs {
  return () => {
    const root = fs.mkdtempSync(path.join(parentDir, 'dmemfs-bench-'));
    return new FdFs(fs, root, () => fs.rmSync(root, { recursive: true, force: true }));
  };
}
