/**
 * `large_stream_write_read`: one large file written in big chunks, then read back chunk by chunk.
 *
 * @module
 */

import { formatBytes } from '../lib/units.js';
import { expectTotal, type Workload } from './types.js';

/**
 * Mirrors `bench_mfs_large_stream`: one reused chunk of `L`, file `/large.bin`, quota three times the
 * file size, reads of one chunk size until a read comes back empty.
 */
export const largeStreamWriteRead: Workload = {
  name: 'large_stream_write_read',
  describe: (sizes) =>
    `one ${formatBytes(sizes.largeStreamBytes)} file written in ${formatBytes(sizes.largeChunkBytes)} ` +
    `chunks, then read back ${formatBytes(sizes.largeChunkBytes)} at a time until end of file`,
  run(createFs, { largeStreamBytes, largeChunkBytes }) {
    const fs = createFs({ quotaBytes: 3 * largeStreamBytes });
    try {
      const chunk = Buffer.alloc(largeChunkBytes, 'L');
      const loops = Math.floor(largeStreamBytes / largeChunkBytes);
      const writer = fs.open('/large.bin', 'wb');
      for (let i = 0; i < loops; i++) writer.write(chunk);
      writer.close();
      const reader = fs.open('/large.bin', 'rb');
      let total = 0;
      for (;;) {
        const data = reader.read(largeChunkBytes);
        if (data.byteLength === 0) break;
        total += data.byteLength;
      }
      reader.close();
      expectTotal('large_stream_write_read', 'bytes read', total, largeStreamBytes);
    } finally {
      fs.dispose();
    }
  },
};
