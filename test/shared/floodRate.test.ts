/**
 * When the live feed counts as a flood: the engine then batches, and the views refresh, four
 * times a second instead of every frame. A user sees the flood note come and go with it.
 */
import { describe, expect, it } from 'vitest';
import { FLOOD_MSGS_PER_SECOND, FloodRate } from '../../src/shared/domain/floodRate';

describe('FloodRate', () => {
  it('is not a flood at a steady rate below the threshold', () => {
    const rate = new FloodRate();
    // 1,000 msg/s for ten seconds, in batches of 33 ms.
    for (let t = 0; t < 10_000; t += 33) {
      rate.counted(33, t);
      expect(rate.flooding(t)).toBe(false);
    }
  });

  it('recognises a flood within its first second and keeps it while the rate holds', () => {
    const rate = new FloodRate();
    let floodAt: number | undefined;
    // 30,000 msg/s: 990 messages per 33 ms batch.
    for (let t = 0; t < 5_000; t += 33) {
      rate.counted(990, t);
      if (rate.flooding(t)) floodAt ??= t;
      if (floodAt !== undefined) expect(rate.flooding(t)).toBe(true);
    }
    expect(floodAt).toBeDefined();
    expect(floodAt!).toBeLessThan(100);
  });

  it('ends the flood once the feed has been quiet for a second, without any further count', () => {
    const rate = new FloodRate();
    for (let t = 0; t < 3_000; t += 33) rate.counted(990, t);
    expect(rate.flooding(3_000)).toBe(true);
    // The next question after a quiet second and a half: the last window's messages are spread over it.
    expect(rate.flooding(4_500)).toBe(false);
  });

  it('ends a flood that slows down below the threshold', () => {
    const rate = new FloodRate();
    for (let t = 0; t < 2_000; t += 33) rate.counted(990, t);
    expect(rate.flooding(2_000)).toBe(true);
    // Half the threshold for three seconds.
    for (let t = 2_000; t < 5_000; t += 100) rate.counted(FLOOD_MSGS_PER_SECOND / 20, t);
    expect(rate.flooding(5_000)).toBe(false);
  });
});
