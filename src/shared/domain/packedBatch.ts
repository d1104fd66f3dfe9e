import type { MessageProperties, MessageRecord, QoS } from './message';

// A message batch as columns instead of one object per message. At 50,000 messages/s the
// engine ships ~1,650 messages every 33 ms; as MessageRecord objects that is thousands of small
// objects (and as many Uint8Arrays) for msgpack or structured clone to walk, allocate and
// collect on both sides. Packed, a batch is a handful of typed arrays, one payload buffer and
// two deduplicated string tables, whatever the message count.
//
// Two representations:
// - PackedMessageBatch: typed-array columns, for code (pack, unpack, or read the columns
//   directly). Survives structured clone (Electron IPC) as is.
// - PackedMessageBatchWire (toWire/fromWire): only Uint8Arrays, strings, numbers and plain
//   objects, because @msgpack/msgpack 3 encodes *every* ArrayBufferView as a msgpack bin of its
//   raw bytes and decodes every bin as a Uint8Array: a Float64Array comes back as a Uint8Array
//   in host byte order, at whatever (often odd) offset it sat in the frame, where no
//   Float64Array can be laid over it. (An ArrayBuffer is worse: it encodes as an empty map.)
//   So the wire carries the numeric columns as one little-endian byte block that fromWire
//   copies into a fresh, aligned buffer, and fromWire validates everything, because a receiver
//   must never crash or index out of bounds on a malformed frame.

/** Bits of PackedMessageBatch.flags. */
export const PACKED_FLAG = {
  /** Bits 0-1: QoS 0, 1 or 2 (3 is malformed). */
  qosMask: 0b0_0011,
  retain: 0b0_0100,
  dup: 0b0_1000,
  /** Set when the message was sent by us, clear when received. */
  directionOut: 0b1_0000,
} as const;
const KNOWN_FLAG_BITS = 0b1_1111;

/** `connection` is a Uint16Array of indexes, so a batch can name at most this many connections. */
export const MAX_PACKED_CONNECTIONS = 0x1_0000;
/** `payloadEnd` is a Uint32Array, and msgpack's bin 32 tops out at the same size. */
export const MAX_PACKED_PAYLOAD_BYTES = 0xffff_ffff;

export type PackedMessageBatch = {
  count: number;
  /** Columns, one entry per message. */
  connection: Uint16Array; // index into `connections`
  seq: Float64Array; // per-connection sequence numbers (may exceed 2^32 in long runs)
  time: Float64Array; // ms since epoch, sub-ms
  flags: Uint8Array; // bit 0-1 qos, bit 2 retain, bit 3 dup, bit 4 direction out (see PACKED_FLAG)
  topic: Uint32Array; // index into `topics`
  payloadEnd: Uint32Array; // end offset of each payload in `payloads` (start = previous end)
  payloads: Uint8Array; // all payloads back to back
  connections: string[]; // distinct connection ids in this batch
  topics: string[]; // distinct topics in this batch (dedupe: a firehose repeats topics)
  /** v5 properties are rare: sparse, by message index. */
  properties?: Record<number, MessageProperties>;
  /** Full sizes of messages whose payload here is only a preview: sparse, by message index. */
  sizes?: Record<number, number>;
};

export const PACKED_BATCH_WIRE_VERSION = 1;

/**
 * A PackedMessageBatch made of values msgpack and structured clone both carry exactly.
 *
 * `columns` holds all numeric columns back to back, little-endian, widest first so that each
 * starts aligned once the block is copied to offset 0 of its own ArrayBuffer (n = count):
 *
 *   offset  0n  seq         float64 × n
 *   offset  8n  time        float64 × n
 *   offset 16n  topic       uint32  × n
 *   offset 20n  payloadEnd  uint32  × n
 *   offset 24n  connection  uint16  × n
 *   offset 26n  flags       uint8   × n      (27 bytes per message)
 *
 * After msgpack, `properties` has string keys ("3"); JS property keys are strings anyway.
 */
export type PackedMessageBatchWire = {
  /** Format tag: fromWire refuses any other value, so a changed layout is never misread. */
  v: typeof PACKED_BATCH_WIRE_VERSION;
  count: number;
  columns: Uint8Array;
  payloads: Uint8Array;
  connections: string[];
  topics: string[];
  properties?: Record<number, MessageProperties>;
  sizes?: Record<number, number>;
};

type Columns = Pick<PackedMessageBatch, 'seq' | 'time' | 'topic' | 'payloadEnd' | 'connection' | 'flags'>;

