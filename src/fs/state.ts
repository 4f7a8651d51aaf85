/**
 * The state one filesystem is made of: tree, quota ledger, memory guard, storage policy and clock.
 * The sync facade, the async view and the streams all work on the same instance.
 *
 * @module
 */

import { MemoryGuard } from './memory-guard.js';
import { systemAvailableMemory } from './memory-info.js';
import { type MemoryFileSystemOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { QuotaLedger } from './quota.js';
import type { StorageServices } from './storage/file-content.js';
import { Tree } from './tree.js';

export class FileSystemState {
  readonly options: ResolvedOptions;
  readonly tree: Tree;
  readonly storage: StorageServices;
  readonly ledger: QuotaLedger;
  readonly guard: MemoryGuard;
  readonly clock: () => number;
  constructor(options: MemoryFileSystemOptions | undefined) {
    const resolved = resolveOptions(options);
    this.options = resolved;
    this.clock = resolved.clock;
    const ledger = new QuotaLedger(resolved.maxQuota);
    this.ledger = ledger;
    const guard = new MemoryGuard({
      mode: resolved.memoryGuard,
      action: resolved.memoryGuardAction,
      intervalMs: resolved.memoryGuardInterval,
      source: resolved.availableMemory ?? systemAvailableMemory,
    });
    this.guard = guard;
    this.storage = {
      ledger,
      guard,
      policy: {
        defaultStorage: resolved.defaultStorage,
        chunkOverhead: resolved.chunkOverhead,
        promotionLimit: resolved.promotionHardLimit,
      },
    };
    this.tree = new Tree(resolved.maxNodes, this.clock());
    guard.checkInit(resolved.maxQuota);
  }
}
