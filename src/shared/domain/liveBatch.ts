import { fromWire, isPlainObject, toWire, type PackedMessageBatch, type PackedMessageBatchWire } from './packedBatch';

// What the engine sends the UI as messages arrive: for each connection, the span of sequence
// numbers the batch covers, the rows a view can show in full, and for every other received row
// only what the topic tree counts. At a firehose's rate a row that no view shows would otherwise
// travel (and be decoded, and be collected) only to add one to a counter; summarised per topic,
// a batch's size follows the topics and the screen, not the message rate.

/**
 * Received rows a batch summarises instead of carrying, per topic. The arrays run in parallel;
 * `topic` indexes the rows' `topics` table (every summarised topic's last row travels in full).
 * `first`/`last` bound the rows' arrival times (ms since the epoch), for the topic's rate.
 */
export type SkippedTopics = { topic: number[]; count: number[]; first: number[]; last: number[] };

/**
 * One connection's part of a live batch: every message with a sequence number in [from, end)
 * is either one of the rows (those of this connection) or counted in `skipped` (received ones)
 * or only in the store (sent ones outside the tail, which no live view reads).
 */
export type LiveSpan = { connection: number; from: number; end: number; skipped?: SkippedTopics };

export type LiveMessageBatch = { rows: PackedMessageBatch; spans: LiveSpan[] };

export const LIVE_BATCH_WIRE_VERSION = 1;

/** A LiveMessageBatch as msgpack- and structured-clone-safe values (see PackedMessageBatchWire). */
export type LiveMessageBatchWire = { v: typeof LIVE_BATCH_WIRE_VERSION; rows: PackedMessageBatchWire; spans: LiveSpan[] };

export function liveToWire(batch: LiveMessageBatch): LiveMessageBatchWire {
  return { v: LIVE_BATCH_WIRE_VERSION, rows: toWire(batch.rows), spans: batch.spans };
}

/**
 * Validates a received live batch and rebuilds it; throws "Malformed live message batch: …" on
 * anything toWire would not make: spans naming a connection the rows do not, overlapping or
 * reversed ranges, rows outside their connection's span, skipped topics outside the topic table,
 * or counts and times that are not numbers a tree can add.
 */
export function liveFromWire(value: unknown): LiveMessageBatch {
  if (!isPlainObject(value)) malformed('expected an object');
  const wire = value;
  if (wire.v !== LIVE_BATCH_WIRE_VERSION) malformed(`unsupported version ${String(wire.v)} (expected ${LIVE_BATCH_WIRE_VERSION})`);
  const rows = fromWire(wire.rows);
  if (!Array.isArray(wire.spans)) malformed('spans must be an array');
  const spans = wire.spans.map((span, i) => readSpan(span, `spans[${i}]`, rows));
  const spanOf = new Map<number, LiveSpan>();
  for (const span of spans) {
    if (spanOf.has(span.connection)) malformed(`connection ${span.connection} has two spans`);
    spanOf.set(span.connection, span);
  }
  const previous = new Map<number, number>();
  for (let i = 0; i < rows.count; i += 1) {
    const connection = rows.connection[i]!;
    const span = spanOf.get(connection);
    const seq = rows.seq[i]!;
    if (!span || !(seq >= span.from && seq < span.end)) malformed(`row ${i} (sequence ${seq}) lies outside its connection's span`);
    if (seq <= (previous.get(connection) ?? -Infinity)) malformed(`row ${i} is out of sequence order`);
    previous.set(connection, seq);
  }
  return { rows, spans };
}

function readSpan(value: unknown, where: string, rows: PackedMessageBatch): LiveSpan {
  if (!isPlainObject(value)) malformed(`${where} must be an object`);
  const { connection, from, end, skipped } = value;
  if (!isIndex(connection, rows.connections.length)) malformed(`${where}.connection must index the rows' connections`);
  if (!isWhole(from) || !isWhole(end) || end <= from) malformed(`${where} must cover whole sequence numbers from < end`);
  const span: LiveSpan = { connection, from, end };
  if (skipped !== undefined && skipped !== null) span.skipped = readSkipped(skipped, `${where}.skipped`, rows.topics.length, end - from);
  return span;
}

function readSkipped(value: unknown, where: string, topicCount: number, spanLength: number): SkippedTopics {
  if (!isPlainObject(value)) malformed(`${where} must be an object`);
  const { topic, count, first, last } = value;
  if (!Array.isArray(topic) || !Array.isArray(count) || !Array.isArray(first) || !Array.isArray(last)) malformed(`${where} must hold four arrays`);
  const n = topic.length;
  if (count.length !== n || first.length !== n || last.length !== n) malformed(`${where}'s arrays differ in length`);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    if (!isIndex(topic[i], topicCount)) malformed(`${where}.topic[${i}] must index the rows' topics`);
    const c = count[i];
    if (!isWhole(c) || c < 1) malformed(`${where}.count[${i}] must be a positive whole number`);
    total += c;
    if (!Number.isFinite(first[i]) || !Number.isFinite(last[i]) || (first[i] as number) > (last[i] as number)) malformed(`${where} times at ${i} must be finite, first ≤ last`);
  }
  if (total > spanLength) malformed(`${where} counts more messages than its span holds`);
  return { topic, count, first, last } as SkippedTopics;
}

const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isIndex = (value: unknown, length: number): value is number => isWhole(value) && value < length;

function malformed(detail: string): never {
  throw new Error(`Malformed live message batch: ${detail}`);
}

/** How many messages a live batch accounts for, as rows or counted. */
export function messagesIn(batch: { spans: readonly LiveSpan[] }): number {
  return batch.spans.reduce((total, span) => total + span.end - span.from, 0);
}
