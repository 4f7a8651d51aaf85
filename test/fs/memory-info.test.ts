import { describe, expect, it } from 'vitest';
import { createAvailableMemorySource, systemAvailableMemory } from '../../src/fs/memory-info.js';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** A fake file system for the probe: path → content; records every path read. */
class FakeFiles {
  readonly reads: string[] = [];
  readonly #files: Map<string, string>;

  constructor(files: Record<string, string>) {
    this.#files = new Map(Object.entries(files));
  }

  set(path: string, content: string): void {
    this.#files.set(path, content);
  }

  readonly readText = (path: string): string | null => {
    this.reads.push(path);
    return this.#files.get(path) ?? null;
  };

  readsOf(path: string): number {
    return this.reads.filter((read) => read === path).length;
  }
}

const meminfo = (fields: Record<string, number>) =>
  Object.entries(fields)
    .map(([key, kB]) => `${key}:${' '.repeat(8)}${kB} kB`)
    .join('\n')
    .concat('\nHugePages_Total:       0\n');

const hostMeminfo = meminfo({ MemTotal: 16 * MiB, MemFree: 2 * MiB, MemAvailable: 8 * MiB }); // values in kB

function linuxSource(files: FakeFiles, freemem: () => number = () => 7) {
  return createAvailableMemorySource({ platform: 'linux', readText: files.readText, freemem });
}

