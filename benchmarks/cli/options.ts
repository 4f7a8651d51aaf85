/**
 * Command-line options of `benchmarks/run.ts`.
 *
 * @module
 */

import { parseArgs } from 'node:util';
import type { PresetName } from '../workloads/sizes.js';

/** Parsed and validated options. */
export interface RunOptions {
  /** Case names to run, in report order; all when the option is absent. */
  readonly only: readonly string[] | null;
  /** Backend names to run, in registry order; all when the option is absent. */
  readonly backends: readonly string[] | null;
  readonly warmup: number;
  readonly repeat: number;
  readonly preset: PresetName;
  /** Output directory; `null` means the default `benchmarks/results`. */
  readonly outDir: string | null;
  /** Per-child limit, after which the child is killed and reported as an error. */
  readonly timeoutMs: number;
  readonly help: boolean;
}

/** Usage text printed by `--help`. */
export const USAGE = `Usage: npm run bench -- [options]

Runs the six file workloads on every backend and the product scenarios on their
contenders, each pair in a fresh Node process, and writes <out>/latest.{md,json,svg}
(<out>/tiny.* with --tiny).

Cases: small_files_rw, stream_write_read, random_access_rw, large_stream_write_read,
many_files_random_read, deep_tree_read (file workloads); snapshot_fork,
archive_expand, sqlite_clone, fixture_setup, vitest_suite (scenarios).

Options:
  --only <case,...>       run only these cases
  --backends <name,...>   run the file workloads only on these backends (the floor
                          "map" is needed for ratios); scenarios keep their contenders
  --repeat <n>            timed iterations per case and contender (default 5, 3 with --quick)
  --warmup <n>            untimed iterations before them (default 1)
  --quick                 same shapes, less data, 3 timed iterations: about a minute
  --tiny                  minimal sizes, for the harness's smoke test
  --out <dir>             output directory (default benchmarks/results)
  --timeout <seconds>     kill a child that runs longer (default 1800)
  --help                  show this text
`;

/** Timed iterations per pair by default, as in the reference harness. */
export const DEFAULT_REPEAT = 5;
/** Timed iterations per pair with `--quick`. */
export const QUICK_REPEAT = 3;

/** Thrown for invalid command lines; the message is meant for the user. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function parseCount(name: string, raw: string | undefined, fallback: number, minimum: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new UsageError(`--${name} needs an integer >= ${minimum}, got "${raw}"`);
  }
  return value;
}

function parseList(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : null;
}

/** Parses `argv` (without the node and script paths). */
export function parseRunOptions(argv: readonly string[]): RunOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.quick && values.tiny) throw new UsageError('--quick and --tiny exclude each other');
  return {
    only: parseList(values.only),
    backends: parseList(values.backends),
    warmup: parseCount('warmup', values.warmup, 1, 0),
    // Quick runs are for a look, not for the record: fewer timed iterations keep them near a minute.
    repeat: parseCount('repeat', values.repeat, values.quick ? QUICK_REPEAT : DEFAULT_REPEAT, 1),
    preset: values.tiny ? 'tiny' : values.quick ? 'quick' : 'default',
    outDir: values.out ?? null,
    timeoutMs: parseCount('timeout', values.timeout, 1800, 1) * 1000,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      only: { type: 'string' },
      backends: { type: 'string' },
      repeat: { type: 'string' },
      warmup: { type: 'string' },
      quick: { type: 'boolean' },
      tiny: { type: 'boolean' },
      out: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}
