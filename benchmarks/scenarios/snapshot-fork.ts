/**
 * `snapshot_fork`: a fresh filesystem holding a fixture tree, made from a snapshot (a copy-on-write
 * fork) or by importing the tree's bytes again, as a test setup would do before every test.
 *
 * @module
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Volume } from 'memfs';
import { MemoryFileSystem, type MFSSnapshot } from '../../src/index.js';
import { SHARED_MEMORY_DIR, sharedMemoryUnavailableReason } from '../lib/host-dirs.js';
import { formatBytes, MiB } from '../lib/units.js';
import { expectValue, type Operation, type Scenario, type ScenarioSizes } from './types.js';

const NAME = 'snapshot_fork';
const DIRECTORIES = 100;

/** The path of the fixture tree's file number `i`. */
function fixturePath(i: number): string {
  return `/fixtures/dir${i % DIRECTORIES}/file${i}.bin`;
}

/** The fixture tree: `forkFileCount` files spread over 100 directories, filled with distinct bytes. */
function fixtureTree(sizes: ScenarioSizes): Map<string, Buffer> {
  const size = Math.floor(sizes.forkTotalBytes / sizes.forkFileCount);
  const tree = new Map<string, Buffer>();
  for (let i = 0; i < sizes.forkFileCount; i++) tree.set(fixturePath(i), Buffer.alloc(size, i % 251));
  return tree;
}

/** Room for the tree and the per-chunk charge of every file, with headroom. */
function quotaFor(sizes: ScenarioSizes): number {
  return 2 * sizes.forkTotalBytes + 1024 * sizes.forkFileCount + MiB;
}

function expectFiles(what: string, actual: number, sizes: ScenarioSizes): void {
  expectValue(NAME, `${what} file count`, actual, sizes.forkFileCount);
}

export const snapshotFork: Scenario = {
  name: NAME,
  describe: (sizes) =>
    `a fresh filesystem holding a tree of ${sizes.forkFileCount} files (${formatBytes(sizes.forkTotalBytes)}) ` +
    `in ${Math.min(DIRECTORIES, sizes.forkFileCount)} directories: forked from a snapshot, or built from ` +
    'the bytes again',
  baseline: 'importTree',
  contenders: [
    {
      name: 'importTree',
      description: 'new MemoryFileSystem().importTree(tree): every byte copied in again',
      dmemfs: true,
      prepare({ sizes }): Operation {
        const tree = fixtureTree(sizes);
        const options = { maxQuota: quotaFor(sizes) };
        return {
          run(probe) {
            const mfs = new MemoryFileSystem(options);
            mfs.importTree(tree);
            const { fileCount, usedBytes } = mfs.stats();
            probe.sample(usedBytes);
            expectFiles('imported', fileCount, sizes);
          },
        };
      },
    },
    {
      name: 'fromSnapshot',
      description: 'MemoryFileSystem.fromSnapshot(snapshot): a copy-on-write fork, no bytes copied',
      dmemfs: true,
      prepare({ sizes }): Operation {
        const options = { maxQuota: quotaFor(sizes) };
        const source = new MemoryFileSystem(options);
        source.importTree(fixtureTree(sizes));
        const snapshot = source.snapshot();
        return {
          run(probe) {
            const fork = MemoryFileSystem.fromSnapshot(snapshot, options);
            const { fileCount, usedBytes } = fork.stats();
            probe.sample(usedBytes);
            expectFiles('forked', fileCount, sizes);
          },
        };
      },
    },
    {
      name: 'snapshot',
      description: 'mfs.snapshot() of the tree: the one-time cost of making the image forks come from',
      dmemfs: true,
      prepare({ sizes }): Operation {
        const source = new MemoryFileSystem({ maxQuota: quotaFor(sizes) });
        source.importTree(fixtureTree(sizes));
        return {
          run(probe) {
            const snapshot: MFSSnapshot = source.snapshot();
            probe.sample();
            expectFiles('snapshot', snapshot.fileCount, sizes);
          },
        };
      },
    },
    {
      name: 'memfs-fromJSON',
      description: 'memfs Volume.fromJSON(tree): a new Volume holding copies of the bytes',
      dmemfs: false,
      prepare({ sizes }): Operation {
        const json = Object.fromEntries(fixtureTree(sizes));
        const last = fixturePath(sizes.forkFileCount - 1);
        return {
          run(probe) {
            const volume = Volume.fromJSON(json);
            probe.sample();
            expectValue(NAME, `${last} in the volume`, volume.existsSync(last), true);
          },
        };
      },
    },
    {
      name: 'tmpfs-cp',
      description: `fs.cpSync of the tree, written once to ${SHARED_MEMORY_DIR}, into a fresh directory there, then rmSync`,
      dmemfs: false,
      unavailableReason: sharedMemoryUnavailableReason,
      prepare({ sizes }): Operation {
        const parent = fs.mkdtempSync(path.join(SHARED_MEMORY_DIR, 'dmemfs-bench-fork-'));
        const source = path.join(parent, 'source');
        for (const [file, data] of fixtureTree(sizes)) {
          fs.mkdirSync(path.join(source, path.dirname(file)), { recursive: true });
          fs.writeFileSync(path.join(source, file), data);
        }
        const last = fixturePath(sizes.forkFileCount - 1).slice(1); // relative to the copy
        return {
          run() {
            const copy = fs.mkdtempSync(path.join(parent, 'copy-'));
            fs.cpSync(source, copy, { recursive: true });
            const copied = fs.existsSync(path.join(copy, last));
            fs.rmSync(copy, { recursive: true, force: true });
            expectValue(NAME, `${last} in the copy`, copied, true);
          },
          dispose() {
            fs.rmSync(parent, { recursive: true, force: true });
          },
        };
      },
    },
  ],
};
