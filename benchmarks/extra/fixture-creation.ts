/**
 * What the test fixtures cost per test, outside any runner: making the test's filesystem (empty, or
 * forked from a 20-file seed tree) and settling a passing test's failure export, against a temporary
 * directory made and removed per test (empty, or with the same 20 files written). The harness's
 * `fixture_setup` case, run alone (`benchmarks/scenarios/fixture-setup.ts`); times are per test.
 *
 *   npx tsx benchmarks/extra/fixture-creation.ts [runner options, e.g. --repeat 15]
 */
import { runSingleCase } from '../lib/single-case.js';

process.exitCode = await runSingleCase('fixture_setup', process.argv.slice(2));
