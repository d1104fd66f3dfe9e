/** One scenario's measurements, as they go into the bench JSON. */
export type Section = Record<string, unknown>;
export type Spread = { min: number; median: number; max: number };

/** min/median/max; the median of an even count is the mean of the middle two. */
export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

/**
 * Folds repeated rounds of one scenario into one section. Every number becomes its median (the
 * headline the JSON shape asks for), with min/median/max under `spread` where rounds
 * differ; `worst` names numbers whose headline is the worst round instead (messages lost: one
 * lossy round is a loss). Flags hold only if they held in every round, lists are merged, and
 * other values are listed when rounds disagree. A round that could not run is kept under `errors`.
 */
export function foldRounds(rounds: readonly Section[], worst: Record<string, 'min' | 'max'> = {}): Section {
  const ran = rounds.filter((round) => !('error' in round));
  const errors = rounds.filter((round) => 'error' in round).map((round) => String(round.error));
  const folded: Section = { rounds: rounds.length };
  const spreads: Record<string, Spread> = {};
  const keys = [...new Set(ran.flatMap((round) => Object.keys(round)))];
  for (const key of keys) {
    const values = ran.map((round) => round[key]);
    const numbers = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
    if (numbers.length > 0 && values.every((value) => typeof value === 'number' || value === null || value === undefined)) {
      const s = spread(numbers)!;
      const headline = worst[key] === 'max' ? s.max : worst[key] === 'min' ? s.min : s.median;
      folded[key] = Math.round(headline * 1000) / 1000;
      // Only where rounds differ: a constant (the message count) needs no spread.
      if (s.min !== s.max) spreads[key] = s;
    } else if (values.every((value) => typeof value === 'boolean')) {
      folded[key] = values.every(Boolean);
    } else if (values.every((value) => Array.isArray(value))) {
      folded[key] = [...new Set(values.flat().map(String))].slice(0, 20);
    } else {
      const distinct = [...new Set(values.map((value) => (value === undefined ? null : value)))];
      folded[key] = distinct.length === 1 ? distinct[0] : distinct;
    }
  }
  if (Object.keys(spreads).length > 0) folded.spread = spreads;
  if (errors.length > 0) folded.errors = errors;
  if (ran.length === 0) folded.error = errors[0] ?? 'no round ran';
  return folded;
}

/** Sections picked by BENCH_ONLY (comma-separated); all when it is unset. */
export function wanted(section: string): boolean {
  const only = process.env.BENCH_ONLY?.trim();
  if (!only) return true;
  return only.split(',').some((name) => name.trim() === section);
}
