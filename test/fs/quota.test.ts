import { describe, expect, test } from 'vitest';
import { QuotaLedger } from '../../src/fs/quota.js';
import { MFSQuotaExceededError } from '../../src/index.js';
import { errorOf } from '../helpers.js';

describe('QuotaLedger', () => {
  test('starts empty', () => {
    const ledger = new QuotaLedger(1000);
    expect([ledger.used, ledger.free, ledger.limit]).toEqual([0, 1000, 1000]);
  });

  test('a reservation is kept, and rollback returns it', () => {
    const ledger = new QuotaLedger(1000);
    ledger.reserve(100);
    expect([ledger.used, ledger.free]).toEqual([100, 900]);
    ledger.reserve(50);
    ledger.rollback(50);
    expect(ledger.used).toBe(100);
  });

  test('reserving exactly the free amount succeeds; one more byte is refused and charges nothing', () => {
    const ledger = new QuotaLedger(100);
    ledger.reserve(100);
    expect(ledger.free).toBe(0);
    const fresh = new QuotaLedger(100);
    const error = errorOf(() => fresh.reserve(101, '/f')) as MFSQuotaExceededError;
    expect(error).toBeInstanceOf(MFSQuotaExceededError);
    expect(error.requested).toBe(101);
    expect(error.available).toBe(100);
    expect(error.path).toBe('/f');
    expect(fresh.used).toBe(0);
  });

  test('zero and negative amounts do nothing', () => {
    const ledger = new QuotaLedger(10);
    ledger.reserve(0);
    ledger.reserve(-5);
    ledger.release(0);
    ledger.release(-5);
    ledger.apply(0);
    expect(ledger.used).toBe(0);
  });

  test('release returns bytes; releasing more than is charged is a bug and throws', () => {
    const ledger = new QuotaLedger(1000);
    ledger.reserve(100);
    ledger.release(50);
    expect(ledger.used).toBe(50);
    expect(() => ledger.release(51)).toThrow(/internal error/);
    expect(ledger.used).toBe(50);
  });

  test('ensureAvailable checks without charging', () => {
    const ledger = new QuotaLedger(100);
    ledger.ensureAvailable(100);
    expect(ledger.used).toBe(0);
    expect(() => ledger.ensureAvailable(101)).toThrow(MFSQuotaExceededError);
  });

  test('apply charges a checked net change, or releases a negative one', () => {
    const ledger = new QuotaLedger(100);
    ledger.apply(60);
    ledger.apply(-20);
    expect(ledger.used).toBe(40);
    expect(() => ledger.apply(61)).toThrow(/unchecked/);
    expect(ledger.used).toBe(40);
  });

  test('many reservations against one quota never overshoot it', () => {
    const ledger = new QuotaLedger(1000);
    let ok = 0;
    let refused = 0;
    for (let i = 0; i < 15; i++) {
      try {
        ledger.reserve(100);
        ok++;
      } catch (error) {
        expect(error).toBeInstanceOf(MFSQuotaExceededError);
        refused++;
      }
    }
    expect([ok, refused]).toEqual([10, 5]);
    expect(ledger.used).toBe(1000);
  });
});
