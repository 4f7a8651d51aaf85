/**
 * A bit-exact port of the parts of CPython's `random.Random` that the benchmark workloads use:
 * seeding from an integer, `getrandbits`, `randrange` and `randint`.
 *
 * The reference benchmarks draw their random write positions and read indices from
 * `random.Random(42)`. Reproducing CPython's generator exactly means every backend here touches the
 * same bytes in the same order as the reference run, so results stay comparable with it.
 *
 * @module
 */

const STATE_SIZE = 624;
const SHIFT_SIZE = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_POW_32 = 0x1_0000_0000;

/** Largest bit count `getrandbits` supports: results must stay exact JavaScript integers. */
const MAX_BITS = 53;

/** Number of bits needed to represent the non-negative safe integer `n` (`int.bit_length()`). */
function bitLength(n: number): number {
  if (n < TWO_POW_32) return 32 - Math.clz32(n);
  return 64 - Math.clz32(Math.floor(n / TWO_POW_32));
}

/** Splits a non-negative safe integer into little-endian 32-bit words, as CPython does for seeds. */
function seedKey(seed: number): number[] {
  const key = [seed % TWO_POW_32];
  const high = Math.floor(seed / TWO_POW_32);
  if (high > 0) key.push(high);
  return key;
}

/** CPython's `random.Random`, restricted to integer seeds and integer results. */
export class PythonRandom {
  private readonly state = new Uint32Array(STATE_SIZE);
  private index = STATE_SIZE;

  /**
   * Seeds the generator like `random.Random(seed)` for an integer seed: the key is the absolute value
   * split into 32-bit words, fed to MT19937's `init_by_array`.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    this.initByArray(seedKey(Math.abs(seed)));
  }

  /** `random.getrandbits(k)` for `0 <= k <= 53`. */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > MAX_BITS) {
      throw new RangeError(`getrandbits supports 0..${MAX_BITS} bits, got ${k}`);
    }
    if (k === 0) return 0;
    if (k <= 32) return this.nextUint32() >>> (32 - k);
    // CPython fills the result from the least significant 32-bit word upwards and drops the low bits
    // of the last (most significant) word.
    const low = this.nextUint32();
    const high = this.nextUint32() >>> (64 - k);
    return high * TWO_POW_32 + low;
  }

  /** `random.randrange(start, stop)`: a uniform integer with `start <= x < stop`. */
  randrange(start: number, stop: number): number {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(stop)) {
      throw new RangeError(`randrange bounds must be safe integers, got ${start}, ${stop}`);
    }
    const width = stop - start;
    if (width <= 0) throw new RangeError(`empty range for randrange(${start}, ${stop})`);
    return start + this.randbelow(width);
  }

  /** `random.randint(a, b)`: a uniform integer with `a <= x <= b` (both ends inclusive). */
  randint(a: number, b: number): number {
    return this.randrange(a, b + 1);
  }

  /** `_randbelow_with_getrandbits`: rejection sampling on `bit_length(n)` random bits. */
  private randbelow(n: number): number {
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  private initGenrand(seed: number): void {
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < STATE_SIZE; i++) {
      const previous = mt[i - 1];
      mt[i] = Math.imul(1812433253, previous ^ (previous >>> 30)) + i;
    }
    this.index = STATE_SIZE;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.state;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(STATE_SIZE, key.length); k > 0; k--) {
      const previous = mt[i - 1];
      // Uint32Array stores reduce modulo 2**32, which is exactly C's unsigned wrap-around.
      mt[i] = (mt[i] ^ Math.imul(previous ^ (previous >>> 30), 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= STATE_SIZE) {
        mt[0] = mt[STATE_SIZE - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = STATE_SIZE - 1; k > 0; k--) {
      const previous = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(previous ^ (previous >>> 30), 1566083941)) - i;
      i++;
      if (i >= STATE_SIZE) {
        mt[0] = mt[STATE_SIZE - 1];
        i = 1;
      }
    }
    mt[0] = UPPER_MASK; // MSB is 1, assuring a non-zero initial array
  }

  private twist(): void {
    const mt = this.state;
    for (let kk = 0; kk < STATE_SIZE; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % STATE_SIZE] & LOWER_MASK);
      mt[kk] = mt[(kk + SHIFT_SIZE) % STATE_SIZE] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  private nextUint32(): number {
    if (this.index >= STATE_SIZE) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
