/**
 * Summary statistics of repeated timings.
 *
 * @module
 */

/** Minimum, median and maximum of a non-empty sample. */
export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** Summarizes `values`; the median of an even count is the mean of the two middle values. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('cannot summarize an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}
