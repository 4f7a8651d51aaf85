/**
 * memfs: the `Volume` class of the `memfs` package, driven through its synchronous descriptor API.
 *
 * @module
 */

import { Volume } from 'memfs';
import { FdFs } from './fd-fs.js';
import type { CreateBenchFs } from './types.js';

/** Creates a fresh, empty `Volume`. */
export const createMemfsFs: CreateBenchFs = () => {
  const volume = new Volume();
  // Nothing outside the volume refers to it, so dropping it is the whole cleanup.
  return new FdFs(volume, '', () => undefined);
};
