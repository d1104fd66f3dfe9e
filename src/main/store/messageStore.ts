import type { MessageProperties, MessageRecord, QoS } from '../../shared/domain/message';
import { PACKED_FLAG } from '../../shared/domain/packedBatch';
import type { PackedBatchBuilder } from '../../shared/domain/packedBatchBuilder';
import type { HistoryStatus, StoreLimits, StoreStats } from '../../shared/domain/messageStore';
import { DEFAULT_STORE_LIMITS } from '../../shared/domain/messageStore';

/** A message as it goes in: the store gives it its sequence number. */
export type IncomingMessage = Omit<MessageRecord, 'seq' | 'connectionId' | 'size'>;

/** Payloads above this are kept whole but handed out as a preview of this many bytes plus their size. */
export const PREVIEW_BYTES = 64 * 1024;

// Messages live in segments of parallel typed arrays (time, topic id, flags, payload end) plus
// one byte buffer of payloads: about 17 bytes of bookkeeping per message instead of a JS object
// with a Uint8Array (~200 bytes before the payload). Whole segments are freed when their last
// message is evicted; inside the oldest segment, eviction just moves its start.
const SEGMENT_MESSAGES = 16_384;
const FIXED_BYTES_PER_MESSAGE = 8 + 4 + 1 + 4;
/** Large payloads and v5 properties live outside the byte buffer; the flag says to look there. */
const FLAG_LARGE = 0b10_0000;
const FLAG_PROPERTIES = 0b100_0000;
/** The flags a packed row shares with the store; the store's own bits stay here. */
const STORE_ONLY_FLAGS_CLEARED = ~(FLAG_LARGE | FLAG_PROPERTIES);

class Segment {
  readonly time = new Float64Array(SEGMENT_MESSAGES);
  readonly topic = new Uint32Array(SEGMENT_MESSAGES);
  readonly flags = new Uint8Array(SEGMENT_MESSAGES);
  readonly payloadEnd = new Uint32Array(SEGMENT_MESSAGES);
  payloads = new Uint8Array(16 * 1024);
  readonly large = new Map<number, Uint8Array>();
  readonly properties = new Map<number, MessageProperties>();
  /** Messages written; the first `start` of them were evicted. */
  count = 0;
  start = 0;
  /** Bytes this segment holds that count against the budget. */
  bytes = SEGMENT_MESSAGES * FIXED_BYTES_PER_MESSAGE + this.payloads.byteLength;
  sealed = false;

  constructor(readonly firstSeq: number) {}

  get full(): boolean {
    return this.sealed || this.count === SEGMENT_MESSAGES;
  }

  payloadStart(index: number): number {
    return index === 0 ? 0 : this.payloadEnd[index - 1]!;
  }

  payload(index: number): Uint8Array {
    return this.large.get(index) ?? this.payloads.subarray(this.payloadStart(index), this.payloadEnd[index]);
  }

  /** Appends one message; the caller checked there is room. */
  write(message: IncomingMessage, topicId: number): void {
    const index = this.count;
    const start = this.payloadStart(index);
    let flags = message.qos | (message.retain ? PACKED_FLAG.retain : 0) | (message.dup ? PACKED_FLAG.dup : 0) | (message.direction === 'out' ? PACKED_FLAG.directionOut : 0);
    if (message.payload.byteLength > PREVIEW_BYTES) {
      this.large.set(index, message.payload);
      this.bytes += message.payload.byteLength;
      flags |= FLAG_LARGE;
      this.payloadEnd[index] = start;
    } else {
      this.ensurePayloadRoom(start + message.payload.byteLength);
      this.payloads.set(message.payload, start);
      this.payloadEnd[index] = start + message.payload.byteLength;
    }
    if (message.properties) {
      this.properties.set(index, message.properties);
      this.bytes += estimatePropertiesBytes(message.properties);
      flags |= FLAG_PROPERTIES;
    }
    this.time[index] = message.time;
    this.topic[index] = topicId;
    this.flags[index] = flags;
    this.count = index + 1;
    if (this.count === SEGMENT_MESSAGES) this.seal();
  }

  /** Evicts the first `count` kept messages; returns the bytes given back (their large payloads and properties). */
  dropFront(count: number): number {
    const before = this.bytes;
    const start = this.start + count;
    for (const [index, payload] of this.large) {
      if (index < start) {
        this.large.delete(index);
        this.bytes -= payload.byteLength;
      }
    }
    for (const [index, properties] of this.properties) {
      if (index < start) {
        this.properties.delete(index);
        this.bytes -= estimatePropertiesBytes(properties);
      }
    }
    this.start = start;
    return before - this.bytes;
  }

  /** No more messages go here: give back the payload buffer's unused tail. */
  seal(): void {
    this.sealed = true;
    const used = this.payloadStart(this.count);
    if (used < this.payloads.byteLength) {
      this.bytes -= this.payloads.byteLength - used;
      this.payloads = this.payloads.slice(0, used);
    }
  }

