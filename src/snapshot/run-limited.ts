/**
 * Running async work over a list with a bounded number of tasks in flight: enough to keep the host
 * filesystem busy without opening thousands of files at once.
 *
 * @module
 */

/**
 * Calls `task` for every item, at most `limit` at a time. Resolves when all have finished; on the
 * first failure it starts no new tasks, waits for those already running, and rejects with that error.
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
