/**
 * Small helpers shared by the archive tests: reading whole archives into plain objects, scripting
 * what an adapter reads, writing archives into memory, building small archives, and chunking byte
 * sources.
 */

import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { InvalidArgumentError } from '../../../src/fs/errors.js';
import { MemoryFileSystem } from '../../../src/index.js';
import {
  type ArchiveAdapter,
  type ArchiveEntry,
  type ArchiveEntryType,
  type ArchiveSourceEntry,
  TarAdapter,
  ZipAdapter,
} from '../../../src/snapshot/archive/index.js';

/** An entry with its content read. */
export interface ReadEntry {
  name: string;
  type: ArchiveEntryType;
  nativeType: string;
  declaredSize: number | undefined;
  mtime: number | undefined;
  linkName: string | undefined;
  data: Buffer;
}

/** Reads every entry and its whole content. */
export async function readAll(entries: AsyncIterable<ArchiveEntry>): Promise<ReadEntry[]> {
  const result: ReadEntry[] = [];
  for await (const entry of entries) {
    const parts: Uint8Array[] = [];
    for await (const chunk of entry.content()) parts.push(chunk);
    const { name, type, nativeType, declaredSize, mtime, linkName } = entry;
    result.push({ name, type, nativeType, declaredSize, mtime, linkName, data: Buffer.concat(parts) });
  }
  return result;
}

/** Lists entries without reading any content. */
export async function listNames(entries: AsyncIterable<ArchiveEntry>): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of entries) names.push(entry.name);
  return names;
}

/** An adapter of the format `'scripted'` whose reader yields what `read` yields, whatever the source. */
export function scriptedAdapter(read: () => AsyncIterable<ArchiveEntry>): ArchiveAdapter {
  return {
    formats: ['scripted'],
    detect: () => 'scripted',
    read,
    write: () => Promise.reject(new Error('not used')),
  };
}

/** A file entry, for {@link scriptedAdapter}, whose bytes are what `content` yields; it declares no size. */
export function fileEntry(name: string, content: () => AsyncIterable<Uint8Array>): ArchiveEntry {
  return {
    name,
    type: 'file',
    nativeType: 'file',
    declaredSize: undefined,
    mtime: undefined,
    linkName: undefined,
    content,
  };
}

/** A writable that keeps everything written to it. */
export class MemorySink extends Writable {
  readonly chunks: Buffer[] = [];

  constructor(highWaterMark = 16 * 1024) {
    super({ highWaterMark });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Writes `entries` with `adapter` as `format` into memory. */
export async function writeToBuffer(
  adapter: ArchiveAdapter,
  entries: Iterable<ArchiveSourceEntry> | AsyncIterable<ArchiveSourceEntry>,
  format: string,
): Promise<Buffer> {
  const sink = new MemorySink();
  await adapter.write(entries, sink, format);
  return sink.bytes;
}

/** Yields `bytes` in pieces of `size` bytes, counting how many were handed out in `counter.pulled`. */
export async function* chunked(
  bytes: Uint8Array,
  size = 64 * 1024,
  counter: { pulled: number; released?: boolean } = { pulled: 0 },
): AsyncGenerator<Uint8Array> {
  try {
    for (let offset = 0; offset < bytes.length; offset += size) {
      const piece = bytes.subarray(offset, offset + size);
      counter.pulled += piece.length;
      yield piece;
    }
  } finally {
    counter.released = true;
  }
}

/** Hands out `first`, then never answers again, like a dead connection. */
export function stalledAfter<T>(first: T): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      let served = false;
      return {
        next: () => {
          if (served) return new Promise<IteratorResult<T>>(() => undefined);
          served = true;
          return Promise.resolve({ done: false, value: first });
        },
        return: async () => ({ done: true as const, value: undefined }),
      };
    },
  };
}

/** Asserts that `action` fails with dmemfs's `InvalidArgumentError` whose message contains every `parts`. */
export async function expectEinval(
  action: Promise<unknown>,
  ...parts: string[]
): Promise<InvalidArgumentError> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected the action to fail').toBeInstanceOf(InvalidArgumentError);
  const einval = error as InvalidArgumentError;
  expect(einval.code).toBe('EINVAL');
  for (const part of parts) expect(einval.message).toContain(part);
  return einval;
}

/** The built-in formats. */
export const FORMATS = ['zip', 'tar', 'tar.gz'] as const;

/** Builds a `format` archive of `entries` with the built-in adapter for it. */
export function archiveOf(
  format: (typeof FORMATS)[number],
  entries: Iterable<ArchiveSourceEntry> | AsyncIterable<ArchiveSourceEntry>,
): Promise<Buffer> {
  const adapter = format === 'zip' ? new ZipAdapter() : new TarAdapter();
  return writeToBuffer(adapter, entries, format);
}

/** The clock of filesystems made by {@link freshFs}. */
export const NOW = Date.UTC(2024, 0, 1);
/** A file member's default modification time. */
export const T1 = Date.UTC(2021, 4, 6, 7, 8, 9);
/** A directory member's default modification time. */
export const T2 = Date.UTC(2022, 9, 10, 11, 12, 13);

/** A filesystem whose clock stands at {@link NOW}. */
export function freshFs(options: ConstructorParameters<typeof MemoryFileSystem>[0] = {}): MemoryFileSystem {
  return new MemoryFileSystem({ clock: () => NOW, ...options });
}

/** A file member to write into an archive. */
export const file = (path: string, data: string | Uint8Array, mtime = T1): ArchiveSourceEntry => ({
  path,
  type: 'file',
  data: typeof data === 'string' ? Buffer.from(data) : data,
  mtime,
});

/** A directory member to write into an archive. */
export const dir = (path: string, mtime = T2): ArchiveSourceEntry => ({ path, type: 'directory', mtime });

/** Expects `action` to reject with an instance of `type` and `code`, and returns the error. */
export async function rejection<T extends Error>(
  action: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
  code: string,
): Promise<T> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as { code?: string }).code).toBe(code);
  return error as T;
}
