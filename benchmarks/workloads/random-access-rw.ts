/**
 * `random_access_rw`: a file written sequentially, then overwritten chunk-wise at random offsets, then
 * read back whole.
 *
 * @module
 */

import { PythonRandom } from '../lib/python-random.js';
import { formatBytes, GiB } from '../lib/units.js';
import { expectTotal, type Workload } from './types.js';

/**
 * Mirrors `bench_mfs_random_access`: one reused chunk of `z`, file `/random.bin`, quota 1 GiB, offsets
 * from CPython's `Random(42).randint(0, size - chunk)` drawn one per overwrite. In dmemfs the first
 * overwrite promotes the file from its chunk list to a flat buffer.
 */
export const randomAccessRw: Workload = {
  name: 'random_access_rw',
  describe: (sizes) => {
    const loops = Math.floor(sizes.streamBytes / sizes.streamChunkBytes);
    const chunk = formatBytes(sizes.streamChunkBytes);
    return (
      `one ${formatBytes(sizes.streamBytes)} file written in ${chunk} chunks, then ${loops} ${chunk} ` +
      'overwrites at random offsets (Random(42)) in r+b, then read back whole'
    );
  },
  run(createFs, { streamBytes, streamChunkBytes }) {
    const fs = createFs({ quotaBytes: GiB });
    try {
      const chunk = Buffer.alloc(streamChunkBytes, 'z');
      const loops = Math.floor(streamBytes / streamChunkBytes);
      const writer = fs.open('/random.bin', 'wb');
      for (let i = 0; i < loops; i++) writer.write(chunk);
      writer.close();
      const random = new PythonRandom(42);
      const lastOffset = streamBytes - streamChunkBytes;
      const updater = fs.open('/random.bin', 'r+b');
      for (let i = 0; i < loops; i++) {
        updater.seek(random.randint(0, lastOffset));
        updater.write(chunk);
      }
      updater.close();
      const reader = fs.open('/random.bin', 'rb');
      const data = reader.readAll();
      reader.close();
      expectTotal('random_access_rw', 'file read back', data.byteLength, streamBytes);
    } finally {
      fs.dispose();
    }
  },
};
