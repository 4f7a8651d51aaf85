/**
 * `deep_tree_read`: a deep directory chain built one level per call, then repeated whole-file reads of
 * the one file at the bottom: the cost of resolving a long path on every open.
 *
 * @module
 */

import { formatBytes, GiB } from '../lib/units.js';
import { expectTotal, type Workload } from './types.js';

/**
 * Mirrors `bench_mfs_deep_tree`: `mkdir` of `/d0`, `/d0/d1`, ... (each call re-resolves the growing
 * path, existing directories allowed), a file of `d` at `/d0/.../dN/file.bin`, quota 1 GiB, then
 * open/read/close of that file `deepReadCount` times.
 */
export const deepTreeRead: Workload = {
  name: 'deep_tree_read',
  describe: (sizes) =>
    `${sizes.deepLevels} nested mkdir calls, then one ${formatBytes(sizes.deepFileBytes)} file at the ` +
    `bottom opened and read whole ${sizes.deepReadCount} times`,
  run(createFs, { deepLevels, deepReadCount, deepFileBytes }) {
    const fs = createFs({ quotaBytes: GiB });
    try {
      const payload = Buffer.alloc(deepFileBytes, 'd');
      let directory = '';
      for (let level = 0; level < deepLevels; level++) {
        directory += `/d${level}`;
        fs.mkdir(directory);
      }
      const deepFile = `${directory}/file.bin`;
      const writer = fs.open(deepFile, 'wb');
      writer.write(payload);
      writer.close();
      let total = 0;
      for (let i = 0; i < deepReadCount; i++) {
        const file = fs.open(deepFile, 'rb');
        total += file.readAll().byteLength;
        file.close();
      }
      expectTotal('deep_tree_read', 'bytes read', total, deepReadCount * deepFileBytes);
    } finally {
      fs.dispose();
    }
  },
};
