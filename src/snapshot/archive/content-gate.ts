/**
 * The contract of `ArchiveEntry.content()`: it can be taken once, and only while its entry is the
 * current one. Readers share this so that every format behaves the same, even where the format
 * itself (zip, with random access) could be more lenient: callers then cannot come to rely on it.
 *
 * @module
 */

import { UnsupportedOperationError } from '../../fs/errors.js';

/** Tracks whether an entry's content was taken and whether the entry is still current. */
export class ContentGate {
  readonly #name: string;
  #taken = false;
  #expired = false;

  /** `name` is the entry name as stored, for messages. */
  constructor(name: string) {
    this.#name = name;
  }

  /** Marks the content as taken; throws `UnsupportedOperationError` (`EBADF`) if it cannot be. */
  take(): void {
    this.check();
    if (this.#taken) {
      throw new UnsupportedOperationError(
        'EBADF',
        `The content of archive entry ${JSON.stringify(this.#name)} was already read; content() may be called once.`,
      );
    }
    this.#taken = true;
  }

  /** Throws `UnsupportedOperationError` (`EBADF`) once the reader has moved past this entry. */
  check(): void {
    if (this.#expired) {
      throw new UnsupportedOperationError(
        'EBADF',
        `The content of archive entry ${JSON.stringify(this.#name)} can no longer be read: ` +
          'the archive reader has moved on to the next entry.',
      );
    }
  }

  /** Called by the reader when it moves on. */
  expire(): void {
    this.#expired = true;
  }
}
