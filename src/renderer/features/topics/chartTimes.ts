/**
 * Chart x values in seconds, strictly increasing as uPlot needs them. Messages that arrived in
 * the same millisecond (a burst, or several in one TCP read) are spread evenly across it in the
 * order they arrived; a clock that stepped back is held at the last time seen.
 */
export function chartTimes(times: readonly number[]): number[] {
  const out = new Array<number>(times.length);
  let start = 0;
  let previous = -Infinity;
  while (start < times.length) {
    const ms = Math.max(times[start]!, previous);
    let end = start + 1;
    while (end < times.length && Math.max(times[end]!, ms) === ms) end += 1;
    for (let i = start; i < end; i += 1) out[i] = (ms + (i - start) / (end - start)) / 1000;
    previous = ms + 1;
    start = end;
  }
  return out;
}

/** Narrower than this (seconds), the time axis is widened around the data. */
const MIN_SPAN = 1;

/**
 * The time axis' range for the window uPlot asks for (`min`–`max`) over data from `first` to
 * `last`: as asked, except that data narrower than a second (one value, or a burst within a
 * millisecond) is centred in a one-second axis. Left alone, uPlot stretches a zero-width range to
 * a whole day and draws every value against the left edge.
 */
export function timeRange(min: number, max: number, first: number | undefined, last: number | undefined): [number, number] {
  if (first === undefined || last === undefined || last - first >= MIN_SPAN || min > first || max < last) return [min, max];
  const middle = (first + last) / 2;
  return [middle - MIN_SPAN / 2, middle + MIN_SPAN / 2];
}
