/**
 * The backend registry: every backend the runner knows, in report order.
 *
 * Adding a backend takes one module exporting a `CreateBenchFs` and one entry here.
 *
 * @module
 */

import * as os from 'node:os';
import { SHARED_MEMORY_DIR, sharedMemoryUnavailableReason } from '../lib/host-dirs.js';
import type { BackendDefinition } from './types.js';

/** All backends, in the order reports list them. Ratios are relative to `map`, the in-memory floor. */
export const BACKENDS: readonly BackendDefinition[] = [
  {
    name: 'dmemfs',
    description: 'dmemfs MemoryFileSystem, synchronous handles',
    load: async () => (await import('./dmemfs.js')).createDmemfsFs,
  },
  {
    name: 'map',
    description: 'Map<string, chunk list>, concatenated on read: the in-memory floor',
    load: async () => (await import('./map.js')).createMapFs,
  },
  {
    name: 'memfs',
    description: 'memfs Volume, synchronous fd API',
    load: async () => (await import('./memfs.js')).createMemfsFs,
  },
  {
    name: 'zenfs',
    description: '@zenfs/core InMemory in a private context, synchronous fd API',
    load: async () => (await import('./zenfs.js')).createZenfsFs,
  },
  {
    name: 'node-tmpfs',
    description: `node:fs on tmpfs, in a fresh directory under ${SHARED_MEMORY_DIR}`,
    unavailableReason: sharedMemoryUnavailableReason,
    load: async () => (await import('./node-fs.js')).nodeFsUnder(SHARED_MEMORY_DIR),
  },
  {
    name: 'node-tmpdir',
    description: 'node:fs in a fresh directory under os.tmpdir()',
    load: async () => (await import('./node-fs.js')).nodeFsUnder(os.tmpdir()),
  },
];

/** Name of the backend every other result is divided by. */
export const FLOOR_BACKEND = 'map';

/** Looks a backend up by name; throws with the list of known names if there is none. */
export function findBackend(name: string): BackendDefinition {
  const backend = BACKENDS.find((candidate) => candidate.name === name);
  if (backend === undefined) {
    throw new Error(`unknown backend "${name}"; known: ${BACKENDS.map((b) => b.name).join(', ')}`);
  }
  return backend;
}
