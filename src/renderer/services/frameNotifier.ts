import { refreshPace } from './refreshPace';

/**
 * Tells subscribed views that high-rate data changed, at most once per animation frame however
 * many batches arrived (and during a flood, at most every FLOOD_INTERVAL_MS): views re-read their
 * data then, outside React state.
 */
export class FrameNotifier {
  private readonly listeners = new Set<() => void>();
  private pending = false;
  private lastRun = -Infinity;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    if (this.pending) return;
    this.pending = true;
    const frame = () =>
      requestAnimationFrame(() => {
        this.pending = false;
        this.lastRun = performance.now();
        for (const listener of this.listeners) listener();
      });
    const wait = this.lastRun + refreshPace.minIntervalMs - performance.now();
    if (wait > 0) setTimeout(frame, wait);
    else frame();
  }
}