export const PACKED_BYTES_PER_MESSAGE = 8 + 8 + 4 + 4 + 2 + 1;

// Typed arrays use host byte order; the wire is little-endian. Every mainstream JS host is
// little-endian, so that path is a plain byte copy (or none at all), and the DataView path exists
// so a big-endian host still reads and writes the same bytes.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The column views over one buffer of count × 27 bytes, in wire order (see PackedMessageBatchWire). */
export function packedColumnViews(buffer: ArrayBuffer, count: number): Columns {
  return {
    seq: new Float64Array(buffer, 0, count),
    time: new Float64Array(buffer, 8 * count, count),
    topic: new Uint32Array(buffer, 16 * count, count),
    payloadEnd: new Uint32Array(buffer, 20 * count, count),
    connection: new Uint16Array(buffer, 24 * count, count),
    flags: new Uint8Array(buffer, 26 * count, count),
  };
}

// -------------------------------------------------------------------------------------------
// pack / unpack

/**
 * Expands a batch back into records, e.g. for code that still wants objects.
 *
 * Every `payload` is a subarray view of `batch.payloads`: no bytes are copied, all payloads of a
 * batch share one ArrayBuffer (keeping any one payload alive keeps the whole buffer alive; copy it
 * with `.slice()` to keep it long-term), and writing into one writes into the batch.
 * `properties` objects are the batch's own, not copies.
 */
export function unpackMessages(batch: PackedMessageBatch): MessageRecord[] {
  assertColumnLengths(batch);
  const { count, connection, flags, topic, payloadEnd, payloads, connections, topics } = batch;
  const messages: MessageRecord[] = [];
  let start = 0;
  // Indexes below count are in range (assertColumnLengths); string-table indexes are checked,
  // since a hand-built batch is not validated the way fromWire's output is.
  for (let i = 0; i < count; i++) {
    const end = payloadEnd[i]!;
    if (connections[connection[i]!] === undefined || topics[topic[i]!] === undefined || (flags[i]! & PACKED_FLAG.qosMask) === 3 || end < start || end > payloads.byteLength) {
      throw new Error(`Packed batch message ${i} is inconsistent; build batches with PackedBatchBuilder or fromWire`);
    }
    messages.push(packedRecord(batch, i));
    start = end;
  }
  return messages;
}

/**
 * Row `i` of a valid batch (from fromWire or PackedBatchBuilder) as a record, for what renders
 * it; its payload is a view of the batch's bytes, as in unpackMessages.
 */
export function packedRecord(batch: PackedMessageBatch, i: number): MessageRecord {
  const flag = batch.flags[i]!;
  const start = i === 0 ? 0 : batch.payloadEnd[i - 1]!;
  const record: MessageRecord = {
    connectionId: batch.connections[batch.connection[i]!]!,
    seq: batch.seq[i]!,
    direction: flag & PACKED_FLAG.directionOut ? 'out' : 'in',
    topic: batch.topics[batch.topic[i]!]!,
    payload: batch.payloads.subarray(start, batch.payloadEnd[i]),
    qos: (flag & PACKED_FLAG.qosMask) as QoS,
    retain: (flag & PACKED_FLAG.retain) !== 0,
    dup: (flag & PACKED_FLAG.dup) !== 0,
    time: batch.time[i]!,
  };
  const properties = batch.properties?.[i];
  if (properties !== undefined) record.properties = properties;
  const size = batch.sizes?.[i];
  if (size !== undefined) record.size = size;
  return record;
}

/** Messages in the batch, without unpacking it. */
export function packedCount(batch: PackedMessageBatch): number {
  return batch.count;
}

function assertColumnLengths(batch: PackedMessageBatch): void {
  const { count } = batch;
  if (
    batch.seq.length !== count ||
    batch.time.length !== count ||
    batch.topic.length !== count ||
    batch.payloadEnd.length !== count ||
    batch.connection.length !== count ||
    batch.flags.length !== count
  ) {
    throw new Error(`Packed batch columns do not all hold ${count} entries`);
  }
}

// -------------------------------------------------------------------------------------------
// wire

/**
 * The batch as msgpack- and structured-clone-safe values. Zero-copy for batches made by
 * packMessages or fromWire on little-endian hosts: `columns` is then a view of the batch's own
 * column buffer. Whatever is returned owns its whole ArrayBuffer, because structured clone copies
 * a view's entire buffer, not just the viewed bytes.
 */
