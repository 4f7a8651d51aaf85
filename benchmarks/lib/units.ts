/**
 * Byte-size constants and formatting shared by workloads and reports.
 *
 * @module
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** Formats a byte count with the largest binary unit that divides it evenly, e.g. `64 KiB`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', GiB],
    ['MiB', MiB],
    ['KiB', KiB],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}

/**
 * Formats a duration in milliseconds with about three significant digits and no exponent for any
 * time a benchmark reports: `245`, `1.61`, `0.214`, `0.00214`.
 */
export function formatMs(ms: number): string {
  if (ms < 0) return `-${formatMs(-ms)}`;
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 1) return ms.toFixed(2);
  if (ms === 0) return '0';
  return ms.toFixed(Math.max(3, 2 - Math.floor(Math.log10(ms))));
}
