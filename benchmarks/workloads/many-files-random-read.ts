/**
 * `many_files_random_read`: many small files in one directory, then whole-file reads of randomly
 * chosen ones.
 *
 * @module
 */

import { PythonRandom } from '../lib/python-random.js';
import { formatBytes, GiB } from '../lib/units.js';
import { expectTotal, type Workload } from './types.js';

/**
 * Mirrors `bench_mfs_many_files_random`: payload of `m`, paths `/fNNNNNN.bin` in the root, quota
 * 2 GiB; after writing, `count // 2` indices are drawn up front with CPython's
 * `Random(42).randint(0, count - 1)`, then each chosen file is opened and read whole.
 */
export const manyFilesRandomRead: Workload = {
  name: 'many_files_random_read',
  describe: (sizes) =>
    `${sizes.manyFileCount} files of ${formatBytes(sizes.smallFileBytes)} in /, then ` +
    `${Math.floor(sizes.manyFileCount / 2)} whole-file reads of files picked by Random(42)`,
  run(createFs, { manyFileCount, smallFileBytes }) {
    const fs = createFs({ quotaBytes: 2 * GiB });
    try {
      const payload = Buffer.alloc(smallFileBytes, 'm');
      for (let i = 0; i < manyFileCount; i++) {
        const file = fs.open(`/f${String(i).padStart(6, '0')}.bin`, 'wb');
        file.write(payload);
        file.close();
      }
      const random = new PythonRandom(42);
      const readCount = Math.floor(manyFileCount / 2);
      const indices = Array.from({ length: readCount }, () => random.randint(0, manyFileCount - 1));
      let total = 0;
      for (const index of indices) {
        const file = fs.open(`/f${String(index).padStart(6, '0')}.bin`, 'rb');
        total += file.readAll().byteLength;
        file.close();
      }
      expectTotal('many_files_random_read', 'bytes read', total, readCount * smallFileBytes);
    } finally {
      fs.dispose();
    }
  },
};
