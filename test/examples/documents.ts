/**
 * The repository's Markdown documents, named by their path in the repository (`docs/testing.md`).
 *
 * @module
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repository } from './run-node.js';

/** The Markdown files directly in `folder`, sorted, as repository paths. */
export function markdownFiles(folder: string): string[] {
  return readdirSync(join(repository, folder))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** The text of the document at a repository path. */
export function readDocument(document: string): string {
  return readFileSync(join(repository, document), 'utf8');
}
