/**
 * Forking a fixture tree: `MemoryFileSystem.fromSnapshot` against `importTree` of the same data,
 * for 10,000 files totalling 40 MiB, plus the cost of the snapshot itself. The harness's
 * `snapshot_fork` case, run alone (`benchmarks/scenarios/snapshot-fork.ts`).
 *
 *   npx tsx benchmarks/extra/snapshot-fork.ts [runner options, e.g. --repeat 15]
 */
import { runSingleCase } from '../lib/single-case.js';

process.exitCode = await runSingleCase('snapshot_fork', process.argv.slice(2));
