/**
 * `MFSSnapshot`: an immutable, copy-on-write image of a directory tree, and its byte form.
 *
 * @module
 */

import { encodingArgument } from '../fs/arguments.js';
import {
  FileNotFoundError,
  type ImageEntry,
  IsADirectoryError,
  type MFSStatResult,
  NotADirectoryError,
  normalizePath,
  parentPath,
  type TreeImage,
} from '../fs/index.js';
import { decodeImage, encodeImage } from './snapshot-codec.js';

let imageReader: (snapshot: MFSSnapshot) => TreeImage;
let snapshotFactory: (image: TreeImage) => MFSSnapshot;

/**
 * An immutable image of a directory tree, taken with `mfs.snapshot(prefix?)`.
 *
 * It holds the root, the directories leading to `prefix`, and every directory (empty ones
 * included) and file at or under `prefix`, with their timestamps and generations, in listing order.
 * Taking one copies no bytes: the snapshot shares the file contents with the filesystem, and
 * whichever side writes to a file later copies just the chunk it changes. Build filesystems from it
 * with `MemoryFileSystem.fromSnapshot(snap)` or `mfs.restore(snap)`; carry it to another thread or
 * process with {@link MFSSnapshot.toBytes} and {@link MFSSnapshot.fromBytes}.
 *
 * The bytes a snapshot holds are outside every quota: they belong to the snapshot until it is
 * garbage-collected. A filesystem built from it is charged the full size of its files.
 *
 * @example
 * ```ts
 * const snap = mfs.snapshot('/fixtures');
 * const fork = MemoryFileSystem.fromSnapshot(snap); // milliseconds, even for thousands of files
 * fork.writeFile('/fixtures/a.json', '{}');          // the snapshot and mfs are unchanged
 * ```
 */
export class MFSSnapshot {
  readonly #image: TreeImage;

  private constructor(image: TreeImage) {
    this.#image = image;
    Object.freeze(this);
  }

  static {
    imageReader = (snapshot) => snapshot.#image;
    snapshotFactory = (image) => new MFSSnapshot(image);
  }

  /**
   * Decodes bytes from {@link MFSSnapshot.toBytes} (possibly from another thread or process).
   * Corrupt, truncated or otherwise invalid input throws `InvalidArgumentError`, never a partial
   * snapshot. Accepts a `Uint8Array` (a `Buffer` too) or an `ArrayBuffer`; the bytes are copied.
   */
  static fromBytes(bytes: Uint8Array | ArrayBuffer): MFSSnapshot {
    if (bytes instanceof ArrayBuffer) return new MFSSnapshot(decodeImage(new Uint8Array(bytes)));
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError('MFSSnapshot.fromBytes needs a Uint8Array or an ArrayBuffer.');
    }
    return new MFSSnapshot(decodeImage(bytes));
  }

  /** The path the snapshot was taken at (`'/'` for the whole tree). */
  get prefix(): string {
    return this.#image.prefix;
  }

  /** Files in the snapshot. */
  get fileCount(): number {
    return this.#image.fileCount;
  }

  /**
   * Directories in the snapshot, the root and the directories leading to `prefix` included: the
   * `dirCount` that `stats()` reports for a filesystem built from it.
   */
  get dirCount(): number {
    return this.#image.directoryCount;
  }

  /** Bytes of file data in the snapshot. */
  get size(): number {
    return this.#image.size;
  }

  /**
   * Every directory and file in the snapshot except the root: parents before children, siblings
   * in listing order.
   */
  paths(): string[] {
    return this.#image.entries.slice(1).map((entry) => entry.path);
  }

  /** True if the snapshot holds something at `path`. */
  has(path: string): boolean {
    return this.#image.get(normalizePath(path)) !== undefined;
  }

  /** What `stat(path)` reports for the entry, as it was when the snapshot was taken. */
  stat(path: string): MFSStatResult {
    const entry = this.#entry(path);
    if (entry.kind === 'directory') {
      return {
        size: 0,
        createdAt: entry.createdAt,
        modifiedAt: entry.modifiedAt,
        generation: 0,
        isDir: true,
      };
    }
    return {
      size: entry.size,
      createdAt: entry.createdAt,
      modifiedAt: entry.modifiedAt,
      generation: entry.generation,
      isDir: false,
    };
  }

  /** A file's content as a new Buffer, or decoded as a string when `encoding` is given. */
  readFile(path: string): Buffer;
  readFile(path: string, encoding: BufferEncoding): string;
  readFile(path: string, encoding?: BufferEncoding): Buffer | string {
    const entry = this.#entry(path);
    if (entry.kind === 'directory') {
      throw new IsADirectoryError(`Is a directory: '${entry.path}'`, { path: entry.path });
    }
    const decode = encoding === undefined ? undefined : encodingArgument(encoding);
    const bytes = Buffer.concat(entry.chunks, entry.size);
    return decode === undefined ? bytes : bytes.toString(decode);
  }

  /**
   * The snapshot as bytes: a versioned binary format with a checksum. Equal trees give equal bytes.
   * The result is a fresh `Uint8Array` over its own `ArrayBuffer`, so it can be transferred to a
   * worker (`postMessage(bytes, [bytes.buffer])`) or cloned with `structuredClone`.
   */
  toBytes(): Uint8Array<ArrayBuffer> {
    return encodeImage(this.#image);
  }

  #entry(rawPath: string): ImageEntry {
    const path = normalizePath(rawPath);
    const entry = this.#image.get(path);
    if (entry !== undefined) return entry;
    for (let ancestor = parentPath(path); ancestor !== '/'; ancestor = parentPath(ancestor)) {
      if (this.#image.get(ancestor)?.kind === 'file') {
        throw new NotADirectoryError(`Not a directory: '${ancestor}' (in '${path}')`, { path });
      }
    }
    throw new FileNotFoundError(`No such file or directory in the snapshot: '${path}'`, { path });
  }
}

/** The image behind a snapshot. Internal to `src/snapshot`. */
export function imageOf(snapshot: MFSSnapshot): TreeImage {
  if (!(snapshot instanceof MFSSnapshot)) {
    throw new TypeError(
      'Expected an MFSSnapshot (to move one between threads, send snap.toBytes() and use MFSSnapshot.fromBytes).',
    );
  }
  return imageReader(snapshot);
}

/** A snapshot over an image. Internal to `src/snapshot`. */
export function snapshotOf(image: TreeImage): MFSSnapshot {
  return snapshotFactory(image);
}
