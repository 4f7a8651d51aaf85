/**
 * SQLite database images: the bytes of one database file, as `Database#serialize()` returns them and
 * `new Database(buffer)` opens them.
 *
 * Two facts of better-sqlite3 shape this module. `new Database(buffer)` needs a Node `Buffer` (it
 * copies it into SQLite's own memory). And an image whose header says WAL (file format versions
 * 2/2) does not open, because an in-memory database has no WAL file beside it. `serialize()` reads
 * every page through the pager, WAL frames included, so its image is complete; switching the two
 * header bytes to 1/1 (rollback journal) is then exactly what SQLite itself writes when a database
 * leaves WAL mode. It is done on the image, never by changing the caller's journal mode.
 *
 * @module
 */

import { InvalidArgumentError } from '../fs/index.js';
import { type Database, SqliteDatabase } from './driver.js';

/** The first 16 bytes of every SQLite 3 database file: `"SQLite format 3\0"`. */
export const SQLITE_HEADER: Uint8Array = new TextEncoder().encode('SQLite format 3\0');

/** The size of the database header that starts page 1. */
const HEADER_SIZE = 100;
/** Offsets of the file format write and read versions: 1 = rollback journal, 2 = WAL. */
const WRITE_VERSION = 18;
const READ_VERSION = 19;
const WAL_VERSION = 2;
const ROLLBACK_VERSION = 1;

/**
 * Checks that `bytes` is a whole SQLite 3 database image: empty (an empty database), or a valid
 * header followed by whole pages. Throws `InvalidArgumentError` naming `what` otherwise.
 */
export function checkImage(bytes: Uint8Array, what: string): void {
  if (bytes.byteLength === 0) return;
  if (bytes.byteLength < HEADER_SIZE || !SQLITE_HEADER.every((byte, index) => bytes[index] === byte)) {
    throw new InvalidArgumentError(
      `${what} is not a SQLite 3 database: it lacks the 'SQLite format 3' header.`,
    );
  }
  const pageSize = pageSizeOf(bytes);
  if (pageSize === undefined || bytes.byteLength % pageSize !== 0) {
    throw new InvalidArgumentError(
      `${what} is not a whole SQLite 3 database: ${bytes.byteLength} bytes is not a multiple of its page size.`,
    );
  }
}

/** The page size the header declares, or `undefined` when it is not a legal one. */
function pageSizeOf(bytes: Uint8Array): number | undefined {
  const raw = (bytes[16] << 8) | bytes[17];
  const size = raw === 1 ? 65_536 : raw;
  const isPowerOfTwo = (size & (size - 1)) === 0;
  return size >= 512 && size <= 65_536 && isPowerOfTwo ? size : undefined;
}

/** Whether the header marks a WAL-mode database. */
function isWalImage(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= HEADER_SIZE &&
    (bytes[WRITE_VERSION] === WAL_VERSION || bytes[READ_VERSION] === WAL_VERSION)
  );
}

/** Marks an image as a rollback-journal database, in place. */
function markRollbackJournal(bytes: Uint8Array): void {
  bytes[WRITE_VERSION] = ROLLBACK_VERSION;
  bytes[READ_VERSION] = ROLLBACK_VERSION;
}

/**
 * A `Buffer` over a checked image that `new Database(buffer)` can open. It shares memory with `bytes`
 * when no change is needed; a WAL image is copied before its header is changed, so `bytes` is never
 * modified.
 */
export function openableImage(bytes: Uint8Array): Buffer {
  if (isWalImage(bytes)) {
    const copy = Buffer.from(bytes);
    markRollbackJournal(copy);
    return copy;
  }
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Opens a checked image as a new, independent in-memory database. */
export function openImage(bytes: Uint8Array, readonly: boolean): Database {
  return new SqliteDatabase(openableImage(bytes), { readonly });
}

/**
 * The image of `db`'s main database, ready to open elsewhere.
 *
 * Refused (`InvalidArgumentError`) while `db` is closed or inside a transaction: an in-memory
 * database's image would then include uncommitted changes.
 */
export function serializeDatabase(db: Database, what: string): Buffer {
  if (!db.open) throw new InvalidArgumentError(`Cannot serialize ${what}: the database is closed.`);
  if (db.inTransaction) {
    throw new InvalidArgumentError(
      `Cannot serialize ${what} inside an open transaction: commit or roll back first.`,
    );
  }
  const image = db.serialize();
  // The buffer is ours (SQLite allocated it for this call), so its header may change in place.
  if (isWalImage(image)) markRollbackJournal(image);
  return image;
}
