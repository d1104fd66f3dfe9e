import type { MessageBatch, MessageRecord } from '../../shared/domain/message';
import { packMessages, toWire } from '../../shared/domain/packedBatch';
import type { MessageStore } from '../store/messageStore';
import { BATCH_INTERVAL_MS, Coalescer } from '../timing/coalescer';

/**
 * Sends the UI what each connection's store gained since the last batch, one packed batch per
 * interval. Between batches the messages wait in the stores' columns, not as a queue of objects:
 * at tens of thousands of messages a second such a queue outlives V8's young generation and gets
 * promoted, and the old generation (and the process's memory) balloons with garbage.
 */
export class StoreFeed {
  /** Per connection: the first sequence number not sent yet. */
  private readonly unsent = new Map<string, { store: MessageStore; from: number }>();
  private readonly timer: Coalescer;

  constructor(
    private readonly send: (batch: MessageBatch) => void,
    intervalMs = BATCH_INTERVAL_MS,
  ) {
    this.timer = new Coalescer(() => this.flush(), intervalMs);
  }

  /** A message `seq` was just added to `store`. */
  added(connectionId: string, store: MessageStore, seq: number): void {
    if (!this.unsent.has(connectionId)) this.unsent.set(connectionId, { store, from: seq });
    this.timer.request();
  }

  flushNow(): void {
    this.timer.runNow();
  }

  private flush(): void {
    if (this.unsent.size === 0) return;
    const records: MessageRecord[] = [];
    for (const [connectionId, { store, from }] of this.unsent) {
      // One walk over the columns (large payloads as their preview); what the store already dropped is skipped.
      store.forEach(from, store.end, (seq, segment, index) => {
        records.push(store.record(seq, segment, index, connectionId));
      });
    }
    this.unsent.clear();
    if (records.length > 0) this.send(toWire(packMessages(records)));
  }

  /** A removed connection: nothing more of it is sent. */
  forget(connectionId: string): void {
    this.unsent.delete(connectionId);
  }

  dispose(): void {
    this.timer.cancel();
    this.unsent.clear();
  }
}
