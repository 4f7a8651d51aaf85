/**
 * Noticing objects that are garbage-collected while they still hold something (a handle dropped
 * while open), without paying for a `FinalizationRegistry` registration on every open.
 *
 * A registration costs V8 a weak cell, an entry in the registry's token map and work in every full
 * collection: about 2,500 machine instructions, more than the whole open, write and close of a small
 * file. Yet most handles are closed in the synchronous job that opened them. So a watch first keeps a
 * new target in a plain list, where it cannot be collected, and registers it only at the end of the
 * job, and only if it still holds something by then. A target released in its own job never reaches
 * the registry. When many targets are watched in one long job, the list is registered early once it
 * reaches {@link PENDING_LIMIT} entries, so it never grows without bound.
 *
 * @module
 */

/** Targets kept in the list at most; beyond this they are registered at once. */
export const PENDING_LIMIT = 256;

export class LeakWatch<T extends object, R> {
  readonly #registry: FinalizationRegistry<R>;
  readonly #recordOf: (target: T) => R | undefined;
  /** Targets watched since the last registration, oldest first. */
  readonly #pending: T[] = [];
  #flushQueued = false;
  readonly #flush = (): void => {
    this.#flushQueued = false;
    this.#registerPending();
  };

  /**
   * @param recordOf what a target holds, to hand to `onLeak` if it is collected: `undefined` once it
   *   holds nothing. The record must not reference the target, or the target could never be collected.
   * @param onLeak called (from a later task) with the record of a target collected while holding.
   */
  constructor(recordOf: (target: T) => R | undefined, onLeak: (record: R) => void) {
    this.#recordOf = recordOf;
    this.#registry = new FinalizationRegistry(onLeak);
  }

  /** Targets waiting for the end of the job. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Starts watching `target`, which holds something now. */
  watch(target: T): void {
    const pending = this.#pending;
    pending.push(target);
    if (pending.length >= PENDING_LIMIT) this.#registerPending();
    else if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(this.#flush);
    }
  }

  /** Stops watching `target`, which has just released what it held. */
  unwatch(target: T): void {
    const pending = this.#pending;
    // Released in the job that watched it, as the last one: the usual open-use-close sequence.
    if (pending.length > 0 && pending[pending.length - 1] === target) {
      pending.pop();
      return;
    }
    // Either registered already, or still pending behind another target; in the second case this
    // is a no-op and the registration skips it, since it no longer holds anything.
    this.#registry.unregister(target);
  }

  #registerPending(): void {
    const pending = this.#pending;
    for (const target of pending) {
      const record = this.#recordOf(target);
      if (record !== undefined) this.#registry.register(target, record, target);
    }
    pending.length = 0;
  }
}