export function toWire(batch: PackedMessageBatch): PackedMessageBatchWire {
  assertColumnLengths(batch);
  const columns = HOST_IS_LITTLE_ENDIAN ? (ownColumnBlock(batch) ?? copyColumnsNative(batch)) : writeColumnsLittleEndian(batch);
  const { payloads } = batch;
  const ownsBuffer = payloads.buffer instanceof ArrayBuffer && payloads.byteOffset === 0 && payloads.buffer.byteLength === payloads.byteLength;
  const wire: PackedMessageBatchWire = {
    v: PACKED_BATCH_WIRE_VERSION,
    count: batch.count,
    columns,
    payloads: ownsBuffer ? payloads : payloads.slice(),
    connections: batch.connections,
    topics: batch.topics,
  };
  // Omitted, not undefined: msgpack without ignoreUndefined would send nil for it.
  if (batch.properties !== undefined && Object.keys(batch.properties).length > 0) wire.properties = batch.properties;
  if (batch.sizes !== undefined && Object.keys(batch.sizes).length > 0) wire.sizes = batch.sizes;
  return wire;
}

// The columns as one block without copying, when they already are exactly one block in wire
// order (as packMessages and fromWire lay them out).
function ownColumnBlock(batch: PackedMessageBatch): Uint8Array | undefined {
  const { buffer } = batch.seq;
  const n = batch.count;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== n * PACKED_BYTES_PER_MESSAGE) return undefined;
  const layout: [ArrayBufferView, number][] = [
    [batch.seq, 0],
    [batch.time, 8 * n],
    [batch.topic, 16 * n],
    [batch.payloadEnd, 20 * n],
    [batch.connection, 24 * n],
    [batch.flags, 26 * n],
  ];
  for (const [column, offset] of layout) {
    if (column.buffer !== buffer || column.byteOffset !== offset) return undefined;
  }
  return new Uint8Array(buffer);
}

function copyColumnsNative(batch: Columns & { count: number }): Uint8Array {
  const buffer = new ArrayBuffer(batch.count * PACKED_BYTES_PER_MESSAGE);
  const target = packedColumnViews(buffer, batch.count);
  target.seq.set(batch.seq);
  target.time.set(batch.time);
  target.topic.set(batch.topic);
  target.payloadEnd.set(batch.payloadEnd);
  target.connection.set(batch.connection);
  target.flags.set(batch.flags);
  return new Uint8Array(buffer);
}

function writeColumnsLittleEndian(batch: Columns & { count: number }): Uint8Array {
  const n = batch.count;
  const bytes = new Uint8Array(n * PACKED_BYTES_PER_MESSAGE);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    view.setFloat64(8 * i, batch.seq[i]!, true);
    view.setFloat64(8 * n + 8 * i, batch.time[i]!, true);
    view.setUint32(16 * n + 4 * i, batch.topic[i]!, true);
    view.setUint32(20 * n + 4 * i, batch.payloadEnd[i]!, true);
    view.setUint16(24 * n + 2 * i, batch.connection[i]!, true);
  }
  bytes.set(batch.flags, 26 * n);
  return bytes;
}

function readColumnsLittleEndian(bytes: Uint8Array, n: number): Columns {
  const columns = packedColumnViews(new ArrayBuffer(n * PACKED_BYTES_PER_MESSAGE), n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) {
    columns.seq[i] = view.getFloat64(8 * i, true);
    columns.time[i] = view.getFloat64(8 * n + 8 * i, true);
    columns.topic[i] = view.getUint32(16 * n + 4 * i, true);
    columns.payloadEnd[i] = view.getUint32(20 * n + 4 * i, true);
    columns.connection[i] = view.getUint16(24 * n + 2 * i, true);
  }
  columns.flags.set(bytes.subarray(26 * n, 27 * n));
  return columns;
}

function copyColumnsFromLittleEndian(bytes: Uint8Array, n: number): Columns {
  if (!HOST_IS_LITTLE_ENDIAN) return readColumnsLittleEndian(bytes, n);
  // The copy is what makes the columns usable: the decoded bin usually sits at an offset no
  // Float64Array may start at, and it aliases the received frame.
  const buffer = new ArrayBuffer(n * PACKED_BYTES_PER_MESSAGE);
  new Uint8Array(buffer).set(bytes);
  return packedColumnViews(buffer, n);
}

/**
 * The byte-order-explicit column codec that big-endian hosts use. Exported so tests on
 * little-endian machines can check it produces the very bytes of the fast path.
 */
