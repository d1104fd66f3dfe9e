import { describe, expect, it } from 'vitest';
import { chartTimes, timeRange } from '../../src/renderer/features/topics/chartTimes';

const T = 1_764_900_000_123; // a moment in ms

describe('topic chart times', () => {
  it('give messages that share a millisecond their own place on the axis, in arrival order', () => {
    const x = chartTimes([T, T, T, T + 5, T + 5]);
    expect(x).toEqual([T / 1000, (T + 1 / 3) / 1000, (T + 2 / 3) / 1000, (T + 5) / 1000, (T + 5.5) / 1000]);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]!);
  });

  it('stay increasing when the clock steps back', () => {
    const x = chartTimes([T, T + 10, T + 3, T + 11]);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]!);
    expect(x[0]).toBe(T / 1000);
    expect(x[3]).toBe((T + 11) / 1000);
  });

  it('centre values from a single moment in a one-second axis, not a day-wide one', () => {
    const at = T / 1000;
    // uPlot's own answer for a zero-width time range is a whole day from the first value.
    expect(timeRange(at, at + 86_400, at, at)).toEqual([at - 0.5, at + 0.5]);
    const burst = chartTimes([T, T, T]);
    const [from, to] = timeRange(burst[0]!, burst[2]! + 86_400, burst[0], burst[2]);
    expect(to - from).toBeCloseTo(1, 9);
    expect((from + to) / 2).toBeCloseTo(at, 3);
  });

  it('leave wider data, and a window the user zoomed into, as they are', () => {
    expect(timeRange(100, 160, 100, 160)).toEqual([100, 160]);
    expect(timeRange(100.2, 100.4, 100, 100.5)).toEqual([100.2, 100.4]);
    expect(timeRange(0, 1, undefined, undefined)).toEqual([0, 1]);
  });
});
