import type { MessageRecord } from '../../shared/domain/message';
import type { MessageQuery } from '../../shared/domain/messageQuery';
import type { PackedMessageBatch } from '../../shared/domain/packedBatch';
import { PackedBatchBuilder } from '../../shared/domain/packedBatchBuilder';
import type { ViewStatus } from '../../shared/contract/messages';
import { compileQuery, type MessagePredicate } from './messageQuery';
import { MatchList } from './matchList';
import type { MessageStore, Segment } from './messageStore';

/** How many messages one scanning step tests before yielding to the event loop. */
export const SCAN_STEP = 100_000;

/**
 * One live, paged window onto a connection's store, as the log shows it. Rows are addressed by
 * absolute index: for an unfiltered view the index is the sequence number; for a filtered view it
 * counts matches since the view opened (scanning the store oldest first), so indexes stay put
 * while old messages are dropped and new matches arrive.
 */
export class MessageView {
  private readonly predicate: MessagePredicate | undefined;
  /** Sequence numbers of the matches. */
  private readonly matches = new MatchList();
  /** Messages with seq < scannedTo were tested. */
  private scannedTo: number;

  constructor(
    readonly id: string,
    readonly connectionId: string,
    readonly query: MessageQuery,
    private readonly store: MessageStore,
  ) {
    this.predicate = compileQuery(query, store);
    this.scannedTo = store.first;
  }

  get filtered(): boolean {
    return this.predicate !== undefined;
  }

  /** True when every stored message was tested. */
  get done(): boolean {
    return !this.predicate || this.scannedTo >= this.store.end;
  }

  /** Tests up to `budget` new messages; returns how many it tested. */
  scan(budget = SCAN_STEP): number {
    const predicate = this.predicate;
    if (!predicate) return 0;
    const from = Math.max(this.scannedTo, this.store.first);
    const to = Math.min(this.store.end, from + budget);
    this.store.forEach(from, to, (seq, segment, index) => {
      if (predicate(segment, index)) this.matches.push(seq);
    });
    this.scannedTo = to;
    return to - from;
  }

  /** Forgets matches the store no longer keeps (it dropped or cleared them). */
  private trim(): void {
    this.matches.dropBelow(this.store.first);
  }

  status(): ViewStatus {
    const stats = this.store.stats;
    if (!this.predicate) {
      return { viewId: this.id, connectionId: this.connectionId, first: stats.first, end: stats.end, scanned: stats.kept, done: true, store: stats };
    }
    this.trim();
    const toScan = Math.max(0, this.store.end - Math.max(this.scannedTo, this.store.first));
    return {
      viewId: this.id,
      connectionId: this.connectionId,
      first: this.matches.first,
      end: this.matches.end,
      scanned: Math.max(0, stats.kept - toScan),
      done: toScan === 0,
      store: stats,
    };
  }

  /** Visits the rows [start, start + count) of this view, with direct access to their columns. */
  forEachRow(start: number, count: number, visit: (seq: number, segment: Segment, index: number) => void): void {
    if (!this.predicate) {
      this.store.forEach(start, start + count, visit);
      return;
    }
    this.trim();
    const from = Math.max(start, this.matches.first);
    const to = Math.min(start + count, this.matches.end);
    for (let i = from; i < to; i += 1) {
      const seq = this.matches.at(i);
      const slot = this.store.slot(seq);
      if (slot) visit(seq, slot.segment, slot.index);
    }
  }

  read(start: number, count: number): MessageRecord[] {
    const records: MessageRecord[] = [];
    this.forEachRow(start, count, (seq, segment, index) => records.push(this.store.record(seq, segment, index, this.connectionId)));
    return records;
  }

  /** The rows as one packed batch, straight from the store's columns, payloads cut to `previewBytes`. */
  readPacked(start: number, count: number, previewBytes: number): PackedMessageBatch {
    let rows = 0;
    let payloadBytes = 0;
    this.forEachRow(start, count, (_seq, segment, index) => {
      rows += 1;
      payloadBytes += this.store.rowPayloadBytes(segment, index, previewBytes);
    });
    const builder = new PackedBatchBuilder(rows, payloadBytes);
    this.forEachRow(start, count, (seq, segment, index) => this.store.packRow(builder, this.connectionId, seq, segment, index, previewBytes));
    return builder.build();
  }
}
