import type { MessageBatch, MessageRecord } from '../../shared/domain/message';
import { packMessages, toWire } from '../../shared/domain/packedBatch';
import type { MessageStore } from '../store/messageStore';
import { BATCH_INTERVAL_MS } from './batcher';

/**
 * Sends the UI what each connection's store gained since the last batch, one packed batch per
 * interval. Between batches the messages wait in the stores' columns, not as a queue of objects:
 * at tens of thousands of messages a second such a queue outlives V8's young generation and gets
 * promoted, and the old generation (and the process's memory) balloons with garbage.
 */
export class StoreFeed {
  /** Per connection: the first sequence number not sent yet. */
  private readonly unsent = new Map<string, { store: MessageStore; from: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (batch: MessageBatch) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  /** A message `seq` was just added to `store`. */
  added(connectionId: string, store: MessageStore, seq: number): void {
    if (!this.unsent.has(connectionId)) this.unsent.set(connectionId, { store, from: seq });
    if (!this.timer) {
      this.timer = setTimeout(() => this.flushNow(), this.intervalMs);
      this.timer.unref();
    }
  }

  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.unsent.size === 0) return;
    const records: MessageRecord[] = [];
    for (const [connectionId, { store, from }] of this.unsent) {
      // Large payloads go as their preview (store.get); anything the store already dropped is skipped.
      for (let seq = Math.max(from, store.first); seq < store.end; seq += 1) records.push(store.get(seq, connectionId)!);
    }
    this.unsent.clear();
    if (records.length > 0) this.send(toWire(packMessages(records)));
  }

  /** A removed connection: nothing more of it is sent. */
  forget(connectionId: string): void {
    this.unsent.delete(connectionId);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsent.clear();
  }
}
