/**
 * `archive_expand`: a zip archive of many small files expanded for a test, into dmemfs or onto a
 * real filesystem.
 *
 * @module
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import yauzl from 'yauzl';
import { MemoryFileSystem } from '../../src/index.js';
import { createArchive, expandArchive, expandArchiveStreaming } from '../../src/snapshot/archive/index.js';
import { SHARED_MEMORY_DIR, sharedMemoryUnavailableReason } from '../lib/host-dirs.js';
import { formatBytes, MiB } from '../lib/units.js';
import { xorshift32 } from '../lib/xorshift.js';
import { expectValue, type Operation, type Scenario, type ScenarioSizes } from './types.js';

const NAME = 'archive_expand';
const DIRECTORIES = 20;

/**
 * A deflated zip of `archiveFileCount` JSON-lines files in 20 directories. The lines carry
 * pseudo-random numbers (a fixed xorshift sequence), so inflating is real work, as with real
 * fixtures, and every run builds the same archive.
 */
async function buildArchive(sizes: ScenarioSizes): Promise<Buffer> {
  const next = xorshift32(0x2545f491);
  const tree = new Map<string, string>();
  for (let i = 0; i < sizes.archiveFileCount; i++) {
    let text = '';
    for (let line = 0; text.length < sizes.archiveFileBytes; line++) {
      text += `{"id":${line},"file":${i},"value":${next()},"tag":"t${next() % 97}"}\n`;
    }
    tree.set(`/data/dir${i % DIRECTORIES}/file${i}.jsonl`, text.slice(0, sizes.archiveFileBytes));
  }
  const source = new MemoryFileSystem({ maxQuota: 4 * totalBytes(sizes) + MiB });
  source.importTree(tree);
  return createArchive(source, { format: 'zip' });
}

function totalBytes(sizes: ScenarioSizes): number {
  return sizes.archiveFileCount * sizes.archiveFileBytes;
}

/** Room for the expanded files and their per-chunk charge, with headroom. */
function quotaFor(sizes: ScenarioSizes): number {
  return 2 * totalBytes(sizes) + 1024 * sizes.archiveFileCount + MiB;
}

function expectExpanded(what: string, files: number, bytes: number, sizes: ScenarioSizes): void {
  expectValue(NAME, `${what} files`, files, sizes.archiveFileCount);
  expectValue(NAME, `${what} bytes`, bytes, totalBytes(sizes));
}

/**
 * Extracts the zip in `archive` below `directory` with yauzl (the zip reader dmemfs uses too) and
 * synchronous `node:fs` writes; returns the files and bytes written.
 */
function extractToDirectory(archive: Buffer, directory: string): Promise<{ files: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true }, (openError, zipfile) => {
      if (openError) return reject(openError);
      let files = 0;
      let bytes = 0;
      const made = new Set<string>();
      zipfile.on('error', reject);
      zipfile.on('end', () => resolve({ files, bytes }));
      zipfile.on('entry', (entry: yauzl.Entry) => {
        const target = path.join(directory, entry.fileName);
        if (entry.fileName.endsWith('/')) {
          fs.mkdirSync(target, { recursive: true });
          zipfile.readEntry();
          return;
        }
        zipfile.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            const parent = path.dirname(target);
            if (!made.has(parent)) {
              fs.mkdirSync(parent, { recursive: true });
              made.add(parent);
            }
            const data = Buffer.concat(chunks);
            fs.writeFileSync(target, data);
            files++;
            bytes += data.byteLength;
            zipfile.readEntry();
          });
        });
      });
      zipfile.readEntry();
    });
  });
}

/** A contender extracting with yauzl into fresh directories below `parentDir`, removed after each run. */
function extractUnder(name: string, parentDir: string, where: string, unavailable?: () => string | null) {
  return {
    name,
    description: `yauzl and node:fs writes into a fresh directory under ${where}, then rmSync`,
    dmemfs: false,
    unavailableReason: unavailable,
    async prepare({ sizes }: { sizes: ScenarioSizes }): Promise<Operation> {
      const archive = await buildArchive(sizes);
      return {
        async run() {
          const directory = fs.mkdtempSync(path.join(parentDir, 'dmemfs-bench-unzip-'));
          try {
            const { files, bytes } = await extractToDirectory(archive, directory);
            expectExpanded('extracted', files, bytes, sizes);
          } finally {
            fs.rmSync(directory, { recursive: true, force: true });
          }
        },
      };
    },
  };
}

export const archiveExpand: Scenario = {
  name: NAME,
  describe: (sizes) =>
    `a deflated zip of ${sizes.archiveFileCount} files of ${formatBytes(sizes.archiveFileBytes)} ` +
    `(JSON lines) in ${Math.min(DIRECTORIES, sizes.archiveFileCount)} directories, expanded into an empty ` +
    'filesystem',
  baseline: 'unzip-tmpfs',
  contenders: [
    {
      name: 'expandArchive',
      description: 'dmemfs/archive expandArchive into a new MemoryFileSystem: atomic, all or nothing',
      dmemfs: true,
      async prepare({ sizes }): Promise<Operation> {
        const archive = await buildArchive(sizes);
        const options = { maxQuota: quotaFor(sizes) };
        return {
          async run(probe) {
            const mfs = new MemoryFileSystem(options);
            const result = await expandArchive(mfs, archive);
            probe.sample(mfs.stats().usedBytes);
            expectExpanded('expanded', result.files, result.bytes, sizes);
          },
        };
      },
    },
    {
      name: 'expandArchiveStreaming',
      description: 'dmemfs/archive expandArchiveStreaming: entry by entry, in little memory',
      dmemfs: true,
      async prepare({ sizes }): Promise<Operation> {
        const archive = await buildArchive(sizes);
        const options = { maxQuota: quotaFor(sizes) };
        return {
          async run(probe) {
            const mfs = new MemoryFileSystem(options);
            const files = await expandArchiveStreaming(mfs, archive);
            const { usedBytes, fileCount } = mfs.stats();
            probe.sample(usedBytes);
            expectValue(NAME, 'streamed files', files, sizes.archiveFileCount);
            expectValue(NAME, 'files in the filesystem', fileCount, sizes.archiveFileCount);
          },
        };
      },
    },
    extractUnder('unzip-tmpfs', SHARED_MEMORY_DIR, SHARED_MEMORY_DIR, sharedMemoryUnavailableReason),
    extractUnder('unzip-tmpdir', os.tmpdir(), 'os.tmpdir()'),
  ],
};
