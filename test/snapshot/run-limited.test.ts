/** `runLimited`: bounded concurrency, and what happens on the first failure. */
import { describe, expect, test } from 'vitest';
import { runLimited } from '../../src/snapshot/run-limited.js';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('runLimited', () => {
  test('never runs more than the limit at once, and runs every item', async () => {
    const gates = Array.from({ length: 7 }, deferred);
    const started: number[] = [];
    const done = runLimited([0, 1, 2, 3, 4, 5, 6], 3, async (i) => {
      started.push(i);
      await gates[i].promise;
    });
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[1].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const gate of gates) gate.resolve();
    await done;
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  test('after a failure it starts nothing new, waits for the running tasks, and rejects', async () => {
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let finished = 0;
    const done = runLimited([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await gates[i].promise;
      finished++;
    });
    const outcome = done.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await settle();
    gates[0].reject(new Error('boom'));
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1].resolve();
    expect(await outcome).toBe('boom');
    expect(started).toEqual([0, 1]);
    expect(finished).toBe(1);
  });

  test('an empty list resolves at once', async () => {
    await expect(runLimited([], 4, async () => {})).resolves.toBeUndefined();
  });
});
