/**
 * The bytes of one file and the one place where writing them meets the quota.
 *
 * Every write reads as a straight line: the store computes what it needs, the memory guard looks,
 * the ledger reserves (throwing before anything is allocated), the store allocates and mutates, and
 * the charge stays. If the allocation fails, the reservation is rolled back and nothing has changed.
 *
 * @module
 */

import { MFSMemoryError, UnsupportedOperationError } from '../errors.js';
import { formatCount } from '../message-format.js';
import type { QuotaLedger } from '../quota.js';
import { ChunkList, copyBytes } from './chunk-list.js';
import { RandomAccessStore, SequentialStore, type StorageKind } from './stores.js';

/** How new files are stored. */
export type DefaultStorage = 'auto' | 'sequential' | 'random_access';

/** The filesystem-wide storage settings. */
export interface StoragePolicy {
  readonly defaultStorage: DefaultStorage;
  /** Quota bytes charged per sequential chunk. */
  readonly chunkOverhead: number;
  /** No sequential→random-access promotion above this size. */
  readonly promotionLimit: number;
}

/** Looks at an allocation before it happens (the memory guard). */
export interface AllocationGuard {
  checkBeforeWrite(bytes: number): void;
}

/** What file content needs from its filesystem. */
export interface StorageServices {
  readonly ledger: QuotaLedger;
  readonly guard: AllocationGuard;
  readonly policy: StoragePolicy;
}

const ADVICE = "Consider reducing maxQuota or using memoryGuard: 'init'.";

/**
 * Turns the runtime's allocation failure (`RangeError`) into `MFSMemoryError`; anything else is
 * returned as it is.
 */
export function asMemoryError(error: unknown, message: string, path: string | undefined): unknown {
  if (!(error instanceof RangeError)) return error;
  return new MFSMemoryError(message, path === undefined ? { cause: error } : { cause: error, path });
}

/** A list holding a private copy of `bytes` as one chunk (none when empty). Can throw `RangeError`. */
function listOfCopy(bytes: Uint8Array): ChunkList {
  return bytes.byteLength === 0 ? ChunkList.empty() : ChunkList.of([copyBytes(bytes)]);
}

export class FileContent {
  readonly services: StorageServices;
  #store: SequentialStore | RandomAccessStore;

  private constructor(services: StorageServices, store: SequentialStore | RandomAccessStore) {
    this.services = services;
    this.#store = store;
  }

