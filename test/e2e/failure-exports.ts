/**
 * Reading what a sample run exported: where a test's attempt went, its `failure.json`, and its tree
 * as paths and contents, whatever the format.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FailureReport } from '../../src/fixtures/failure-export/index.js';
import { testSlug } from '../../src/fixtures/failure-export/slug.js';
import { MemoryFileSystem } from '../../src/index.js';
import { expandArchive } from '../../src/snapshot/archive/index.js';

/** Directories as `'<dir>'`, files as their UTF-8 text, by path relative to the tree. */
export type TreeListing = Record<string, string>;

/** The directory a test's exports go to (its attempts are below it). */
export function testExportDirectory(failureDir: string, file: string, fullName: string): string {
  return join(failureDir, file, testSlug(fullName));
}

/** The directory of one attempt's export. */
export function attemptExportDirectory(
  failureDir: string,
  file: string,
  fullName: string,
  attempt: number,
): string {
  return join(testExportDirectory(failureDir, file, fullName), `attempt-${attempt}`);
}

/** The attempts exported for a test, by directory name. */
export function exportedAttempts(failureDir: string, file: string, fullName: string): string[] {
  const directory = testExportDirectory(failureDir, file, fullName);
  return existsSync(directory) ? readdirSync(directory).sort() : [];
}

/** An attempt's `failure.json` and its tree, read back from the directory or the archive. */
export async function readExport(directory: string): Promise<{ report: FailureReport; tree: TreeListing }> {
  const report = JSON.parse(readFileSync(join(directory, 'failure.json'), 'utf8')) as FailureReport;
  expect(readdirSync(directory).sort()).toEqual([report.tree, 'failure.json'].sort());
  const tree =
    report.format === 'directory'
      ? listHostTree(join(directory, report.tree))
      : await listArchive(readFileSync(join(directory, report.tree)));
  return { report, tree };
}

function listHostTree(root: string, prefix = ''): TreeListing {
  const listing: TreeListing = {};
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    const relative = `${prefix}${name}`;
    if (statSync(path).isDirectory()) {
      listing[relative] = '<dir>';
      Object.assign(listing, listHostTree(path, `${relative}/`));
    } else {
      listing[relative] = readFileSync(path, 'utf8');
    }
  }
  return listing;
}

async function listArchive(bytes: Buffer): Promise<TreeListing> {
  const mfs = new MemoryFileSystem();
  await expandArchive(mfs, bytes, '/');
  const listing: TreeListing = {};
  for (const path of mfs.snapshot().paths().sort()) {
    listing[path.slice(1)] = mfs.isDir(path) ? '<dir>' : mfs.readFile(path, 'utf8');
  }
  return listing;
}
