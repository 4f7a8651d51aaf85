import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { InvalidArgumentError, MFSMemoryError } from '../../src/fs/errors.js';
import {
  MEMORY_GUARD_WARNING_CODE,
  MemoryGuard,
  type MemoryGuardAction,
  type MemoryGuardMode,
  type MemoryGuardOptions,
} from '../../src/fs/memory-guard.js';
import type { AvailableMemorySource } from '../../src/fs/memory-info.js';
import { errorOf, manualClock } from '../helpers.js';

/** A source reporting `available` and counting its calls. */
function countingSource(available: number | null): AvailableMemorySource & { calls: number } {
  const source = Object.assign(
    () => {
      source.calls++;
      return available;
    },
    { calls: 0 },
  );
  return source;
}

function guard(overrides: Partial<MemoryGuardOptions>): MemoryGuard {
  return new MemoryGuard({
    mode: 'per_write',
    action: 'raise',
    intervalMs: 1000,
    source: countingSource(100),
    ...overrides,
  });
}

let emitWarning: MockInstance<typeof process.emitWarning>;

beforeEach(() => {
  emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});

afterEach(() => {
  emitWarning.mockRestore();
});

describe('MemoryGuard construction', () => {
  it('rejects an unknown mode', () => {
    const error = errorOf(() => guard({ mode: 'sometimes' as MemoryGuardMode }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      "Invalid memoryGuard: 'sometimes'. Expected 'none', 'init', or 'per_write'.",
    );
  });

  it('rejects an unknown action', () => {
    expect(() => guard({ action: 'panic' as MemoryGuardAction })).toThrow(
      "Invalid memoryGuardAction: 'panic'. Expected 'warn' or 'raise'.",
    );
    expect(() => guard({ action: undefined as unknown as MemoryGuardAction })).toThrow(InvalidArgumentError);
  });

  it('checks the action before the mode', () => {
    expect(() => guard({ mode: 'bad' as MemoryGuardMode, action: 'bad' as MemoryGuardAction })).toThrow(
      'Invalid memoryGuardAction',
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number])(
    'rejects intervalMs %s',
    (intervalMs) => {
      expect(() => guard({ intervalMs })).toThrow(InvalidArgumentError);
      expect(() => guard({ intervalMs })).toThrow('Invalid memoryGuardInterval');
    },
  );

  it('accepts intervalMs 0 and exposes mode and action', () => {
    const g = guard({ intervalMs: 0, mode: 'init', action: 'warn' });
    expect(g.mode).toBe('init');
    expect(g.action).toBe('warn');
  });

  it('rejects a non-function source or clock, and missing options, with TypeError', () => {
    expect(() => guard({ source: 100 as unknown as AvailableMemorySource })).toThrow(TypeError);
    expect(() => guard({ now: 5 as unknown as () => number })).toThrow(TypeError);
    expect(() => new MemoryGuard(undefined as unknown as MemoryGuardOptions)).toThrow(TypeError);
  });
});

describe("mode 'none'", () => {
  it('never queries the source and never complains', () => {
    const source = countingSource(1);
    const g = guard({ mode: 'none', source });
    g.checkInit(10 ** 12);
    g.checkBeforeWrite(10 ** 12);
    expect(source.calls).toBe(0);
    expect(emitWarning).not.toHaveBeenCalled();
  });
});

describe("mode 'init'", () => {
  const message =
    'maxQuota (200 bytes) exceeds available physical RAM (100 bytes). ' +
    'MFSMemoryError may occur before the quota limit is reached.';

  it('warn: a quota above available memory emits a ResourceWarning and carries on', () => {
    guard({ mode: 'init', action: 'warn' }).checkInit(200);
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(emitWarning).toHaveBeenCalledWith(message, {
      type: 'ResourceWarning',
      code: MEMORY_GUARD_WARNING_CODE,
    });
    expect(MEMORY_GUARD_WARNING_CODE).toBe('DMEMFS_MEMORY_GUARD');
  });

  it('raise: the same check throws MFSMemoryError', () => {
    const error = errorOf(() => guard({ mode: 'init', action: 'raise' }).checkInit(200));
    expect(error).toBeInstanceOf(MFSMemoryError);
    expect((error as MFSMemoryError).code).toBe('ENOMEM');
    expect((error as Error).message).toBe(message);
    expect(emitWarning).not.toHaveBeenCalled();
  });

  it('formats numbers with thousands separators', () => {
    expect(() => guard({ mode: 'init', source: () => 512 }).checkInit(1024)).toThrow(
      'maxQuota (1,024 bytes) exceeds available physical RAM (512 bytes).',
    );
    expect(() => guard({ mode: 'init', source: () => 2_000_000_000 }).checkInit(268_435_456 * 10)).toThrow(
      'maxQuota (2,684,354,560 bytes) exceeds available physical RAM (2,000,000,000 bytes).',
    );
  });

  it('a quota within available memory, or unknown memory, passes', () => {
    guard({ mode: 'init', source: () => 100 }).checkInit(100);
    guard({ mode: 'init', source: () => null }).checkInit(10 ** 15);
    expect(emitWarning).not.toHaveBeenCalled();
  });

  it('write checks are no-ops', () => {
    const source = countingSource(100);
    const g = guard({ mode: 'init', source });
    g.checkInit(50);
    g.checkBeforeWrite(10 ** 9);
    expect(source.calls).toBe(1);
  });

  it('a source that throws or returns garbage counts as unknown', () => {
    const throwing = () => {
      throw new Error('no /proc');
    };
    guard({ mode: 'init', source: throwing }).checkInit(10 ** 15);
    guard({ mode: 'init', source: () => Number.NaN }).checkInit(10 ** 15);
    guard({ mode: 'init', source: () => -5 }).checkInit(1);
    expect(emitWarning).not.toHaveBeenCalled();
  });
});

describe("mode 'per_write'", () => {
  it('the init check and two write checks within the interval query the source once', () => {
    const source = countingSource(10_000);
    const g = guard({ source, intervalMs: 60_000, now: manualClock().now });
    g.checkInit(100);
    g.checkBeforeWrite(10);
    g.checkBeforeWrite(20);
    expect(source.calls).toBe(1);
  });

  it('queries again once the interval has passed', () => {
    const source = countingSource(10_000);
    const clock = manualClock(5_000);
    const g = guard({ source, intervalMs: 1000, now: clock.now });
    g.checkInit(100);
    clock.set(5_999);
    g.checkBeforeWrite(1);
    expect(source.calls).toBe(1);
    clock.set(6_000);
    g.checkBeforeWrite(1);
    expect(source.calls).toBe(2);
    clock.set(6_500);
    g.checkBeforeWrite(1);
    expect(source.calls).toBe(2);
  });

  it('intervalMs 0 queries before every write', () => {
    const source = countingSource(10_000);
    const g = guard({ source, intervalMs: 0, now: manualClock().now });
    g.checkInit(100);
    g.checkBeforeWrite(1);
    g.checkBeforeWrite(1);
    expect(source.calls).toBe(3);
  });

  it('uses the fresh answer after a re-query', () => {
    let available = 1000;
    const clock = manualClock(0);
    const g = guard({ source: () => available, intervalMs: 1000, now: clock.now });
    g.checkInit(100);
    available = 10;
    g.checkBeforeWrite(500); // still the cached 1000
    clock.set(1000);
    expect(() => g.checkBeforeWrite(500)).toThrow(
      'Write of 500 bytes requested but only 10 bytes of physical RAM available (checked 0.0s ago).',
    );
  });

  it('without an init check the first write queries the source', () => {
    const source = countingSource(100);
    const g = guard({ source, now: manualClock().now });
    expect(() => g.checkBeforeWrite(200)).toThrow(MFSMemoryError);
    expect(source.calls).toBe(1);
  });

  it('warn: a write above available memory emits a ResourceWarning with the age of the answer', () => {
    const clock = manualClock(0);
    const g = guard({ action: 'warn', intervalMs: 1000, now: clock.now });
    g.checkInit(50);
    clock.set(300);
    g.checkBeforeWrite(200);
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(emitWarning).toHaveBeenCalledWith(
      'Write of 200 bytes requested but only 100 bytes of physical RAM available (checked 0.3s ago).',
      { type: 'ResourceWarning', code: 'DMEMFS_MEMORY_GUARD' },
    );
  });

  it('raise: a write above available memory throws MFSMemoryError', () => {
    const clock = manualClock(0);
    const g = guard({ action: 'raise', now: clock.now });
    g.checkInit(50);
    clock.set(250);
    const error = errorOf(() => g.checkBeforeWrite(200));
    expect(error).toBeInstanceOf(MFSMemoryError);
    expect((error as Error).message).toBe(
      'Write of 200 bytes requested but only 100 bytes of physical RAM available (checked 0.3s ago).',
    );
  });

  it('formats large write sizes with thousands separators', () => {
    const g = guard({ source: () => 1_000_000, now: manualClock().now });
    expect(() => g.checkBeforeWrite(1_500_000)).toThrow(
      'Write of 1,500,000 bytes requested but only 1,000,000 bytes of physical RAM available',
    );
  });

  it('a write of exactly the available bytes, or with memory unknown, passes', () => {
    guard({ now: manualClock().now }).checkBeforeWrite(100);
    const unknown = guard({ source: () => null, now: manualClock().now });
    unknown.checkInit(10 ** 15);
    unknown.checkBeforeWrite(10 ** 15);
    expect(emitWarning).not.toHaveBeenCalled();
  });

  it('the init check warns with the per_write mode too', () => {
    guard({ action: 'warn', now: manualClock().now }).checkInit(101);
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(String(emitWarning.mock.calls[0][0])).toContain('exceeds available physical RAM');
  });

  it('uses performance.now when no clock is given', () => {
    const source = countingSource(10_000);
    const g = new MemoryGuard({ mode: 'per_write', action: 'raise', intervalMs: 3_600_000, source });
    g.checkInit(1);
    g.checkBeforeWrite(1);
    expect(source.calls).toBe(1);
  });
});