export const portableColumnCodec = {
  write: (batch: PackedMessageBatch): Uint8Array => writeColumnsLittleEndian(batch),
  read: (bytes: Uint8Array, count: number): Columns => readColumnsLittleEndian(bytes, count),
};

/**
 * Validates a received wire value (after msgpack decode or structured clone) and rebuilds the
 * batch. Throws an Error starting "Malformed packed message batch" on anything that is not
 * exactly what toWire makes: wrong types, column block size not count × 27 bytes, connection or
 * topic indexes outside their tables, QoS 3 or unknown flag bits, payload offsets that decrease,
 * overrun `payloads` or leave bytes unused, and properties that are not MessageProperties of an
 * existing message. A returned batch is safe to unpack or index without further checks.
 *
 * The numeric columns are copied (to an aligned buffer); `payloads` and correlationData stay
 * views of the received bytes. seq and time are not checked: any float64 is a safe value there.
 */
export function fromWire(value: unknown): PackedMessageBatch {
  if (!isPlainObject(value)) malformed(`expected an object, got ${describe(value)}`);
  if (value.v !== PACKED_BATCH_WIRE_VERSION) malformed(`unsupported version ${describe(value.v)} (expected ${PACKED_BATCH_WIRE_VERSION})`);
  const { count } = value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) malformed(`count must be a non-negative integer, got ${describe(count)}`);
  const columnBytes = readBytes(value.columns, 'columns');
  // Checked before anything is allocated, so a tiny frame cannot claim a huge count.
  if (columnBytes.byteLength !== count * PACKED_BYTES_PER_MESSAGE) {
    malformed(`columns hold ${columnBytes.byteLength} bytes; ${count} messages need ${count * PACKED_BYTES_PER_MESSAGE}`);
  }
  const payloads = readBytes(value.payloads, 'payloads');
  const connections = readStrings(value.connections, 'connections');
  if (connections.length > MAX_PACKED_CONNECTIONS) malformed(`more than ${MAX_PACKED_CONNECTIONS} connections`);
  const topics = readStrings(value.topics, 'topics');

  const columns = copyColumnsFromLittleEndian(columnBytes, count);
  checkColumns(columns, count, connections.length, topics.length, payloads.byteLength);

  const batch: PackedMessageBatch = { count, ...columns, payloads, connections, topics };
  const properties = readPropertiesByIndex(value.properties, count);
  if (properties !== undefined) batch.properties = properties;
  const sizes = readSizesByIndex(value.sizes, batch);
  if (sizes !== undefined) batch.sizes = sizes;
  return batch;
}

/** A full size must be a whole number at least as large as the preview it stands behind. */
function readSizesByIndex(value: unknown, batch: PackedMessageBatch): Record<number, number> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) malformed(`sizes must be an object keyed by message index, got ${describe(value)}`);
  let out: Record<number, number> | undefined;
  for (const key of Object.keys(value)) {
    const index = Number(key);
    if (!CANONICAL_INDEX.test(key) || index >= batch.count) malformed(`sizes key ${JSON.stringify(key)} is not a message index below ${batch.count}`);
    const size = value[key];
    const previewBytes = batch.payloadEnd[index]! - (index === 0 ? 0 : batch.payloadEnd[index - 1]!);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < previewBytes) {
      malformed(`sizes[${key}] must be a whole number of at least ${previewBytes}, got ${describe(size)}`);
    }
    (out ??= {})[index] = size;
  }
  return out;
}

function checkColumns(columns: Columns, count: number, connectionCount: number, topicCount: number, payloadBytes: number): void {
  const { connection, topic, flags, payloadEnd } = columns;
  let previousEnd = 0;
  for (let i = 0; i < count; i++) {
    // i < count = every column's length (columnViews).
    const connectionAt = connection[i]!;
    if (connectionAt >= connectionCount) malformed(`message ${i} names connection ${connectionAt} of ${connectionCount}`);
    const topicAt = topic[i]!;
    if (topicAt >= topicCount) malformed(`message ${i} names topic ${topicAt} of ${topicCount}`);
    const flag = flags[i]!;
    if ((flag & PACKED_FLAG.qosMask) === 3) malformed(`message ${i} has QoS 3`);
    if ((flag & ~KNOWN_FLAG_BITS) !== 0) malformed(`message ${i} has unknown flag bits 0x${flag.toString(16)}`);
    const end = payloadEnd[i]!;
    if (end < previousEnd) malformed(`message ${i} payload ends at ${end}, before its start ${previousEnd}`);
    if (end > payloadBytes) malformed(`message ${i} payload ends at ${end}, past the ${payloadBytes} payload bytes`);
    previousEnd = end;
  }
  if (previousEnd !== payloadBytes) malformed(`payloads hold ${payloadBytes} bytes but the messages use ${previousEnd}`);
}

