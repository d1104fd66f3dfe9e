/** Above this many messages a second, the live feed counts as a flood. */
export const FLOOD_MSGS_PER_SECOND = 2_000;
/**
 * During a flood the engine sends the UI one live batch this often, and views refresh this often.
 * A row scrolls past in a fraction of a frame anyway; fewer, larger batches let the engine count
 * messages instead of sending them (see StoreFeed) and leave the CPU to the broker and the engine.
 */
export const FLOOD_INTERVAL_MS = 250;

const WINDOW_MS = 1_000;

/**
 * Whether messages are arriving at a flood's rate, counted in one-second windows. It needs no
 * timer: a window closes when the next count or question comes. A whole second with nothing
 * counted ends a flood, however large the window before it was.
 */
export class FloodRate {
  private windowStart = -Infinity;
  private inWindow = 0;
  private flood = false;

  /** `messages` more arrived at `now` (ms). */
  counted(messages: number, now: number): void {
    this.roll(now);
    this.inWindow += messages;
    // A flood is recognised within its first second, not only once its window closes.
    if (this.inWindow > FLOOD_MSGS_PER_SECOND) this.flood = true;
  }

  flooding(now: number): boolean {
    this.roll(now);
    return this.flood;
  }

  private roll(now: number): void {
    if (now - this.windowStart < WINDOW_MS) return;
    const elapsed = now - this.windowStart;
    // Any count in the window's second would have closed it: so after two, the last one was quiet.
    const quietSecond = elapsed >= 2 * WINDOW_MS;
    const perSecond = (this.inWindow * 1_000) / elapsed;
    this.windowStart = now;
    this.inWindow = 0;
    this.flood = !quietSecond && perSecond > FLOOD_MSGS_PER_SECOND;
  }
}
