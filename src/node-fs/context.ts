/**
 * What every call of one view shares: where its filesystem comes from, its working directory and
 * its descriptor table.
 *
 * @module
 */

import { MemoryFileSystem } from '../fs/index.js';
import { DescriptorTable } from './descriptors.js';
import { type ResolvedPath, resolvePath } from './paths.js';

/** A filesystem, or a function returning the one to use for each call. */
export type FileSystemSource = MemoryFileSystem | (() => MemoryFileSystem);

/** The shared state of one view. */
export class ViewContext {
  /** The virtual working directory relative paths resolve against. */
  readonly cwd: string;
  readonly descriptors = new DescriptorTable();
  readonly #source: FileSystemSource;

  constructor(source: FileSystemSource, cwd: string) {
    this.#source = source;
    this.cwd = cwd;
  }

  /** The filesystem this call works on (the resolver's answer, checked). */
  filesystem(): MemoryFileSystem {
    const source = this.#source;
    if (source instanceof MemoryFileSystem) return source;
    const resolved = source();
    if (!(resolved instanceof MemoryFileSystem)) {
      throw new TypeError(
        `The createNodeFs resolver must return a MemoryFileSystem; got ${resolved === null ? 'null' : typeof resolved}.`,
      );
    }
    return resolved;
  }

  /** A path argument resolved against the working directory. */
  resolve(value: unknown, name = 'path'): ResolvedPath {
    return resolvePath(this.cwd, value, name);
  }
}