// MessageRecord property index keys: what String(i) gives for an integer i >= 0.
const CANONICAL_INDEX = /^(?:0|[1-9][0-9]*)$/;

function readPropertiesByIndex(value: unknown, count: number): Record<number, MessageProperties> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) malformed(`properties must be an object keyed by message index, got ${describe(value)}`);
  let out: Record<number, MessageProperties> | undefined;
  for (const key of Object.keys(value)) {
    const index = Number(key);
    if (!CANONICAL_INDEX.test(key) || index >= count) malformed(`properties key ${JSON.stringify(key)} is not a message index below ${count}`);
    // Numeric keys cannot reach Object.prototype, so plain assignment is safe.
    (out ??= {})[index] = readProperties(value[key], `properties[${key}]`);
  }
  return out;
}

type PropertyReaders = {
  [K in keyof MessageProperties]-?: (value: unknown, where: string) => NonNullable<MessageProperties[K]>;
};

// Mapped over keyof MessageProperties, so a property added to the type fails to compile here
// until it is validated too.
const propertyReaders: PropertyReaders = {
  payloadFormatIndicator: (value, where) => (typeof value === 'boolean' ? value : malformed(`${where} must be a boolean, got ${describe(value)}`)),
  messageExpiryInterval: (value, where) => readCount(value, where),
  topicAlias: (value, where) => readCount(value, where),
  responseTopic: (value, where) => readString(value, where),
  correlationData: (value, where) => readBytes(value, where),
  userProperties: (value, where) => {
    if (!isPlainObject(value)) malformed(`${where} must be an object, got ${describe(value)}`);
    // fromEntries defines own properties, so a user property named "__proto__" stays data.
    return Object.fromEntries(
      Object.entries(value).map(([name, entry]): [string, string | string[]] => [
        name,
        Array.isArray(entry) ? readStrings(entry, `${where}.${name}`).slice() : readString(entry, `${where}.${name}`),
      ]),
    );
  },
  subscriptionIdentifier: (value, where) => (Array.isArray(value) ? value.map((entry, i) => readCount(entry, `${where}[${i}]`)) : readCount(value, where)),
  contentType: (value, where) => readString(value, where),
};

function readProperties(value: unknown, where: string): MessageProperties {
  if (!isPlainObject(value)) malformed(`${where} must be an object, got ${describe(value)}`);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(propertyReaders, key)) malformed(`${where} has unknown property ${JSON.stringify(key)}`);
    const field = value[key];
    // msgpack without ignoreUndefined turns an undefined field into nil: both mean absent.
    if (field === undefined || field === null) continue;
    out[key] = propertyReaders[key as keyof MessageProperties](field, `${where}.${key}`);
  }
  return out as MessageProperties;
}

function readBytes(value: unknown, where: string): Uint8Array {
  if (!(value instanceof Uint8Array)) malformed(`${where} must be bytes, got ${describe(value)}`);
  // A Node Buffer (msgpack-decoding a Buffer yields Buffer subarrays) becomes a plain view of the
  // same bytes, so receivers see one type whatever the transport.
  return value.constructor === Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function readStrings(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) malformed(`${where} must be an array of strings, got ${describe(value)}`);
  // Indexed, not for-of/every: a sparse array's holes must count as non-strings.
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') malformed(`${where}[${i}] must be a string, got ${describe(value[i])}`);
  }
  return value as string[];
}

function readString(value: unknown, where: string): string {
  return typeof value === 'string' ? value : malformed(`${where} must be a string, got ${describe(value)}`);
}

function readCount(value: unknown, where: string): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : malformed(`${where} must be a non-negative integer, got ${describe(value)}`);
}

// The "[object Object]" tag holds across realms and excludes arrays, typed arrays, Maps, Dates
// and the like, which would otherwise pass as objects with no keys.
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return Object.prototype.toString.call(value).slice(8, -1);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function' || typeof value === 'undefined') return typeof value;
  return `${typeof value} ${String(value)}`;
}

function malformed(detail: string): never {
  throw new Error(`Malformed packed message batch: ${detail}`);
}
