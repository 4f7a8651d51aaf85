import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { LeakWatch, PENDING_LIMIT } from '../../src/fs/leak-watch.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Target {
  holding: string | null;
}

function makeWatch() {
  const leaked: string[] = [];
  const watch = new LeakWatch<Target, string>(
    (target) => target.holding ?? undefined,
    (record) => leaked.push(record),
  );
  return { watch, leaked };
}

const nextJob = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Collects garbage and waits for finalization callbacks until `leaked` has `count` entries. */
async function collect(leaked: string[], count: number): Promise<void> {
  for (let round = 0; round < 30 && leaked.length < count; round++) {
    gc();
    await nextJob();
  }
}

describe('LeakWatch', () => {
  test('reports a target collected while holding, with its record', async () => {
    const { watch, leaked } = makeWatch();
    (() => {
      watch.watch({ holding: 'lock of /a' });
    })();
    await collect(leaked, 1);
    expect(leaked).toEqual(['lock of /a']);
  });

  test('never reports a target released in the job that watched it', async () => {
    const { watch, leaked } = makeWatch();
    (() => {
      const target: Target = { holding: 'lock of /a' };
      watch.watch(target);
      target.holding = null;
      watch.unwatch(target);
      expect(watch.pendingCount).toBe(0);
    })();
    await collect(leaked, 1);
    expect(leaked).toEqual([]);
  });

  test('never reports a target released in a later job', async () => {
    const { watch, leaked } = makeWatch();
    const target: Target = { holding: 'lock of /a' };
    watch.watch(target);
    await nextJob();
    expect(watch.pendingCount).toBe(0); // registered at the end of its job
    target.holding = null;
    watch.unwatch(target);
    await collect(leaked, 1);
    expect(leaked).toEqual([]);
  });

  test('skips targets released out of order before the end of their job', async () => {
    const { watch, leaked } = makeWatch();
    (() => {
      const first: Target = { holding: 'first' };
      const second: Target = { holding: 'second' };
      watch.watch(first);
      watch.watch(second);
      first.holding = null;
      watch.unwatch(first); // not the last one watched: stays in the list, released
    })();
    await collect(leaked, 1);
    expect(leaked).toEqual(['second']);
  });

  test('a long job registers early, so the list stays bounded and leaks are still reported', async () => {
    const { watch, leaked } = makeWatch();
    let largest = 0;
    (() => {
      for (let i = 0; i < 3 * PENDING_LIMIT; i++) {
        watch.watch({ holding: i % 100 === 0 ? `leak ${i}` : null });
        largest = Math.max(largest, watch.pendingCount);
      }
    })();
    expect(largest).toBeLessThan(PENDING_LIMIT);
    const expected = Array.from(
      { length: Math.ceil((3 * PENDING_LIMIT) / 100) },
      (_, i) => `leak ${i * 100}`,
    );
    await collect(leaked, expected.length);
    expect(leaked.sort()).toEqual(expected.sort());
  });
});