  private ensurePayloadRoom(needed: number): void {
    if (needed <= this.payloads.byteLength) return;
    let size = this.payloads.byteLength * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.payloads.subarray(0, this.payloadStart(this.count)));
    this.bytes += size - this.payloads.byteLength;
    this.payloads = grown;
  }
}

/** A cheap stand-in for what a properties object costs; they are rare (v5 only). */
function estimatePropertiesBytes(properties: MessageProperties): number {
  let bytes = 64;
  for (const value of Object.values(properties)) {
    if (typeof value === 'string') bytes += 16 + value.length * 2;
    else if (value instanceof Uint8Array) bytes += 64 + value.byteLength;
    else if (value && typeof value === 'object') bytes += 64 + JSON.stringify(value).length * 2;
    else bytes += 8;
  }
  return bytes;
}

/** Where one stored message is: its segment and its index inside it. */
export type Slot = { segment: Segment; index: number };

/**
 * One connection's kept messages, oldest first, bounded by a message count and a byte budget
 * (the oldest are dropped and counted). Sequence numbers start at 1 and never repeat, so a view
 * can keep addressing a message while older ones fall out.
 */
export class MessageStore {
  private segments: Segment[] = [];
  private readonly topicIds = new Map<string, number>();
  /** Interned topics by id; the filter and search caches are indexed the same way. */
  readonly topics: string[] = [];
  private topicBytes = 0;
  private nextSeq = 1;
  private firstKept = 1;
  private droppedCount = 0;
  private bytesHeld = 0;
  /** Set when the store is also kept on disk: what its stats say about that. */
  describeHistory: (() => HistoryStatus) | undefined;

  constructor(private limits: StoreLimits = DEFAULT_STORE_LIMITS) {}

  /** Sequence number of the oldest kept message (== end when empty). */
  get first(): number {
    return this.firstKept;
  }

  /** One past the newest message's sequence number. */
  get end(): number {
    return this.nextSeq;
  }

  get size(): number {
    return this.nextSeq - this.firstKept;
  }

  get stats(): StoreStats {
    const history = this.describeHistory?.();
    return { first: this.firstKept, end: this.nextSeq, kept: this.size, dropped: this.droppedCount, bytes: this.bytesHeld + this.topicBytes, limits: this.limits, ...(history ? { history } : {}) };
  }

  setLimits(limits: StoreLimits): void {
    this.limits = limits;
    this.evict();
  }

  append(message: IncomingMessage): number {
    let segment = this.segments[this.segments.length - 1];
    if (!segment || segment.full) {
      segment = new Segment(this.nextSeq);
      this.segments.push(segment);
      this.bytesHeld += segment.bytes;
    }
    const before = segment.bytes;
    segment.write(message, this.intern(message.topic));
    this.bytesHeld += segment.bytes - before;
    // A small budget must still be honoured: stop growing a segment that alone would exceed it.
    if (!segment.full && segment.bytes > this.limits.maxBytes / 4) {
      const unsealed = segment.bytes;
      segment.seal();
      this.bytesHeld += segment.bytes - unsealed;
    }
    const seq = this.nextSeq;
    this.nextSeq += 1;
    this.evict();
    return seq;
  }

  /** Forgets every kept message and the dropped count (sequence numbers go on counting). */
  clear(): void {
    this.segments = [];
    this.bytesHeld = 0;
    this.firstKept = this.nextSeq;
    this.droppedCount = 0;
  }

