/**
 * `stream_write_read`: one file written sequentially in fixed chunks, then read back in one call.
 *
 * @module
 */

import { formatBytes, GiB } from '../lib/units.js';
import { expectTotal, type Workload } from './types.js';

/** Mirrors `bench_mfs_stream`: one reused chunk of `y`, file `/stream.bin`, quota 1 GiB. */
export const streamWriteRead: Workload = {
  name: 'stream_write_read',
  describe: (sizes) =>
    `one ${formatBytes(sizes.streamBytes)} file written in ${formatBytes(sizes.streamChunkBytes)} chunks, ` +
    'then read back in a single read',
  run(createFs, { streamBytes, streamChunkBytes }) {
    const fs = createFs({ quotaBytes: GiB });
    try {
      const chunk = Buffer.alloc(streamChunkBytes, 'y');
      const loops = Math.floor(streamBytes / streamChunkBytes);
      const writer = fs.open('/stream.bin', 'wb');
      for (let i = 0; i < loops; i++) writer.write(chunk);
      writer.close();
      const reader = fs.open('/stream.bin', 'rb');
      const data = reader.readAll();
      reader.close();
      expectTotal('stream_write_read', 'file read back', data.byteLength, loops * streamChunkBytes);
    } finally {
      fs.dispose();
    }
  },
};
