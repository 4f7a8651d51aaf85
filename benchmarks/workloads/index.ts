/**
 * The six benchmark cases of the reference harness (`benchmarks/compare_backends.py` in D-MemFS), in
 * its order.
 *
 * @module
 */

import { deepTreeRead } from './deep-tree-read.js';
import { largeStreamWriteRead } from './large-stream-write-read.js';
import { manyFilesRandomRead } from './many-files-random-read.js';
import { randomAccessRw } from './random-access-rw.js';
import { smallFilesRw } from './small-files-rw.js';
import { streamWriteRead } from './stream-write-read.js';
import type { Workload } from './types.js';

/** All workloads, in report order. */
export const WORKLOADS: readonly Workload[] = [
  smallFilesRw,
  streamWriteRead,
  randomAccessRw,
  largeStreamWriteRead,
  manyFilesRandomRead,
  deepTreeRead,
];
