/**
 * ZenFS: an `InMemory` store from `@zenfs/core`, driven through its synchronous `node:fs`-style API.
 *
 * ZenFS's top-level `fs` functions act on a global mount table. Binding a context with its own
 * `mounts` gives a private `fs` whose root is a fresh `InMemory` filesystem, so each run starts from
 * an empty, isolated tree without touching global state.
 *
 * @module
 */

import { bindContext, boundContexts, InMemory } from '@zenfs/core';
import { FdFs } from './fd-fs.js';
import type { CreateBenchFs } from './types.js';

/** Creates a private context whose `/` is a new `InMemory` filesystem. */
export const createZenfsFs: CreateBenchFs = () => {
  const context = bindContext({ mounts: { '/': InMemory.create({ label: 'bench' }) } });
  // ZenFS keeps every bound context in a module-level registry; without this the tree would live on.
  return new FdFs(context.fs, '', () => boundContexts.delete(context.id));
};
