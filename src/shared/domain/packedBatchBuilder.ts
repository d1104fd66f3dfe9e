import type { MessageProperties, MessageRecord } from './message';
import { MAX_PACKED_CONNECTIONS, MAX_PACKED_PAYLOAD_BYTES, PACKED_BYTES_PER_MESSAGE, PACKED_FLAG, packedColumnViews, type PackedMessageBatch } from './packedBatch';

/** Flag bits a packed batch carries (the store keeps private bits above them). */
const PACKED_FLAG_BITS = PACKED_FLAG.qosMask | PACKED_FLAG.retain | PACKED_FLAG.dup | PACKED_FLAG.directionOut;

/**
 * Writes a packed batch row by row, straight from wherever the columns come from (the store's
 * segments, records), into buffers sized up front: the caller measures first (rows and payload
 * bytes), so every payload byte is copied exactly once, into the buffer that goes on the wire.
 */
export class PackedBatchBuilder {
  private readonly columns: ReturnType<typeof packedColumnViews>;
  private readonly payloads: Uint8Array;
  private readonly connectionIndex = new Map<string, number>();
  private readonly connections: string[] = [];
  private readonly topicIndex = new Map<string, number>();
  private readonly topics: string[] = [];
  private properties: Record<number, MessageProperties> | undefined;
  private sizes: Record<number, number> | undefined;
  private rows = 0;
  private payloadBytes = 0;

  constructor(
    private readonly count: number,
    payloadBytes: number,
  ) {
    if (payloadBytes > MAX_PACKED_PAYLOAD_BYTES) throw new RangeError(`A packed batch holds at most ${MAX_PACKED_PAYLOAD_BYTES} payload bytes`);
    this.columns = packedColumnViews(new ArrayBuffer(count * PACKED_BYTES_PER_MESSAGE), count);
    this.payloads = new Uint8Array(payloadBytes);
  }

  /** Where `topic` sits in the batch's topic table, once a row of it was added. */
  topicIndexOf(topic: string): number | undefined {
    return this.topicIndex.get(topic);
  }

  /** Where `connectionId` sits in the batch's connection table, once a row of it was added. */
  connectionIndexOf(connectionId: string): number | undefined {
    return this.connectionIndex.get(connectionId);
  }

  /**
   * One message. `flags` are PACKED_FLAG bits (others are ignored); `payload` is what travels (a
   * preview of a larger payload passes its full size as `size`).
   */
  add(connectionId: string, seq: number, time: number, flags: number, topic: string, payload: Uint8Array, size?: number, properties?: MessageProperties): void {
    const i = this.rows;
    if (i >= this.count) throw new RangeError(`This batch was sized for ${this.count} messages`);
    if ((flags & PACKED_FLAG.qosMask) === 3) throw new RangeError(`Message ${i} has QoS 3; expected 0, 1 or 2`);
    const end = this.payloadBytes + payload.byteLength;
    if (end > this.payloads.byteLength) throw new RangeError(`This batch was sized for ${this.payloads.byteLength} payload bytes`);

    let connection = this.connectionIndex.get(connectionId);
    if (connection === undefined) {
      connection = this.connections.length;
      if (connection >= MAX_PACKED_CONNECTIONS) throw new RangeError(`A packed batch holds at most ${MAX_PACKED_CONNECTIONS} distinct connections`);
      this.connections.push(connectionId);
      this.connectionIndex.set(connectionId, connection);
    }
    let topicAt = this.topicIndex.get(topic);
    if (topicAt === undefined) {
      topicAt = this.topics.length;
      this.topics.push(topic);
      this.topicIndex.set(topic, topicAt);
    }
    const { columns } = this;
    columns.connection[i] = connection;
    columns.topic[i] = topicAt;
    columns.flags[i] = flags & PACKED_FLAG_BITS;
    columns.seq[i] = seq;
    columns.time[i] = time;
    this.payloads.set(payload, this.payloadBytes);
    this.payloadBytes = end;
    columns.payloadEnd[i] = end;
    if (properties !== undefined) (this.properties ??= {})[i] = properties;
    if (size !== undefined) (this.sizes ??= {})[i] = size;
    this.rows = i + 1;
  }

  /** The batch; every sized row and byte must have been written. */
  build(): PackedMessageBatch {
    if (this.rows !== this.count || this.payloadBytes !== this.payloads.byteLength) {
      throw new Error(`Packed batch incomplete: ${this.rows} of ${this.count} messages, ${this.payloadBytes} of ${this.payloads.byteLength} payload bytes`);
    }
    const batch: PackedMessageBatch = { count: this.count, ...this.columns, payloads: this.payloads, connections: this.connections, topics: this.topics };
    if (this.properties !== undefined) batch.properties = this.properties;
    if (this.sizes !== undefined) batch.sizes = this.sizes;
    return batch;
  }
}

/** Packs records (e.g. a page read by sequence numbers) into one batch. */
export function packMessages(messages: readonly MessageRecord[]): PackedMessageBatch {
  let payloadBytes = 0;
  for (const message of messages) payloadBytes += message.payload.byteLength;
  const builder = new PackedBatchBuilder(messages.length, payloadBytes);
  for (const m of messages) {
    // The type says 0 | 1 | 2; a 3 fails in add, where the batch is made, not on the far side.
    const flags = m.qos | (m.retain ? PACKED_FLAG.retain : 0) | (m.dup ? PACKED_FLAG.dup : 0) | (m.direction === 'out' ? PACKED_FLAG.directionOut : 0);
    builder.add(m.connectionId, m.seq, m.time, flags, m.topic, m.payload, m.size, m.properties);
  }
  return builder.build();
}
