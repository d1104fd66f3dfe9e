/** Wall-clock milliseconds with sub-millisecond precision, monotonic within the process. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
