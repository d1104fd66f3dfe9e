import type { MessageBatch } from '../../shared/domain/message';
import { ROW_PREVIEW_BYTES } from '../../shared/domain/message';
import { toWire } from '../../shared/domain/packedBatch';
import { PackedBatchBuilder } from '../../shared/domain/packedBatchBuilder';
import type { MessageStore, Segment } from '../store/messageStore';
import { BATCH_INTERVAL_MS, Coalescer } from '../timing/coalescer';

/** Rows at the end of each connection's batch that always carry their preview (a tall log page and more). */
export const LIVE_TAIL_ROWS = 500;

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
    // Which rows carry their preview: the last LIVE_TAIL_ROWS of each connection (what a log
    // following the tail shows), the last message of each topic (what the topic tree shows) and
    // every retained one (the tree's retained state depends on its size).
    // The rest go as topic, time and flags only: at a firehose's rate the page's cost grows with
    // the bytes it is sent, and those rows are read from the store if anyone scrolls to them.
    // One pass measures the batch (so its buffers are allocated once, at their final size) and
    // finds each topic's last row; the second writes it. What a store already dropped is skipped.
    let count = 0;
    let payloadBytes = 0;
    const plans = [...this.unsent].map(([connectionId, { store, from }]) => {
      const tailFrom = store.end - LIVE_TAIL_ROWS;
      const always = (seq: number, segment: Segment, index: number) => seq >= tailFrom || store.isRetained(segment, index);
      // Per topic: its last row, and the preview bytes that row adds if nothing else sends them.
      const lastOfTopic = new Map<number, { seq: number; extraBytes: number }>();
      store.forEach(from, store.end, (seq, segment, index) => {
        count += 1;
        const bytes = store.rowPayloadBytes(segment, index, ROW_PREVIEW_BYTES);
        const counted = always(seq, segment, index);
        if (counted) payloadBytes += bytes;
        lastOfTopic.set(store.topicNumber(segment, index), { seq, extraBytes: counted ? 0 : bytes });
      });
      for (const last of lastOfTopic.values()) payloadBytes += last.extraBytes;
      const preview = (seq: number, segment: Segment, index: number) => always(seq, segment, index) || lastOfTopic.get(store.topicNumber(segment, index))?.seq === seq;
      return { connectionId, store, from, preview };
    });
    const builder = new PackedBatchBuilder(count, payloadBytes);
    for (const { connectionId, store, from, preview } of plans) {
      store.forEach(from, store.end, (seq, segment, index) =>
        store.packRow(builder, connectionId, seq, segment, index, preview(seq, segment, index) ? ROW_PREVIEW_BYTES : 'omitted'),
      );
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
