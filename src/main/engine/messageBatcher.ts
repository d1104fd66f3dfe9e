import type { MessageBatch, MessageRecord } from '../../shared/domain/message';

/** The UI gets at most one batch per interval: one transport message, one store update. */
export const BATCH_INTERVAL_MS = 33;

/**
 * Collects messages from every session and hands them on in one batch per interval, so a
 * firehose costs the transport and the renderer a fixed number of wake-ups per second.
 */
export class MessageBatcher {
  private pending: MessageRecord[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flush: (batch: MessageBatch) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  push(message: MessageRecord): void {
    this.pending.push(message);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flushNow(), this.intervalMs);
      this.timer.unref();
    }
  }

  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const messages = this.pending;
    this.pending = [];
    this.flush({ messages });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
