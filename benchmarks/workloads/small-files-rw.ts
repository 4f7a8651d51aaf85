/**
 * `small_files_rw`: many small files written once each, then each read back whole.
 *
 * @module
 */

import { formatBytes, GiB } from '../lib/units.js';
import { expectTotal, type Workload } from './types.js';

/** Mirrors `bench_mfs_small_files`: payload of `x`, paths `/bench/fNNNNN.bin`, quota 1 GiB. */
export const smallFilesRw: Workload = {
  name: 'small_files_rw',
  describe: (sizes) =>
    `${sizes.smallFileCount} files of ${formatBytes(sizes.smallFileBytes)} under /bench: ` +
    'write each once, then read each back whole',
  run(createFs, { smallFileCount, smallFileBytes }) {
    const fs = createFs({ quotaBytes: GiB });
    try {
      fs.mkdir('/bench');
      const payload = Buffer.alloc(smallFileBytes, 'x');
      for (let i = 0; i < smallFileCount; i++) {
        const file = fs.open(`/bench/f${String(i).padStart(5, '0')}.bin`, 'wb');
        file.write(payload);
        file.close();
      }
      let total = 0;
      for (let i = 0; i < smallFileCount; i++) {
        const file = fs.open(`/bench/f${String(i).padStart(5, '0')}.bin`, 'rb');
        total += file.readAll().byteLength;
        file.close();
      }
      expectTotal('small_files_rw', 'bytes read', total, smallFileCount * smallFileBytes);
    } finally {
      fs.dispose();
    }
  },
};
