/**
 * A small deterministic pseudo-random generator, for scenario data that must be the same on every
 * run yet not trivially compressible.
 *
 * @module
 */

/**
 * Marsaglia's 32-bit xorshift (shifts 13, 17, 5) from `seed`: each call returns the next unsigned
 * 32-bit integer of a fixed sequence.
 */
export function xorshift32(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}
