/**
 * Concurrency under the async API: D-MemFS's test_concurrency.py (7 cases) and its threaded stress
 * tests ST-01..ST-06, recast as hundreds of async tasks that interleave at every `await`, plus a
 * mixed workload. Every task yields while it holds a handle, at points a seeded generator picks, so a
 * run is reproducible and a missing lock would show up as torn data.
 *
 * What is checked: only the documented errors occur, data is never torn, no lock or waiter is left
 * behind, and `usedBytes` equals what the files hold at the end.
 */
import { finished } from 'node:stream/promises';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { stateOf } from '../../src/fs/filesystem.js';
import type { TreeNode } from '../../src/fs/tree.js';
import {
  type AsyncMemoryFileSystem,
  BlockingIOError,
  FileExistsError,
  FileNotFoundError,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
  MFSQuotaExceededError,
} from '../../src/index.js';
import { expectConsistentStats } from '../helpers.js';

const MiB = 1024 * 1024;

/** mulberry32: a tiny seeded generator, so every run interleaves the same way. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lets other tasks run: usually a microtask, sometimes a whole turn of the event loop. */
async function interleave(random: () => number): Promise<void> {
  const roll = random();
  if (roll < 0.3) return;
  if (roll < 0.85) await Promise.resolve();
  else await turn();
}

function filesystem(options: MemoryFileSystemOptions): { mfs: MemoryFileSystem; afs: AsyncMemoryFileSystem } {
  const mfs = new MemoryFileSystem(options);
  return { mfs, afs: mfs.promises };
}

/** Tallies errors by kind, and rethrows any that is not allowed. */
class ErrorTally {
  readonly counts = new Map<string, number>();
  constructor(private readonly allowed: ((error: unknown) => boolean)[]) {}