describe('createAvailableMemorySource on Linux', () => {
  it('cgroup v2 with a limit: memory.max − memory.current of the process cgroup', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '0::/app.slice/job\n',
      '/sys/fs/cgroup/app.slice/job/memory.max': `${GiB}\n`,
      '/sys/fs/cgroup/app.slice/job/memory.current': `${256 * MiB}\n`,
      '/sys/fs/cgroup/memory.max': 'max\n',
      '/proc/meminfo': hostMeminfo,
    });
    expect(linuxSource(files)()).toBe(768 * MiB);
  });

  it('cgroup v2 falls back to the root memory.max when the process cgroup is not mounted', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '0::/docker/abc123\n',
      '/sys/fs/cgroup/memory.max': `${2 * GiB}`,
      '/sys/fs/cgroup/memory.current': `${GiB}`,
      '/proc/meminfo': hostMeminfo,
    });
    expect(linuxSource(files)()).toBe(GiB);
  });

  it('cgroup v2 uses the root when /proc/self/cgroup says "/"', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '0::/\n',
      '/sys/fs/cgroup/memory.max': '1000',
      '/sys/fs/cgroup/memory.current': '400',
    });
    expect(linuxSource(files)()).toBe(600);
  });

  it('cgroup v2 clamps at 0 when usage exceeds the limit', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '0::/\n',
      '/sys/fs/cgroup/memory.max': '1000',
      '/sys/fs/cgroup/memory.current': '1500',
    });
    expect(linuxSource(files)()).toBe(0);
  });

  it('cgroup v2 "max" falls through to /proc/meminfo', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '0::/user.slice\n',
      '/sys/fs/cgroup/user.slice/memory.max': 'max\n',
      '/sys/fs/cgroup/user.slice/memory.current': '12345',
      '/proc/meminfo': hostMeminfo,
    });
    expect(linuxSource(files)()).toBe(8 * GiB);
  });

  it('the cgroup v2 reader returns null once memory.max reads "max"', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '0::/\n',
      '/sys/fs/cgroup/memory.max': '1000',
      '/sys/fs/cgroup/memory.current': '100',
      '/proc/meminfo': hostMeminfo,
    });
    const source = linuxSource(files);
    expect(source()).toBe(900);
    files.set('/sys/fs/cgroup/memory.max', 'max\n');
    expect(source()).toBeNull();
  });

  it('cgroup v1 with a limit below MemTotal: limit − usage', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '5:cpu,cpuacct:/grp\n4:memory:/grp\n0::/\n',
      '/sys/fs/cgroup/memory/grp/memory.limit_in_bytes': `${2 * GiB}\n`,
      '/sys/fs/cgroup/memory/grp/memory.usage_in_bytes': `${512 * MiB}\n`,
      '/proc/meminfo': hostMeminfo,
    });
    expect(linuxSource(files)()).toBe(2 * GiB - 512 * MiB);
  });

  it('the cgroup v1 reader re-reads the limit and returns null when a file stops parsing', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '4:memory:/\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '3000',
      '/sys/fs/cgroup/memory/memory.usage_in_bytes': '1000',
      '/proc/meminfo': hostMeminfo,
    });
    const source = linuxSource(files);
    expect(source()).toBe(2000);
    files.set('/sys/fs/cgroup/memory/memory.limit_in_bytes', '1500');
    expect(source()).toBe(500);
    files.set('/sys/fs/cgroup/memory/memory.usage_in_bytes', 'garbage');
    expect(source()).toBeNull();
  });

  it('cgroup v1 finds the memory controller in a combined list and falls back to the root', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '7:cpuset,memory:/docker/abc\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': `${GiB}`,
      '/sys/fs/cgroup/memory/memory.usage_in_bytes': `${100 * MiB}`,
      '/proc/meminfo': hostMeminfo,
    });
    expect(linuxSource(files)()).toBe(GiB - 100 * MiB);
  });

  it('cgroup v1 with the "unlimited" huge limit falls through to /proc/meminfo', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '4:memory:/\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
      '/sys/fs/cgroup/memory/memory.usage_in_bytes': `${MiB}`,
      '/proc/meminfo': hostMeminfo,
    });
    expect(linuxSource(files)()).toBe(8 * GiB);
  });

  it('cgroup v1 is not trusted without MemTotal to compare with', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '4:memory:/\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': `${GiB}`,
      '/sys/fs/cgroup/memory/memory.usage_in_bytes': `${MiB}`,
    });
    expect(linuxSource(files)()).toBeNull();
  });

  it('cgroup v2 takes priority over cgroup v1, which takes priority over meminfo', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '4:memory:/\n0::/\n',
      '/sys/fs/cgroup/memory.max': '5000',
      '/sys/fs/cgroup/memory.current': '1000',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '3000',
      '/sys/fs/cgroup/memory/memory.usage_in_bytes': '1000',
      '/proc/meminfo': hostMeminfo,
    });
    expect(linuxSource(files)()).toBe(4000);
    files.set('/sys/fs/cgroup/memory.max', 'max');
    expect(linuxSource(files)()).toBe(2000);
  });

  it('/proc/meminfo: MemAvailable in bytes', () => {
    const files = new FakeFiles({ '/proc/meminfo': hostMeminfo });
    expect(linuxSource(files)()).toBe(8 * MiB * KiB);
  });

  it('/proc/meminfo without MemAvailable: MemFree', () => {
    const files = new FakeFiles({ '/proc/meminfo': meminfo({ MemTotal: 4000, MemFree: 1234 }) });
    expect(linuxSource(files)()).toBe(1234 * KiB);
  });

  it('/proc/meminfo without either: unknown', () => {
    const files = new FakeFiles({ '/proc/meminfo': meminfo({ MemTotal: 4000 }) });
    expect(linuxSource(files)()).toBeNull();
  });

  it('nothing readable: unknown, and os.freemem is not consulted', () => {
    let freememCalls = 0;
    const source = linuxSource(new FakeFiles({}), () => {
      freememCalls++;
      return 42;
    });
    expect(source()).toBeNull();
    expect(freememCalls).toBe(0);
  });

  it('probes once: later queries re-read only the chosen source', () => {
    const files = new FakeFiles({
      '/proc/self/cgroup': '0::/\n',
      '/sys/fs/cgroup/memory.max': '1000',
      '/sys/fs/cgroup/memory.current': '100',
    });
    const source = linuxSource(files);
    expect(files.reads).toEqual([]); // nothing is read before the first query
    expect(source()).toBe(900);
    const afterFirst = files.reads.length;
    files.set('/sys/fs/cgroup/memory.current', '300');
    expect(source()).toBe(700);
    expect(files.readsOf('/proc/self/cgroup')).toBe(1);
    expect(files.reads.slice(afterFirst)).toEqual([
      '/sys/fs/cgroup/memory.max',
      '/sys/fs/cgroup/memory.current',
    ]);
  });

  it('a reader whose file read throws returns null', () => {
    let broken = false;
    const source = createAvailableMemorySource({
      platform: 'linux',
      readText: (path) => {
        if (broken) throw new Error('EIO');
        return path === '/proc/meminfo' ? hostMeminfo : null;
      },
    });
    expect(source()).toBe(8 * GiB);
    broken = true;
    expect(source()).toBeNull();
    broken = false;
    expect(source()).toBe(8 * GiB);
  });

  it('a probe whose file reads throw falls through to the next source', () => {
    const source = createAvailableMemorySource({
      platform: 'linux',
      readText: (path) => {
        if (path.startsWith('/sys/')) throw new Error('EACCES');
        return path === '/proc/self/cgroup' ? '0::/\n' : path === '/proc/meminfo' ? hostMeminfo : null;
      },
    });
    expect(source()).toBe(8 * GiB);
  });
});

describe('createAvailableMemorySource on other platforms', () => {
  it.each(['darwin', 'win32'] as const)('%s: os.freemem(), without reading files', (platform) => {
    const files = new FakeFiles({ '/proc/meminfo': hostMeminfo });
    let free = 123_456;
    const source = createAvailableMemorySource({ platform, readText: files.readText, freemem: () => free });
    expect(source()).toBe(123_456);
    free = 654_321;
    expect(source()).toBe(654_321);
    expect(files.reads).toEqual([]);
  });

  it('a freemem that throws or returns garbage gives null', () => {
    const answers: Array<() => number> = [
      () => {
        throw new Error('boom');
      },
      () => Number.NaN,
      () => -1,
    ];
    let next = 0;
    const source = createAvailableMemorySource({ platform: 'darwin', freemem: () => answers[next++]() });
    expect([source(), source(), source()]).toEqual([null, null, null]);
  });
});

describe('systemAvailableMemory', () => {
  it('returns a non-negative number of bytes or null on this machine', () => {
    const value = systemAvailableMemory();
    if (value !== null) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    }
    expect(value === null || typeof value === 'number').toBe(true);
  });
});
