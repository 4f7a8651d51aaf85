/**
 * Clone versus rebuild: how long a test waits for a fresh ~5 MiB SQLite database when it clones a
 * master (`SqliteMasterCache`) instead of rebuilding it from its schema and seed rows. The harness's
 * `sqlite_clone` case, run alone (`benchmarks/scenarios/sqlite-clone.ts`).
 *
 *   npx tsx benchmarks/extra/sqlite-clone.ts [runner options, e.g. --repeat 15]
 */
import { runSingleCase } from '../lib/single-case.js';

process.exitCode = await runSingleCase('sqlite_clone', process.argv.slice(2));