  /** Empty content in the policy's default store. */
  static empty(services: StorageServices): FileContent {
    return new FileContent(services, FileContent.#newStore(services.policy, ChunkList.empty()));
  }

  /**
   * Content holding a private copy of `bytes` as one chunk. The caller has already charged
   * {@link FileContent.loadedUsage} for it (bulk operations check their whole plan first).
   */
  static loaded(services: StorageServices, bytes: Uint8Array): FileContent {
    return new FileContent(services, FileContent.#newStore(services.policy, listOfCopy(bytes)));
  }

  /**
   * Content over frozen chunks (a snapshot fork): nothing is copied until written. The chunks must
   * already be marked shared (`freeze` and `markShared` do that); marking them once per image instead
   * of once per fork keeps forking cheap. Charged like {@link loaded}, with one overhead per chunk.
   */
  static fromFrozen(services: StorageServices, chunks: readonly Uint8Array[]): FileContent {
    return new FileContent(services, FileContent.#newStore(services.policy, ChunkList.of(chunks)));
  }

  /** Quota a {@link loaded} copy of `length` bytes costs under `policy`. */
  static loadedUsage(policy: StoragePolicy, length: number, chunks = 1): number {
    if (length === 0) return 0;
    return policy.defaultStorage === 'random_access' ? length : length + chunks * policy.chunkOverhead;
  }

  /** Empty content in the same kind of store as this one (what `wb` truncation leaves). */
  emptied(): FileContent {
    const store = this.#store;
    return new FileContent(
      this.services,
      store.kind === 'random_access' ? new RandomAccessStore() : new SequentialStore(store.overhead),
    );
  }

  /** A private one-chunk copy of `source`, in the default store. Charged like {@link loaded}. */
  static copyOf(services: StorageServices, source: FileContent): FileContent {
    const size = source.size;
    if (size === 0) return FileContent.empty(services);
    const chunk = new Uint8Array(size);
    source.#store.readInto(0, size, chunk, 0);
    return new FileContent(services, FileContent.#newStore(services.policy, ChunkList.of([chunk])));
  }

  static #newStore(policy: StoragePolicy, list: ChunkList): SequentialStore | RandomAccessStore {
    return policy.defaultStorage === 'random_access'
      ? new RandomAccessStore(list)
      : new SequentialStore(policy.chunkOverhead, list);
  }

  get size(): number {
    return this.#store.size;
  }

  /** Bytes this content has charged to the quota. */
  get usage(): number {
    return this.#store.usage;
  }

  get storageKind(): StorageKind {
    return this.#store.kind;
  }

  /** Chunks of a sequential store (random-access stores report 0, as `stats().chunkCount` counts). */
  get sequentialChunkCount(): number {
    return this.#store.kind === 'sequential' ? this.#store.chunkCount : 0;
  }

  /** A new Buffer with up to `length` bytes from `offset` (empty at or past the end). */
  read(offset: number, length: number): Buffer {
    const available = Math.min(length, this.#store.size - offset);
    if (available <= 0) return Buffer.alloc(0);
    const out = Buffer.allocUnsafe(available);
    this.#store.readInto(offset, available, out, 0);
    return out;
  }

  /** Copies up to `target.byteLength` bytes from `offset` into `target`; returns the count. */
  readInto(offset: number, target: Uint8Array): number {
    return this.#store.readInto(offset, target.byteLength, target, 0);
  }

  /** The content as immutable shared chunks, for a snapshot. */
  freeze(): readonly Uint8Array[] {
    return this.#store.freeze();
  }

  /**
   * Writes `source` at `offset` (past the end zero-fills the gap). All or nothing: on any error the
   * content and the quota are unchanged.
   */
  write(offset: number, source: Uint8Array, path?: string): void {
    const length = source.byteLength;
    if (length === 0) return;
    const store = this.#store;
    if (store.kind === 'random_access') {
      const cost = store.writeCost(offset, length);
      this.#charge(cost, path);
      try {
        store.write(offset, source);
      } catch (error) {
        this.services.ledger.rollback(cost);
        throw asMemoryError(
          error,
          `OS memory allocation failed while writing ${formatCount(length)} bytes. ` +
            `MFS quota had ${formatCount(this.services.ledger.free)} bytes remaining. ${ADVICE}`,
          path,
        );
      }
      return;
    }
    if (offset !== store.size) {
      this.#promoteAndWrite(store, offset, source, path);
      return;
    }
    const cost = store.appendCost(length);
    this.#charge(cost, path);
    try {
      store.append(source);
    } catch (error) {
      this.services.ledger.rollback(cost);
      throw asMemoryError(
        error,
        `OS memory allocation failed while writing ${formatCount(length)} bytes. ` +
          `MFS quota had ${formatCount(this.services.ledger.free)} bytes remaining. ` +
          `The maxQuota may exceed available system RAM. ${ADVICE}`,
        path,
      );
    }
  }

  /**
   * A write anywhere but the end of a sequential store: the file turns random-access. The growth is
   * reserved before anything happens; the per-chunk overhead is released only after the write
   * succeeded, so a failed write leaves store and quota exactly as they were.
   */
  #promoteAndWrite(store: SequentialStore, offset: number, source: Uint8Array, path?: string): void {
    const { policy, ledger } = this.services;
    if (policy.defaultStorage === 'sequential') {
      throw new UnsupportedOperationError(
        'ENOTSUP',
        "Random-access write on a sequential-only file: promotion is disabled (defaultStorage: 'sequential').",
        path === undefined ? undefined : { path },
      );
    }
    if (store.size > policy.promotionLimit) {
      throw new UnsupportedOperationError(
        'ENOTSUP',
        `Cannot promote a sequential file: size ${store.size} exceeds promotionHardLimit ${policy.promotionLimit}.`,
        path === undefined ? undefined : { path },
      );
    }
    const growth = Math.max(0, offset + source.byteLength - store.size);
    this.#charge(growth, path);
    let promoted: RandomAccessStore;
    try {
      promoted = store.promote();
      promoted.write(offset, source);
    } catch (error) {
      ledger.rollback(growth);
      throw asMemoryError(
        error,
        `OS memory allocation failed during storage promotion (file size: ${formatCount(store.size)} bytes). ${ADVICE}`,
        path,
      );
    }
    this.#store = promoted;
    ledger.release(store.chunkCount * store.overhead);
  }

  /** Sets the size: growing zero-fills, shrinking drops the tail. All or nothing. */
  truncate(size: number, path?: string): void {
    const store = this.#store;
    if (size === store.size) return;
    const delta = store.truncateDelta(size);
    this.#charge(delta, path);
    try {
      store.truncate(size);
    } catch (error) {
      this.services.ledger.rollback(delta);
      throw asMemoryError(
        error,
        `OS memory allocation failed while ${size > store.size ? 'extending' : 'shrinking'} file to ${formatCount(size)} bytes. ${ADVICE}`,
        path,
      );
    }
    if (delta < 0) this.services.ledger.release(-delta);
  }

  /**
   * Replaces the whole content with a private copy of `bytes`, in the store kind this file already
   * uses. The net quota change is checked first; on failure nothing changes.
   */
  replace(bytes: Uint8Array, path?: string): void {
    const { ledger, policy } = this.services;
    const old = this.#store;
    const nextUsage =
      bytes.byteLength === 0
        ? 0
        : old.kind === 'random_access'
          ? bytes.byteLength
          : bytes.byteLength + policy.chunkOverhead;
    const delta = nextUsage - old.usage;
    this.#charge(delta, path);
    let next: SequentialStore | RandomAccessStore;
    try {
      const chunks = listOfCopy(bytes);
      next =
        old.kind === 'random_access'
          ? new RandomAccessStore(chunks)
          : new SequentialStore(old.overhead, chunks);
    } catch (error) {
      ledger.rollback(delta);
      throw asMemoryError(
        error,
        `OS memory allocation failed while writing ${formatCount(bytes.byteLength)} bytes. ${ADVICE}`,
        path,
      );
    }
    this.#store = next;
    if (delta < 0) ledger.release(-delta);
  }

  /** Guard check, then reservation: the two steps before any allocation. */
  #charge(bytes: number, path: string | undefined): void {
    if (bytes <= 0) return;
    this.services.guard.checkBeforeWrite(bytes);
    this.services.ledger.reserve(bytes, path);
  }
}
