import type { LiveMessageBatch, SkippedTopics } from '../../shared/domain/liveBatch';
import type { PackedMessageBatch } from '../../shared/domain/packedBatch';

/**
 * One connection's messages with sequence numbers in [from, end), as a decoded batch delivers
 * them. Batches arrive packed and stay packed: consumers read the columns they need, and only
 * rows that become React rows are turned into records.
 *
 * A page read from the store has every message of its range as a row. A live batch has only the
 * rows a view can show; the other received messages are counted per topic in `skipped`.
 */
export type MessageRows = {
  readonly batch: PackedMessageBatch;
  readonly connectionId: string;
  /** Indexes into `batch`, in sequence order. */
  readonly rows: readonly number[];
  readonly from: number;
  readonly end: number;
  readonly skipped?: SkippedTopics;
};

/** A live batch's spans, one per connection, each with its rows. */
export function liveRows({ rows: batch, spans }: LiveMessageBatch): MessageRows[] {
  const indexes = spans.map(() => [] as number[]);
  const spanAt = new Map(spans.map((span, i) => [span.connection, i]));
  for (let i = 0; i < batch.count; i += 1) indexes[spanAt.get(batch.connection[i]!)!]!.push(i);
  return spans.map((span, i) => ({
    batch,
    connectionId: batch.connections[span.connection]!,
    rows: indexes[i]!,
    from: span.from,
    end: span.end,
    ...(span.skipped ? { skipped: span.skipped } : {}),
  }));
}

/** Every row of a page read from one connection's store: [first row, last row + 1). */
export function allRows(batch: PackedMessageBatch, connectionId: string): MessageRows {
  const rows = Array.from({ length: batch.count }, (_, i) => i);
  const from = batch.count > 0 ? batch.seq[0]! : 0;
  return { batch, connectionId, rows, from, end: batch.count > 0 ? batch.seq[batch.count - 1]! + 1 : from };
}

export function seqAt(rows: MessageRows, at: number): number {
  return rows.batch.seq[rows.rows[at]!]!;
}

/**
 * The part of `rows` from sequence number `from` on. A live batch that summarises messages
 * cannot be split inside its span: ask `isSplittable` first.
 */
export function rowsFrom(rows: MessageRows, from: number): MessageRows {
  if (from <= rows.from) return rows;
  let start = 0;
  while (start < rows.rows.length && seqAt(rows, start) < from) start += 1;
  return { ...rows, rows: rows.rows.slice(start), from: Math.min(from, rows.end) };
}

/** The part of `rows` before sequence number `end` (see rowsFrom). */
export function rowsBefore(rows: MessageRows, end: number): MessageRows {
  if (end >= rows.end) return rows;
  let stop = rows.rows.length;
  while (stop > 0 && seqAt(rows, stop - 1) >= end) stop -= 1;
  return { ...rows, rows: rows.rows.slice(0, stop), end: Math.max(end, rows.from) };
}

/** Whether every message of the span is a row, so it can be cut at any sequence number. */
export function isSplittable(rows: MessageRows): boolean {
  return rows.skipped === undefined;
}
