/**
 * How much physical memory is available to this process, as the memory guard asks it.
 *
 * On Linux the answer depends on where the process runs: inside a container the cgroup limit matters,
 * not the host's free memory. Which source applies is probed once; afterwards only that source is
 * re-read, so a query costs one or two small file reads.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { freemem } from 'node:os';

/** Returns available physical memory in bytes, or null when unknown. Never throws. */
export type AvailableMemorySource = () => number | null;

/** What the probe reads; injectable so that every branch can be tested on any machine. */
export interface MemoryProbeEnvironment {
  /** Default `process.platform`. */
  platform: NodeJS.Platform;
  /** A file's text; null (or a throw) when it is unreadable. Default: `fs.readFileSync`. */
  readText(path: string): string | null;
  /** Free memory in bytes, used on platforms other than Linux. Default: `os.freemem`. */
  freemem(): number;
}

const CGROUP_ROOT = '/sys/fs/cgroup';
const CGROUP_V1_MEMORY_ROOT = '/sys/fs/cgroup/memory';

/**
 * Probes once which source applies, then returns a reader that re-reads only that source. The probe
 * runs on the first call, not here.
 *
 * Linux, first match wins:
 * 1. cgroup v2, when the process's `memory.max` (its cgroup from `/proc/self/cgroup`, else the root of
 *    `/sys/fs/cgroup`) is a number: `memory.max − memory.current`, at least 0;
 * 2. cgroup v1, when the process's `memory.limit_in_bytes` is below MemTotal (an unlimited cgroup
 *    reports a huge number): `limit − memory.usage_in_bytes`, at least 0;
 * 3. `/proc/meminfo`: `MemAvailable`, else `MemFree`, in bytes (null when neither is listed);
 * 4. otherwise unknown.
 *
 * Other platforms: `os.freemem()`.
 */
export function createAvailableMemorySource(
  env: Partial<MemoryProbeEnvironment> = {},
): AvailableMemorySource {
  const platform = env.platform ?? process.platform;
  const readText = env.readText ?? ((path: string) => readFileSync(path, 'utf8'));
  const readFreemem = env.freemem ?? freemem;
  const read = (path: string): string | null => {
    try {
      return readText(path);
    } catch {
      return null;
    }
  };

  let reader: (() => number | null) | undefined;
  return () => {
    try {
      reader ??= platform === 'linux' ? probeLinux(read) : () => readFreemem();
      return asByteCount(reader());
    } catch {
      return null;
    }
  };
}

/** The process-wide default source (probed lazily on first call, then cached). */
export const systemAvailableMemory: AvailableMemorySource = createAvailableMemorySource();

type ReadText = (path: string) => string | null;

function probeLinux(read: ReadText): () => number | null {
  const cgroups = parseProcCgroup(read('/proc/self/cgroup'));

  const v2Dir = firstReadable(read, cgroupCandidates(CGROUP_ROOT, cgroups.v2Path), 'memory.max');
  if (v2Dir !== undefined && parseInteger(read(`${v2Dir}/memory.max`)) !== null) {
    return () => {
      // Reads `null` when the limit was lifted to "max" since the probe.
      const limit = parseInteger(read(`${v2Dir}/memory.max`));
      const current = parseInteger(read(`${v2Dir}/memory.current`));
      return limit === null || current === null ? null : Math.max(0, limit - current);
    };
  }

  const v1Dir = firstReadable(
    read,
    cgroupCandidates(CGROUP_V1_MEMORY_ROOT, cgroups.v1MemoryPath),
    'memory.limit_in_bytes',
  );
  if (v1Dir !== undefined) {
    const limit = parseInteger(read(`${v1Dir}/memory.limit_in_bytes`));
    const total = parseMeminfo(read('/proc/meminfo')).get('MemTotal');
    if (limit !== null && total !== undefined && limit < total) {
      return () => {
        const currentLimit = parseInteger(read(`${v1Dir}/memory.limit_in_bytes`));
        const usage = parseInteger(read(`${v1Dir}/memory.usage_in_bytes`));
        return currentLimit === null || usage === null ? null : Math.max(0, currentLimit - usage);
      };
    }
  }

  if (read('/proc/meminfo') !== null) {
    return () => {
      const meminfo = parseMeminfo(read('/proc/meminfo'));
      return meminfo.get('MemAvailable') ?? meminfo.get('MemFree') ?? null;
    };
  }

  return () => null;
}

/** The process's own cgroup directory under `root` first, then `root` itself (as seen in a container). */
function cgroupCandidates(root: string, path: string | undefined): string[] {
  return path === undefined || path === '/' ? [root] : [`${root}${path}`, root];
}

function firstReadable(read: ReadText, dirs: readonly string[], file: string): string | undefined {
  return dirs.find((dir) => read(`${dir}/${file}`) !== null);
}

/** The cgroup paths of this process: the v2 line `0::<path>`, and the v1 line listing `memory`. */
function parseProcCgroup(text: string | null): { v2Path?: string; v1MemoryPath?: string } {
  const result: { v2Path?: string; v1MemoryPath?: string } = {};
  for (const line of (text ?? '').split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const hierarchy = line.slice(0, first);
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1).trim();
    if (hierarchy === '0' && controllers === '') {
      result.v2Path = path;
    } else if (controllers.split(',').includes('memory')) {
      result.v1MemoryPath = path;
    }
  }
  return result;
}

/** The `/proc/meminfo` entries given in kB, converted to bytes. */
function parseMeminfo(text: string | null): Map<string, number> {
  const entries = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const match = /^(\w+):\s+(\d+)\s+kB\s*$/.exec(line);
    if (match !== null) entries.set(match[1], Number(match[2]) * 1024);
  }
  return entries;
}

function parseInteger(text: string | null): number | null {
  if (text === null) return null;
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** `value` if it is a byte count (a finite number >= 0), else null: what an unknown amount reads as. */
export function asByteCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
