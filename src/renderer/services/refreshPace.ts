/** Above this many messages a second across all connections, the feed counts as a flood. */
export const FLOOD_MSGS_PER_SECOND = 2_000;
/** How often views refresh during a flood; between floods they refresh on every animation frame. */
export const FLOOD_REFRESH_MS = 250;

type Listener = () => void;

/**
 * How often the high-rate views (log, topic tree, packets) may repaint. During a flood a row
 * scrolls past in a fraction of a frame anyway, while each repaint (style, layout, paint,
 * raster) takes CPU the engine and the broker on the same machine need to keep up: so above
 * FLOOD_MSGS_PER_SECOND the views refresh FLOOD_REFRESH_MS apart, and say so.
 * The rate is counted in one-second windows from what the live feed delivers.
 */
class RefreshPace {
  private windowStart = 0;
  private inWindow = 0;
  private flood = false;
  /** While flooding: closes the window each second, so the flood ends when the feed goes quiet. */
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Set<Listener>();

  /** `messages` more arrived (live batches and catch-up pages alike). */
  counted(messages: number, now = performance.now()): void {
    if (now - this.windowStart >= 1_000) {
      const perSecond = (this.inWindow * 1_000) / Math.max(1_000, now - this.windowStart);
      this.windowStart = now;
      this.inWindow = 0;
      this.set(perSecond > FLOOD_MSGS_PER_SECOND);
    }
    this.inWindow += messages;
    // A flood is recognised within its first second, not only once the window closes.
    if (this.inWindow > FLOOD_MSGS_PER_SECOND) this.set(true);
  }

  get minIntervalMs(): number {
    return this.flood ? FLOOD_REFRESH_MS : 0;
  }

  /** For useSyncExternalStore: views that show whether a flood slowed them down. */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): boolean => this.flood;

  private set(flood: boolean): void {
    if (flood === this.flood) return;
    this.flood = flood;
    clearInterval(this.timer);
    this.timer = flood ? setInterval(() => this.counted(0), 1_000) : undefined;
    for (const listener of this.listeners) listener();
  }
}

export const refreshPace = new RefreshPace();
