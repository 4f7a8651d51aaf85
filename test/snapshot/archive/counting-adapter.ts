/**
 * An adapter that wraps another and counts the content bytes the consumer pulls out of it: how the
 * bomb tests prove that an expansion stopped reading, rather than merely failed in the end.
 */

import type {
  ArchiveAdapter,
  ArchiveEntry,
  ArchiveSourceEntry,
} from '../../../src/snapshot/archive/index.js';

export class CountingAdapter implements ArchiveAdapter {
  readonly formats: readonly string[];
  readonly headSize: number | undefined;
  /** Content bytes handed to the consumer so far, over all entries. */
  produced = 0;
  readonly #inner: ArchiveAdapter;

  constructor(inner: ArchiveAdapter) {
    this.#inner = inner;
    this.formats = inner.formats;
    this.headSize = inner.headSize;
  }

  detect(head: Uint8Array): string | undefined {
    return this.#inner.detect(head);
  }

  async *read(source: AsyncIterable<Uint8Array>, format: string): AsyncGenerator<ArchiveEntry> {
    for await (const entry of this.#inner.read(source, format)) {
      const { name, type, nativeType, declaredSize, mtime, linkName } = entry;
      const count = async function* (this: CountingAdapter) {
        for await (const chunk of entry.content()) {
          this.produced += chunk.byteLength;
          yield chunk;
        }
      }.bind(this);
      yield { name, type, nativeType, declaredSize, mtime, linkName, content: count };
    }
  }

  write(
    entries: AsyncIterable<ArchiveSourceEntry> | Iterable<ArchiveSourceEntry>,
    destination: NodeJS.WritableStream,
    format: string,
  ): Promise<void> {
    return this.#inner.write(entries, destination, format);
  }
}
