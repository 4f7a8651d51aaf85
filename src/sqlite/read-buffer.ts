/**
 * One reusable, weakly held buffer for reading a master's image just before SQLite copies it.
 *
 * Cloning copies the image twice: out of the cache's filesystem, then into SQLite's own memory. A new
 * Buffer per clone would leave megabytes of garbage each time, and V8 answers that external memory
 * pressure with a collection every few clones (several times the cost of the clone itself). Reusing
 * one buffer avoids both. It is held through a `WeakRef`, so the garbage collector may still reclaim
 * it whenever nothing is cloning: the cache never keeps a second copy of a master alive.
 *
 * @module
 */

let shared: WeakRef<Buffer> | undefined;

/**
 * A Buffer of `size` bytes for use within one synchronous call: the next call may hand out the same
 * memory, so nothing may keep it (or a view of it) afterwards.
 */
export function readBuffer(size: number): Buffer {
  let buffer = shared?.deref();
  if (buffer === undefined || buffer.byteLength < size) {
    buffer = Buffer.allocUnsafeSlow(size);
    shared = new WeakRef(buffer);
  }
  return buffer.subarray(0, size);
}
