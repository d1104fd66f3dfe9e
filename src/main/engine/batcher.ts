/** The UI gets at most one batch per interval: one transport message, one store update. */
export const BATCH_INTERVAL_MS = 33;

/**
 * Collects items from every session and hands them on in one batch per interval, so a firehose
 * costs the transport and the renderer a fixed number of wake-ups per second.
 */
export class Batcher<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flush: (items: T[]) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flushNow(), this.intervalMs);
      this.timer.unref();
    }
  }

  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.flush(items);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
