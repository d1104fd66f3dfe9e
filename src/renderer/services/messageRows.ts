import type { PackedMessageBatch } from '../../shared/domain/packedBatch';

/**
 * Some rows of a decoded batch that belong to one connection, in sequence order. Batches arrive
 * packed and stay packed: consumers read the columns they need, and only rows that become React
 * rows are turned into records.
 */
export type MessageRows = {
  readonly batch: PackedMessageBatch;
  readonly connectionId: string;
  readonly rows: readonly number[];
};

/** The batch's rows, one group per connection (a batch mixes connections). */
export function rowsByConnection(batch: PackedMessageBatch): MessageRows[] {
  const groups = batch.connections.map((connectionId) => ({ batch, connectionId, rows: [] as number[] }));
  for (let i = 0; i < batch.count; i += 1) groups[batch.connection[i]!]!.rows.push(i);
  return groups.filter((group) => group.rows.length > 0);
}

/** Every row of a batch that holds one connection's messages (a page read from its store). */
export function allRows(batch: PackedMessageBatch, connectionId: string): MessageRows {
  return { batch, connectionId, rows: Array.from({ length: batch.count }, (_, i) => i) };
}

export function seqAt(rows: MessageRows, at: number): number {
  return rows.batch.seq[rows.rows[at]!]!;
}

/** The rows whose sequence number is at least `from` (rows are in sequence order). */
export function rowsFrom(rows: MessageRows, from: number): MessageRows {
  let start = 0;
  while (start < rows.rows.length && seqAt(rows, start) < from) start += 1;
  return start === 0 ? rows : { ...rows, rows: rows.rows.slice(start) };
}

/** The rows whose sequence number is below `end`. */
export function rowsBefore(rows: MessageRows, end: number): MessageRows {
  let stop = rows.rows.length;
  while (stop > 0 && seqAt(rows, stop - 1) >= end) stop -= 1;
  return stop === rows.rows.length ? rows : { ...rows, rows: rows.rows.slice(0, stop) };
}
