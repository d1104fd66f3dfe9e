import { ROW_PREVIEW_BYTES } from '../../shared/domain/message';
import { FLOOD_INTERVAL_MS, FloodRate } from '../../shared/domain/floodRate';
import { liveToWire, type LiveMessageBatchWire, type LiveSpan, type SkippedTopics } from '../../shared/domain/liveBatch';
import { PackedBatchBuilder } from '../../shared/domain/packedBatchBuilder';
import type { MessageStore, Slot } from '../store/messageStore';
import { BATCH_INTERVAL_MS, Coalescer } from '../timing/coalescer';

/** Rows at the end of each connection's batch that always travel in full (a tall log page and more). */
export const LIVE_TAIL_ROWS = 500;

/** A received message summarised into its topic's count instead of travelling. */
type TopicTally = { count: number; first: number; last: number; lastSeq: number; lastRetainedSeq: number | undefined };

/** What one connection sends: which rows travel (in sequence order) and what the others add up to. */
type SpanPlan = { connectionId: string; store: MessageStore; from: number; end: number; rows: { seq: number; slot: Slot }[]; skipped: Map<number, TopicTally> };

/**
 * Sends the UI what each connection's store gained since the last batch, one live batch per
 * interval. Between batches the messages wait in the stores' columns, not as a queue of objects:
 * at tens of thousands of messages a second such a queue outlives V8's young generation and gets
 * promoted, and the old generation (and the process's memory) balloons with garbage.
 *
 * Only the rows a view can show travel, written straight from those columns with their payload
 * previews: each connection's last LIVE_TAIL_ROWS (what a log following the tail shows), each
 * topic's last received message and its last retained one (what the topic tree shows). Every
 * other received message is counted per topic (see SkippedTopics), which is all the tree needs of
 * it; the log reads such rows from the store if anyone scrolls to them. So at a firehose's rate a
 * batch's size follows the topics and the screen, not the message rate.
 *
 * During a flood (see FloodRate) batches go FLOOD_INTERVAL_MS apart, the pace at which the views
 * refresh then: the same tail rows travel a few times a second instead of thirty, and more of
 * each batch is counted.
 */
export class StoreFeed {
  /** Per connection: the first sequence number not sent yet. */
  private readonly unsent = new Map<string, { store: MessageStore; from: number }>();
  private readonly timer: Coalescer;
  private readonly rate = new FloodRate();

  constructor(
    private readonly send: (batch: LiveMessageBatchWire) => void,
    private readonly quietIntervalMs = BATCH_INTERVAL_MS,
  ) {
    this.timer = new Coalescer(() => this.flush(), () => this.intervalMs);
  }

  /** How long a message now waits to be sent: longer during a flood. */
  get intervalMs(): number {
    return this.rate.flooding(performance.now()) ? Math.max(FLOOD_INTERVAL_MS, this.quietIntervalMs) : this.quietIntervalMs;
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
    // What a store already dropped is skipped: a span starts at its first kept row.
    const plans = [...this.unsent].map(([connectionId, { store, from }]) => planSpan(connectionId, store, Math.max(from, store.first))).filter((plan) => plan.rows.length > 0);
    this.unsent.clear();
    if (plans.length === 0) return;
    this.rate.counted(
      plans.reduce((sum, plan) => sum + plan.end - plan.from, 0),
      performance.now(),
    );
    let count = 0;
    let payloadBytes = 0;
    for (const plan of plans) {
      count += plan.rows.length;
      for (const { slot } of plan.rows) payloadBytes += plan.store.rowPayloadBytes(slot.segment, slot.index, ROW_PREVIEW_BYTES);
    }
    // Measured first, so the batch's buffers are allocated once, at their final size.
    const builder = new PackedBatchBuilder(count, payloadBytes);
    for (const plan of plans) {
      for (const { seq, slot } of plan.rows) plan.store.packRow(builder, plan.connectionId, seq, slot.segment, slot.index, ROW_PREVIEW_BYTES);
    }
    const spans = plans.map((plan): LiveSpan => {
      const span: LiveSpan = { connection: builder.connectionIndexOf(plan.connectionId)!, from: plan.from, end: plan.end };
      if (plan.skipped.size > 0) span.skipped = skippedTopics(plan, builder);
      return span;
    });
    this.send(liveToWire({ rows: builder.build(), spans }));
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

/** Walks [from, end) once: the tail travels; received rows before it are tallied per topic. */
function planSpan(connectionId: string, store: MessageStore, from: number): SpanPlan {
  const end = store.end;
  const tailFrom = Math.max(from, end - LIVE_TAIL_ROWS);
  const tallies = new Map<number, TopicTally>();
  store.forEach(from, tailFrom, (seq, segment, index) => {
    // Sent messages are not in the tree: outside the tail, no live view reads them.
    if (store.isOutgoing(segment, index)) return;
    const topic = store.topicNumber(segment, index);
    const time = store.timeOf(segment, index);
    const retainedSeq = store.isRetained(segment, index) ? seq : undefined;
    const tally = tallies.get(topic);
    if (tally === undefined) {
      tallies.set(topic, { count: 1, first: time, last: time, lastSeq: seq, lastRetainedSeq: retainedSeq });
    } else {
      tally.count += 1;
      if (time < tally.first) tally.first = time;
      if (time > tally.last) tally.last = time;
      tally.lastSeq = seq;
      if (retainedSeq !== undefined) tally.lastRetainedSeq = retainedSeq;
    }
  });
  // Each tallied topic's last row and last retained row travel (the tree shows them), also when
  // the topic has rows in the tail: finding those would cost a pass over the tail for a row or two.
  const travelling = new Set<number>();
  for (const tally of tallies.values()) {
    travelling.add(tally.lastSeq);
    if (tally.lastRetainedSeq !== undefined) travelling.add(tally.lastRetainedSeq);
  }
  const rows: SpanPlan['rows'] = [];
  for (const seq of [...travelling].sort((a, b) => a - b)) {
    const slot = store.slot(seq);
    if (slot) rows.push({ seq, slot });
  }
  store.forEach(tailFrom, end, (seq, segment, index) => void rows.push({ seq, slot: { segment, index } }));
  // The travelling rows leave their topics' tallies: what is left is counted, not sent.
  const skipped = new Map<number, TopicTally>();
  for (const [topic, tally] of tallies) {
    tally.count -= tally.lastRetainedSeq === undefined || tally.lastRetainedSeq === tally.lastSeq ? 1 : 2;
    if (tally.count > 0) skipped.set(topic, tally);
  }
  return { connectionId, store, from, end, rows, skipped };
}

/** The plan's tallies, their topics named by the batch's topic table (each one's last row is in it). */
function skippedTopics(plan: SpanPlan, builder: PackedBatchBuilder): SkippedTopics {
  const out: SkippedTopics = { topic: [], count: [], first: [], last: [] };
  for (const [topic, tally] of plan.skipped) {
    out.topic.push(builder.topicIndexOf(plan.store.topicName(topic))!);
    out.count.push(tally.count);
    out.first.push(tally.first);
    out.last.push(tally.last);
  }
  return out;
}
