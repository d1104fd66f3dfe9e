import { FLOOD_INTERVAL_MS, FloodRate } from '../../shared/domain/floodRate';

type Listener = () => void;

/**
 * How often the high-rate views (log, topic tree, packets) may repaint. During a flood a row
 * scrolls past in a fraction of a frame anyway, while each repaint (style, layout, paint,
 * raster) takes CPU the engine and the broker on the same machine need to keep up: so during a
 * flood (see FloodRate) the views refresh FLOOD_INTERVAL_MS apart, and say so.
 * The rate is counted from what the live feed delivers.
 */
class RefreshPace {
  private readonly rate = new FloodRate();
  private flood = false;
  /** While flooding: asks each second, so the flood ends when the feed goes quiet. */
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Set<Listener>();

  /** `messages` more arrived (live batches and catch-up pages alike). */
  counted(messages: number, now = performance.now()): void {
    this.rate.counted(messages, now);
    this.set(this.rate.flooding(now));
  }

  get minIntervalMs(): number {
    return this.flood ? FLOOD_INTERVAL_MS : 0;
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
    this.timer = flood ? setInterval(() => this.set(this.rate.flooding(performance.now())), 1_000) : undefined;
    for (const listener of this.listeners) listener();
  }
}

export const refreshPace = new RefreshPace();
