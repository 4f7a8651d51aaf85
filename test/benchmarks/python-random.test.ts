import { describe, expect, it } from 'vitest';
import { PythonRandom } from '../../benchmarks/lib/python-random.js';

// Every expected value below was produced by CPython's `random.Random`.
describe('PythonRandom', () => {
  it('reproduces Random(42).randint(0, 9999)', () => {
    const random = new PythonRandom(42);
    const values = Array.from({ length: 10 }, () => random.randint(0, 9999));
    expect(values).toEqual([1824, 409, 4506, 4012, 3657, 2286, 1679, 8935, 1424, 9674]);
  });

  it('reproduces Random(42).getrandbits(32)', () => {
    const random = new PythonRandom(42);
    expect([random.getrandbits(32), random.getrandbits(32), random.getrandbits(32)]).toEqual([
      2746317213, 478163327, 107420369,
    ]);
    expect(random.getrandbits(0)).toBe(0);
  });

  it('reproduces the random_access_rw offsets: Random(42).randint(0, 16 MiB - 64 KiB)', () => {
    const random = new PythonRandom(42);
    const values = Array.from({ length: 5 }, () => random.randint(0, 16 * 1024 * 1024 - 64 * 1024));
    expect(values).toEqual([10727801, 1867825, 419610, 12441152, 4614226]);
  });

  it('reproduces randrange, small ranges and seed 0', () => {
    const fortyTwo = new PythonRandom(42);
    expect(Array.from({ length: 5 }, () => fortyTwo.randrange(10, 20))).toEqual([11, 10, 14, 13, 13]);
    const zero = new PythonRandom(0);
    expect(Array.from({ length: 8 }, () => zero.randint(1, 6))).toEqual([4, 4, 1, 3, 5, 4, 4, 3]);
  });

  it('seeds from the absolute value, like CPython', () => {
    const negative = new PythonRandom(-42);
    expect(Array.from({ length: 3 }, () => negative.randint(0, 9999))).toEqual([1824, 409, 4506]);
  });

  it('handles multi-word seeds and results above 32 bits', () => {
    const wideSeed = new PythonRandom(2 ** 40 + 7);
    expect(Array.from({ length: 3 }, () => wideSeed.getrandbits(53))).toEqual([
      6731298720428250, 8448144041728693, 5760319706908197,
    ]);
    const wideRange = new PythonRandom(7);
    expect(Array.from({ length: 3 }, () => wideRange.randint(0, 2 ** 40))).toEqual([
      868231286071, 105874957392, 208460025899,
    ]);
  });

  it('rejects what it cannot reproduce exactly', () => {
    expect(() => new PythonRandom(0.5)).toThrow(RangeError);
    expect(() => new PythonRandom(42).getrandbits(54)).toThrow(RangeError);
    expect(() => new PythonRandom(42).randint(5, 4)).toThrow(RangeError);
  });
});