  /** The slot of a kept message, or undefined once it was dropped. */
  slot(seq: number): Slot | undefined {
    if (seq < this.firstKept || seq >= this.nextSeq) return undefined;
    // Segments are few (≤ ~100): a binary search over their first sequence numbers.
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.segments[mid]!.firstSeq <= seq) low = mid;
      else high = mid - 1;
    }
    const segment = this.segments[low]!;
    return { segment, index: seq - segment.firstSeq };
  }

  /**
   * Calls `visit` for every kept message with seq in [from, to), oldest first, with direct
   * access to its columns: the fast path for search, history and export. Return false to stop.
   */
  forEach(from: number, to: number, visit: (seq: number, segment: Segment, index: number) => boolean | void): void {
    const start = Math.max(from, this.firstKept);
    const stop = Math.min(to, this.nextSeq);
    if (start >= stop) return;
    const first = this.slot(start);
    if (!first) return;
    let segmentIndex = this.segments.indexOf(first.segment);
    let index = first.index;
    for (let seq = start; seq < stop; ) {
      const segment = this.segments[segmentIndex]!;
      const last = Math.min(segment.count, index + (stop - seq));
      for (; index < last; index += 1, seq += 1) {
        if (visit(seq, segment, index) === false) return;
      }
      segmentIndex += 1;
      index = 0;
    }
  }

  /** One message as the UI gets it: large payloads as a preview with their full size. */
  get(seq: number, connectionId: string, whole = false): MessageRecord | undefined {
    const slot = this.slot(seq);
    return slot && this.record(seq, slot.segment, slot.index, connectionId, whole);
  }

  record(seq: number, segment: Segment, index: number, connectionId: string, whole = false): MessageRecord {
    const flags = segment.flags[index]!;
    const payload = segment.payload(index);
    const large = (flags & FLAG_LARGE) !== 0;
    const properties = flags & FLAG_PROPERTIES ? segment.properties.get(index) : undefined;
    return {
      connectionId,
      seq,
      direction: flags & PACKED_FLAG.directionOut ? 'out' : 'in',
      topic: this.topics[segment.topic[index]!]!,
      payload: large && !whole ? payload.subarray(0, PREVIEW_BYTES) : payload,
      qos: (flags & PACKED_FLAG.qosMask) as QoS,
      retain: (flags & PACKED_FLAG.retain) !== 0,
      dup: (flags & PACKED_FLAG.dup) !== 0,
      time: segment.time[index]!,
      ...(properties ? { properties } : {}),
      ...(large && !whole ? { size: payload.byteLength } : {}),
    };
  }

  /** Payload bytes a row of this message carries when rows carry at most `previewBytes`. */
  rowPayloadBytes(segment: Segment, index: number, previewBytes: number): number {
    const large = segment.large.get(index);
    const length = large ? large.byteLength : segment.payloadEnd[index]! - segment.payloadStart(index);
    return Math.min(length, previewBytes);
  }

  /**
   * Writes one message straight from the columns into a batch, its payload cut to `previewBytes`
   * (with the full size beside it): no record object, one copy of the bytes that travel.
   */
  packRow(builder: PackedBatchBuilder, connectionId: string, seq: number, segment: Segment, index: number, previewBytes: number): void {
    const stored = segment.flags[index]!;
    const flags = stored & STORE_ONLY_FLAGS_CLEARED;
    const payload = segment.payload(index);
    const cut = payload.byteLength > previewBytes;
    const properties = stored & FLAG_PROPERTIES ? segment.properties.get(index) : undefined;
    builder.add(connectionId, seq, segment.time[index]!, flags, this.topics[segment.topic[index]!]!, cut ? payload.subarray(0, previewBytes) : payload, cut ? payload.byteLength : undefined, properties);
  }

  /** The full payload bytes of a kept message. */
  payload(seq: number): Uint8Array | undefined {
    const slot = this.slot(seq);
    return slot?.segment.payload(slot.index);
  }

  /** Whether a stored message came with the RETAIN flag. */
  isRetained(segment: Segment, index: number): boolean {
    return (segment.flags[index]! & PACKED_FLAG.retain) !== 0;
  }

  /** Whether we sent the message (rather than received it). */
  isOutgoing(segment: Segment, index: number): boolean {
    return (segment.flags[index]! & PACKED_FLAG.directionOut) !== 0;
  }

  /** When the message was received or sent, in ms since the epoch. */
  timeOf(segment: Segment, index: number): number {
    return segment.time[index]!;
  }

  /** The topic an interned topic number stands for. */
  topicName(topicNumber: number): string {
    return this.topics[topicNumber]!;
  }

  /** The interned topic number of a stored message (equal numbers, equal topics). */
  topicNumber(segment: Segment, index: number): number {
    return segment.topic[index]!;
  }

  topicId(topic: string): number | undefined {
    return this.topicIds.get(topic);
  }

  private intern(topic: string): number {
    let id = this.topicIds.get(topic);
    if (id === undefined) {
      id = this.topics.length;
      this.topics.push(topic);
      this.topicIds.set(topic, id);
      // A Map entry, an array slot and the string itself (UTF-16).
      this.topicBytes += 80 + topic.length * 2;
    }
    return id;
  }

  private evict(): void {
    const { maxMessages, maxBytes } = this.limits;
    while (this.size > 0) {
      const overCount = this.size - maxMessages;
      const overBytes = this.bytesHeld + this.topicBytes > maxBytes;
      if (overCount <= 0 && !overBytes) return;
      const oldest = this.segments[0]!;
      const kept = oldest.count - oldest.start;
      if (!overBytes && overCount < kept) {
        // Over the count only: drop just enough messages from the front of the oldest segment.
        this.bytesHeld -= oldest.dropFront(overCount);
        this.firstKept += overCount;
        this.droppedCount += overCount;
        return;
      }
      // Dropping a whole segment is what gives memory back.
      this.segments.shift();
      this.bytesHeld -= oldest.bytes;
      this.firstKept += kept;
      this.droppedCount += kept;
    }
  }
}

export type { Segment };
