import { BATCH_INTERVAL_MS, Coalescer } from './coalescer';

/** Collects items and hands them on in one batch per interval (see Coalescer). */
export class Batcher<T> {
  private pending: T[] = [];
  private readonly timer: Coalescer;

  constructor(flush: (items: T[]) => void, intervalMs = BATCH_INTERVAL_MS) {
    this.timer = new Coalescer(() => {
      if (this.pending.length === 0) return;
      const items = this.pending;
      this.pending = [];
      flush(items);
    }, intervalMs);
  }

  push(item: T): void {
    this.pending.push(item);
    this.timer.request();
  }

  flushNow(): void {
    this.timer.runNow();
  }

  dispose(): void {
    this.timer.cancel();
    this.pending = [];
  }
}