  record(error: unknown): void {
    if (!this.allowed.some((accept) => accept(error))) throw error;
    const key = `${(error as Error).name}:${(error as { code?: string }).code}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  count(name: string): number {
    let total = 0;
    for (const [key, value] of this.counts) if (key.startsWith(`${name}:`)) total += value;
    return total;
  }
}

const isA =
  (kind: abstract new (...args: never[]) => Error) =>
  (error: unknown): boolean =>
    error instanceof kind;

/** No file is locked or waited on, and the quota equals what the files hold. */
function expectQuiet(mfs: MemoryFileSystem): void {
  const stack: TreeNode[] = [stateOf(mfs).tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'file') {
      expect(node.lock.isLocked).toBe(false);
      expect(node.lock.waiting).toBe(0);
    } else stack.push(...node.children.values());
  }
  expectConsistentStats(mfs);
}

async function runTasks(count: number, task: (index: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, index) => task(index)));
}

describe('test_concurrency.py', () => {
  test('ten concurrent readers read the full content', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 16 * MiB });
    const content = Buffer.from('x'.repeat(1200));
    mfs.writeFile('/shared.bin', content);
    const reads = await Promise.all(
      Array.from({ length: 10 }, async () => {
        await using f = await afs.open('/shared.bin', 'rb');
        await turn();
        return f.read();
      }),
    );
    for (const read of reads) expect(read.equals(content)).toBe(true);
    expectQuiet(mfs);
  });

  test('a writer held by another task makes open(wb, lockTimeout: 0) fail', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 16 * MiB });
    await using _held = await afs.open('/locked.bin', 'wb');
    await expect(afs.open('/locked.bin', 'wb', { lockTimeout: 0 })).rejects.toBeInstanceOf(BlockingIOError);
    expect(mfs.exists('/locked.bin')).toBe(true);
  });

  test('eight tasks write then read their own file a hundred times', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 16 * MiB });
    const random = seeded(8);
    await runTasks(8, async (task) => {
      for (let i = 0; i < 100; i++) {
        const payload = Buffer.from(`task${task}-iter${i}`);
        {
          await using f = await afs.open(`/t${task}.bin`, 'wb');
          await interleave(random);
          await f.write(payload);
        }
        await interleave(random);
        expect((await afs.readFile(`/t${task}.bin`)).equals(payload)).toBe(true);
      }
    });
    expectQuiet(mfs);
  });

  test('stat and rewrites of one file run side by side without errors', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 16 * MiB });
    mfs.writeFile('/s.bin', 'initial');
    const random = seeded(50);
    const sizes = new Set<number>();
    await Promise.all([
      runTasks(50, async () => {
        await interleave(random);
        const stat = await afs.stat('/s.bin');
        expect(stat.isDir).toBe(false);
        expect(stat.modifiedAt).toBeGreaterThanOrEqual(stat.createdAt);
        sizes.add(stat.size);
      }),
      runTasks(50, async (i) => {
        await afs.writeFile('/s.bin', `rewrite-${i}`.padEnd(12, '.'));
        await interleave(random);
      }),
    ]);
    expect([...sizes].every((size) => size === 7 || size === 12)).toBe(true);
    expectQuiet(mfs);
  });

  test('defaultLockTimeout bounds an open without lockTimeout', async () => {
    const { afs } = filesystem({ maxQuota: 16 * MiB, defaultLockTimeout: 50 });
    await using _held = await afs.open('/f', 'wb');
    await expect(afs.open('/f', 'wb')).rejects.toBeInstanceOf(BlockingIOError);
  });

  test('lockTimeout 0 fails at once even with a long default', async () => {
    const { afs } = filesystem({ maxQuota: 16 * MiB, defaultLockTimeout: 60_000 });
    await using _held = await afs.open('/f', 'wb');
    await expect(afs.open('/f', 'wb', { lockTimeout: 0 })).rejects.toMatchObject({ code: 'EAGAIN' });
  });

  test('with defaultLockTimeout null a waiting open succeeds once the holder closes', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 16 * MiB, defaultLockTimeout: null });
    const held = await afs.open('/f', 'wb');
    const waiting = afs.open('/f', 'wb');
    await turn();
    await held.write(Buffer.from('first'));
    await held.close();
    const second = await waiting;
    expect(mfs.getSize('/f')).toBe(0);
    await second.close();
  });
});

describe('stress (ST-01..ST-06) as async tasks', () => {
  test('ST-01: 200 tasks write and read back their own files', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 64 * MiB });
    const random = seeded(1);
    await runTasks(200, async (task) => {
      const path = `/own/${task}.bin`;
      await afs.mkdir('/own', { existOk: true });
      for (let i = 0; i < 25; i++) {
        const payload = Buffer.alloc(64, (task * 31 + i) % 256);
        {
          await using f = await afs.open(path, 'wb');
          await f.write(payload.subarray(0, 32));
          await interleave(random);
          await f.write(payload.subarray(32));
        }
        await interleave(random);
        await using f = await afs.open(path, 'rb');
        expect((await f.read()).equals(payload)).toBe(true);
      }
    });
    expect(mfs.stats().fileCount).toBe(200);
    expectQuiet(mfs);
  });

  test('ST-02: 150 tasks race to create and remove 5 shared paths', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 64 * MiB });
    const random = seeded(2);
    const errors = new ErrorTally([isA(FileExistsError), isA(FileNotFoundError), isA(BlockingIOError)]);
    let created = 0;
    let removed = 0;
    await runTasks(150, async (task) => {
      for (let i = 0; i < 40; i++) {
        const path = `/shared_${(task + i) % 5}.bin`;
        try {
          await using f = await afs.open(path, 'xb');
          created++;
          await interleave(random);
          await f.write(Buffer.alloc(32, task % 256));
        } catch (error) {
          errors.record(error);
        }
        await interleave(random);
        try {
          await afs.remove(path);
          removed++;
        } catch (error) {
          errors.record(error);
        }
      }
    });
    expect(created).toBeGreaterThan(0);
    expect(removed).toBeGreaterThan(0);
    expect(errors.count('FileExistsError')).toBeGreaterThan(0);
    expect(errors.count('BlockingIOError')).toBeGreaterThan(0);
    expect(created - removed).toBe(mfs.stats().fileCount);
    for (const path of mfs.listdir('/')) expect(mfs.getSize(path)).toBe(32);
    expectQuiet(mfs);
  });

  test('ST-03: 40 writers and 40 readers on one file; readers never see torn data', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 64 * MiB, defaultLockTimeout: null });
    mfs.writeFile('/one.bin', Buffer.alloc(128, 255));
    const random = seeded(3);
    let reads = 0;
    let writes = 0;
    await Promise.all([
      runTasks(40, async (writer) => {
        for (let i = 0; i < 30; i++) {
          await using f = await afs.open('/one.bin', 'wb');
          await f.write(Buffer.alloc(64, writer));
          await interleave(random);
          await f.write(Buffer.alloc(64, writer));
          writes++;
        }
      }),
      runTasks(40, async () => {
        for (let i = 0; i < 30; i++) {
          const data =
            i % 2 === 0
              ? await afs.readFile('/one.bin')
              : await (async () => {
                  await using f = await afs.open('/one.bin', 'rb');
                  await interleave(random);
                  return f.read();
                })();
          expect(data.length).toBe(128);
          expect(data.every((byte) => byte === data[0])).toBe(true);
          reads++;
          await interleave(random);
        }
      }),
    ]);
    expect({ reads, writes }).toEqual({ reads: 1200, writes: 1200 });
    expectQuiet(mfs);
  });

  test('ST-04: 40 writers at the quota boundary either write 16 KiB completely or get ENOSPC', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 512 * 1024 });
    const quota = mfs.stats().quotaBytes;
    const random = seeded(4);
    const errors = new ErrorTally([isA(MFSQuotaExceededError)]);
    let complete = 0;
    await runTasks(40, async (task) => {
      const path = `/q${task}.bin`;
      for (let i = 0; i < 15; i++) {
        const payload = Buffer.alloc(16 * 1024, (task + i) % 256);
        try {
          if (i % 2 === 0) {
            await afs.writeFile(path, payload);
          } else {
            await using f = await afs.open(path, 'wb');
            await interleave(random);
            await f.write(payload);
          }
          const back = await afs.readFile(path);
          expect(back.equals(payload)).toBe(true);
          complete++;
        } catch (error) {
          errors.record(error);
        }
        expect(mfs.stats().usedBytes).toBeLessThanOrEqual(quota);
        await interleave(random);
      }
    });
    expect(complete).toBeGreaterThan(0);
    expect(errors.count('MFSQuotaExceededError')).toBeGreaterThan(0);
    for (const name of mfs.listdir('/')) expect([0, 16 * 1024]).toContain(mfs.getSize(`/${name}`));
    expectQuiet(mfs);
  });

  test('ST-05: 40 tasks make, list and remove trees under 4 shared bases', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 64 * MiB });
    const random = seeded(5);
    const errors = new ErrorTally([isA(FileExistsError), isA(FileNotFoundError)]);
    let listed = 0;
    await runTasks(40, async (task) => {
      for (let i = 0; i < 50; i++) {
        const base = `/base_${(task + i) % 4}`;
        for (const step of [
          () => afs.mkdir(base),
          () => afs.mkdir(`${base}/sub_${task}`, { existOk: true }),
          async () => {
            const names = await afs.listdir(base);
            expect(names.every((name) => name.startsWith('sub_'))).toBe(true);
            listed++;
          },
          () => afs.rmtree(base),
        ]) {
          try {
            await step();
          } catch (error) {
            errors.record(error);
          }
          await interleave(random);
        }
      }
    });
    expect(listed).toBeGreaterThan(0);
    expect(errors.count('FileNotFoundError')).toBeGreaterThan(0);
    expectQuiet(mfs);
  });

  test('ST-06: 10 writers and 10 stat readers run without unexpected errors', async () => {
    const { mfs, afs } = filesystem({ maxQuota: 64 * MiB });
    mfs.writeFile('/stat.bin', Buffer.alloc(64));
    const random = seeded(6);
    await Promise.all([
      runTasks(10, async (writer) => {
        for (let i = 0; i < 200; i++) {
          await using f = await afs.open('/stat.bin', 'wb', { lockTimeout: null });
          await interleave(random);
          await f.write(Buffer.alloc(64, writer));
        }
      }),
      runTasks(10, async () => {
        for (let i = 0; i < 200; i++) {
          const stat = await afs.stat('/stat.bin');
          expect([0, 64]).toContain(stat.size);
          await interleave(random);
        }
      }),
    ]);
    expect(mfs.getSize('/stat.bin')).toBe(64);
    expectQuiet(mfs);
  });
});

describe('a mixed workload on shared paths', () => {
  const RECORD = 32;

  /** Every file is a run of whole records, each one byte value: anything else is torn. */
  function expectWhole(data: Buffer, path: string): void {
    expect(data.length % RECORD, path).toBe(0);
    for (let offset = 0; offset < data.length; offset += RECORD) {
      const record = data.subarray(offset, offset + RECORD);
      expect(
        record.every((byte) => byte === record[0]),
        path,
      ).toBe(true);
    }
  }

  test('300 tasks, every operation, only documented errors, never torn data', async () => {
    const { mfs, afs } = filesystem({
      maxQuota: 2048,
      chunkOverheadOverride: 64,
      defaultLockTimeout: 200,
    });
    const random = seeded(7);
    const paths = ['/m/a', '/m/b', '/m/c', '/m/d', '/m/e', '/m/f'];
    mfs.mkdir('/m');
    const errors = new ErrorTally([
      isA(FileExistsError),
      isA(FileNotFoundError),
      isA(BlockingIOError),
      isA(MFSQuotaExceededError),
    ]);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const record = (value: number, count = 1) => Buffer.alloc(RECORD * count, value);
    const operations: ((task: number) => Promise<unknown>)[] = [
      async (task) => {
        await using f = await afs.open(pick(paths), pick(['wb', 'ab', 'xb'] as const), {
          lockTimeout: pick([0, 5, null]),
        });
        await f.write(record(task % 256));
        await interleave(random);
        await f.write(record(task % 256, 2));
      },
      async () => {
        await using f = await afs.open(pick(paths), 'r+b', { lockTimeout: pick([0, null]) });
        const records = (await f.seek(0, 2)) / RECORD;
        await f.seek(Math.floor(random() * records) * RECORD);
        await interleave(random);
        await f.write(record(7));
      },
      async () => {
        await using f = await afs.open(pick(paths), 'rb', { lockTimeout: pick([0, 5, null]) });
        const first = await f.read(RECORD * 2);
        await interleave(random);
        expectWhole(Buffer.concat([first, await f.read()]), f.path);
      },
      async () => expectWhole(await afs.readFile(pick(paths)), 'readFile'),
      async (task) =>
        afs.writeFile(pick(paths), record(task % 256, 3), { mode: pick(['wb', 'ab'] as const) }),
      async () => expectWhole(await afs.exportAsBuffer(pick(paths)), 'exportAsBuffer'),
      async () => afs.copy(pick(paths), pick(paths)),
      async () => afs.rename(pick(paths), pick(paths)),
      async () => afs.remove(pick(paths)),
      async () => {
        for await (const [path, bytes] of afs.iterExportTree('/m')) expectWhole(bytes, path);
      },
      async () => {
        const stream = afs.createReadStream(pick(paths), { highWaterMark: RECORD });
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        expectWhole(Buffer.concat(chunks), 'createReadStream');
      },
      async (task) => {
        const stream = afs.createWriteStream(pick(paths), { mode: 'ab', lockTimeout: 50 });
        const produce = async () => {
          stream.write(record(task % 256));
          await interleave(random);
          stream.end(record(task % 256));
        };
        await Promise.all([produce(), finished(stream)]);
      },
    ];
    let succeeded = 0;
    await runTasks(300, async (task) => {
      for (let i = 0; i < 12; i++) {
        try {
          await pick(operations)(task);
          succeeded++;
        } catch (error) {
          errors.record(error);
        }
        await interleave(random);
      }
    });
    expect(succeeded).toBeGreaterThan(1000);
    for (const kind of ['FileExistsError', 'FileNotFoundError', 'BlockingIOError', 'MFSQuotaExceededError']) {
      expect(errors.count(kind), kind).toBeGreaterThan(0);
    }
    for (const [path, bytes] of mfs.exportTree('/m')) expectWhole(bytes, path);
    expectQuiet(mfs);
  });
});
