import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../benchmarks/backends/index.js';
import type { BenchFs, CreateBenchFs } from '../../benchmarks/backends/types.js';
import { WORKLOADS } from '../../benchmarks/workloads/index.js';
import { TINY_SIZES } from '../../benchmarks/workloads/sizes.js';
import { ValidationError } from '../../benchmarks/workloads/types.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const text = (data: Uint8Array) => Buffer.from(data).toString('latin1');

function readWhole(fs: BenchFs, path: string): string {
  const file = fs.open(path, 'rb');
  const data = file.readAll();
  file.close();
  return text(data);
}

// The same checks every backend must pass, so that every workload does the same logical work on each.
describe.each(BACKENDS.filter((backend) => (backend.unavailableReason?.() ?? null) === null))(
  'backend $name',
  (backend) => {
    const withFs = async (body: (fs: BenchFs) => void) => {
      const fs = (await backend.load())({ quotaBytes: 1024 ** 3 });
      try {
        body(fs);
      } finally {
        fs.dispose();
      }
    };

    it('writes, reads whole, reads in pieces and stops at end of file', () =>
      withFs((fs) => {
        fs.mkdir('/a/b');
        fs.mkdir('/a/b');
        const writer = fs.open('/a/b/f.bin', 'wb');
        writer.write(bytes('hello '));
        writer.write(bytes('world'));
        writer.close();
        expect(readWhole(fs, '/a/b/f.bin')).toBe('hello world');
        const reader = fs.open('/a/b/f.bin', 'rb');
        expect(text(reader.read(4))).toBe('hell');
        expect(text(reader.read(100))).toBe('o world');
        expect(reader.read(4).byteLength).toBe(0);
        reader.seek(6);
        expect(text(reader.readAll())).toBe('world');
        reader.close();
      }));

    it('overwrites in place after seek, zero-fills a gap past the end, and copies written data', () =>
      withFs((fs) => {
        const source = bytes('abcdef');
        const writer = fs.open('/f.bin', 'wb');
        writer.write(source);
        writer.close();
        source.fill(0x21);
        const updater = fs.open('/f.bin', 'r+b');
        updater.seek(2);
        updater.write(bytes('XY'));
        updater.seek(8);
        updater.write(bytes('Z'));
        updater.close();
        expect(readWhole(fs, '/f.bin')).toBe('abXYef\0\0Z');
      }));

    it('appends in ab mode and truncates in wb mode', () =>
      withFs((fs) => {
        const writer = fs.open('/f.bin', 'wb');
        writer.write(bytes('one'));
        writer.close();
        const appender = fs.open('/f.bin', 'ab');
        appender.write(bytes('+two'));
        appender.close();
        expect(readWhole(fs, '/f.bin')).toBe('one+two');
        fs.open('/f.bin', 'wb').close();
        expect(readWhole(fs, '/f.bin')).toBe('');
      }));

    it('refuses to read a missing file', () =>
      withFs((fs) => {
        expect(() => fs.open('/missing.bin', 'rb')).toThrow();
      }));

    it.each(WORKLOADS)('runs and validates $name at tiny sizes', async (workload) => {
      const createFs = await backend.load();
      expect(() => workload.run(createFs, TINY_SIZES)).not.toThrow();
    });
  },
);

describe('workload validation', () => {
  it('throws ValidationError when a backend loses bytes', async () => {
    const createMapFs = await BACKENDS.find((backend) => backend.name === 'map')!.load();
    const lossy: CreateBenchFs = (options) => {
      const fs = createMapFs(options);
      return {
        mkdir: (path) => fs.mkdir(path),
        dispose: () => fs.dispose(),
        open: (path, mode) => {
          const file = fs.open(path, mode);
          return {
            write: (data) => file.write(data.subarray(1)),
            seek: (offset) => file.seek(offset),
            read: (size) => file.read(size),
            readAll: () => file.readAll(),
            close: () => file.close(),
          };
        },
      };
    };
    for (const workload of WORKLOADS) {
      expect(() => workload.run(lossy, TINY_SIZES), workload.name).toThrow(ValidationError);
    }
  });
});
