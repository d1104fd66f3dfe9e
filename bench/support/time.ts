/** Small timing helpers shared by the UI bench: every wait in it must be bounded. */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with the promise's value, or with `fallback` once `ms` have passed. Used around calls
 * into a page that may be stalled (a busy renderer answers page.evaluate only when it is free),
 * so a stalled UI becomes a measurement instead of a hung bench.
 */
export async function withTimeout<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Rounds for the table and JSON: measurements, not false precision. */
export const round1 = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10) / 10);
