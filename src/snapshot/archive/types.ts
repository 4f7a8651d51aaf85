/**
 * The shapes shared by every archive format: what an adapter yields when it reads an archive, what it
 * takes when it writes one, and the adapter contract itself.
 *
 * @module
 */

/** The formats the built-in adapters read and write. Custom adapters may add their own names. */
export type ArchiveFormat = 'zip' | 'tar' | 'tar.gz';

/**
 * What kind of member an entry is. Only `'file'` and `'directory'` map onto a dmemfs tree; the other
 * kinds are reported so that a caller can skip or refuse them knowingly.
 *
 * - `'symlink'`, `'hardlink'`: links (tar types `2` and `1`, zip entries with a unix symlink mode);
 * - `'device'`: character and block devices and FIFOs;
 * - `'other'`: anything else the format can express (sockets, GNU sparse/volume headers, unknown
 *   type flags).
 */
export type ArchiveEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'other';

/**
 * One member as read from an archive.
 *
 * An entry is only valid while it is the current one: its {@link ArchiveEntry.content} may be read
 * until the reader is asked for the next entry. Nothing in an entry has been checked for safety;
 * pass {@link ArchiveEntry.name} through `entryPathOf` before using it as a path.
 */
export interface ArchiveEntry {
  /** The member name as stored, decoded to a string. Not validated: it may be absolute, contain `..`, etc. */
  readonly name: string;
  /** What kind of member this is. */
  readonly type: ArchiveEntryType;
  /**
   * The format's own word for the member kind (`'file'`, `'fifo'`, `'character-device'`,
   * `'contiguous-file'`, `'unknown'`, ...), for messages about entries a caller refuses.
   */
  readonly nativeType: string;
  /**
   * The uncompressed size the archive claims. Never trust it: the readers count the bytes they
   * actually produce and fail when the two disagree, but only after producing them.
   */
  readonly declaredSize: number | undefined;
  /** Modification time in ms since the Unix epoch, when the archive records one. */
  readonly mtime: number | undefined;
  /** The link target of a tar symlink or hard link. Zip stores a symlink's target as its content instead. */
  readonly linkName: string | undefined;
  /**
   * The member's bytes, decompressed as they are read. May be called once, and only while this entry
   * is current. Breaking out of the iteration early is safe and stops decompression; the reader then
   * skips what is left when the next entry is requested.
   *
   * Corrupt or truncated data, and data whose length or checksum disagrees with the header, make the
   * iteration throw `InvalidArgumentError` (`EINVAL`).
   */
  content(): AsyncIterable<Uint8Array>;
}

/** One member to write into an archive. */
export interface ArchiveSourceEntry {
  /** Relative, `'/'`-separated path without a leading slash, e.g. `'docs/a.txt'`. */
  readonly path: string;
  /** Only files and directories can be written. */
  readonly type: 'file' | 'directory';
  /** File bytes; absent means an empty file. Not allowed on directories. */
  readonly data?: Uint8Array;
  /** Modification time in ms since the Unix epoch. */
  readonly mtime: number;
}

/**
 * A pluggable archive format. The built-in ones are `ZipAdapter` (zip) and `TarAdapter` (tar, tar.gz);
 * a custom adapter that implements this interface works everywhere they do.
 */
export interface ArchiveAdapter {
  /** The format names this adapter reads and writes, e.g. `['tar', 'tar.gz']`. */
  readonly formats: readonly string[];
  /**
   * How many leading bytes {@link ArchiveAdapter.detect} wants to see. Defaults to
   * `DETECT_HEAD_BYTES` (512).
   */
  readonly headSize?: number;
  /**
   * Returns the format these leading bytes announce, or `undefined` when they are not this adapter's.
   * `head` holds up to `headSize` bytes: fewer only when the whole archive is shorter.
   */
  detect(head: Uint8Array): string | undefined;
  /**
   * Reads the archive in `source` as `format`, yielding one entry at a time. The next entry is only
   * read once the consumer asks for it, and breaking out of the loop releases the source.
   * Corrupt input throws `InvalidArgumentError`; errors of `source` itself pass through unchanged.
   */
  read(source: AsyncIterable<Uint8Array>, format: string): AsyncIterable<ArchiveEntry>;
  /**
   * Writes `entries` as a `format` archive into `destination`, waiting for it to drain as needed, and
   * ends `destination` when done. Resolves once everything was written; on failure `destination` is
   * destroyed.
   */
  write(
    entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
    destination: NodeJS.WritableStream,
    format: string,
  ): Promise<void>;
}
