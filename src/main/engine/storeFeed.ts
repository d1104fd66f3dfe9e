import type { MessageBatch } from '../../shared/domain/message';
import { ROW_PREVIEW_BYTES } from '../../shared/domain/message';
import { toWire } from '../../shared/domain/packedBatch';
import { PackedBatchBuilder } from '../../shared/domain/packedBatchBuilder';
import type { MessageStore } from '../store/messageStore';
import { BATCH_INTERVAL_MS, Coalescer } from '../timing/coalescer';

/**
 * Sends the UI what each connection's store gained since the last batch, one packed batch per
 * interval. Between batches the messages wait in the stores' columns, not as a queue of objects:
 * at tens of thousands of messages a second such a queue outlives V8's young generation and gets
 * promoted, and the old generation (and the process's memory) balloons with garbage. The batch is
 * written straight from those columns (payloads as row previews), with no record per message.
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
    // Measured first, so the batch's buffers are allocated once at their final size; what a
    // store already dropped is skipped by forEach.
    let count = 0;
    let payloadBytes = 0;
    for (const { store, from } of this.unsent.values()) {
      store.forEach(from, store.end, (_seq, segment, index) => {
        count += 1;
        payloadBytes += store.rowPayloadBytes(segment, index, ROW_PREVIEW_BYTES);
      });
    }
    const builder = new PackedBatchBuilder(count, payloadBytes);
    for (const [connectionId, { store, from }] of this.unsent) {
      store.forEach(from, store.end, (seq, segment, index) => store.packRow(builder, connectionId, seq, segment, index, ROW_PREVIEW_BYTES));
    }
    this.unsent.clear();
    if (count > 0) this.send(toWire(builder.build()));
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
