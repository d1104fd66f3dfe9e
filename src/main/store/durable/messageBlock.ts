import { PREVIEW_BYTES, type IncomingMessage } from '../messageStore';
import { PACKED_FLAG } from '../../../shared/domain/packedBatch';
import type { QoS } from '../../../shared/domain/message';
import { BLOCK_KIND, HEADER_BYTES, ReusedBuffer, withRoom, writeColumn, writeHeader, type BlockBuilder, type BlockHeader } from './blockCodec';
import { decodeProperties, encodeProperties } from './propertiesCodec';

// A messages block (kind 1) holds the message store's columns. Body: topic count u32,
// [length u32, UTF-8]… (the topics this block uses; ids index this list), time f64[count],
// topic id u32[count], flags u8[count], payload length u32[count], payload bytes, properties
// length u32, properties JSON ([index, properties] pairs; MQTT 5 only, so rare).

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Copies each message into columns as it arrives: nothing per message is kept until the flush. */
export class MessageBlockBuilder implements BlockBuilder<IncomingMessage> {
  private times = new Float64Array(1024);
  private topicIds = new Uint32Array(1024);
  private flags = new Uint8Array(1024);
  private lengths = new Uint32Array(1024);
  private payloads = new Uint8Array(64 * 1024);
  private payloadBytes = 0;
  private readonly topics = new Map<string, number>();
  private properties: [number, unknown][] = [];
  count = 0;
  lastTime = 0;
  private readonly output = new ReusedBuffer();

  add(message: IncomingMessage): void {
    const i = this.count;
    if (i === this.times.length) {
      this.times = withRoom(this.times, i + 1);
      this.topicIds = withRoom(this.topicIds, i + 1);
      this.flags = withRoom(this.flags, i + 1);
      this.lengths = withRoom(this.lengths, i + 1);
    }
    let id = this.topics.get(message.topic);
    if (id === undefined) {
      id = this.topics.size;
      this.topics.set(message.topic, id);
    }
    const size = message.payload.byteLength;
    this.payloads = withRoom(this.payloads, this.payloadBytes + size);
    this.payloads.set(message.payload, this.payloadBytes);
    this.payloadBytes += size;
    this.times[i] = message.time;
    this.topicIds[i] = id;
    this.flags[i] = message.qos | (message.retain ? PACKED_FLAG.retain : 0) | (message.dup ? PACKED_FLAG.dup : 0) | (message.direction === 'out' ? PACKED_FLAG.directionOut : 0);
    this.lengths[i] = size;
    if (message.properties) this.properties.push([i, encodeProperties(message.properties)]);
    this.count = i + 1;
    this.lastTime = message.time;
  }

  finish(): Buffer {
    const count = this.count;
    const topicBytes = [...this.topics.keys()].map((topic) => encoder.encode(topic));
    const propertiesJson = this.properties.length > 0 ? encoder.encode(JSON.stringify(this.properties)) : new Uint8Array(0);
    const bodyBytes = 4 + topicBytes.reduce((sum, bytes) => sum + 4 + bytes.byteLength, 0) + count * (8 + 4 + 1 + 4) + this.payloadBytes + 4 + propertiesJson.byteLength;
    const block = this.output.take(HEADER_BYTES + bodyBytes);
    let at = block.writeUInt32LE(topicBytes.length, HEADER_BYTES);
    for (const bytes of topicBytes) {
      at = block.writeUInt32LE(bytes.byteLength, at);
      block.set(bytes, at);
      at += bytes.byteLength;
    }
    at = writeColumn(block, at, this.times, count);
    at = writeColumn(block, at, this.topicIds, count);
    block.set(this.flags.subarray(0, count), at);
    at = writeColumn(block, at + count, this.lengths, count);
    block.set(this.payloads.subarray(0, this.payloadBytes), at);
    at = block.writeUInt32LE(propertiesJson.byteLength, at + this.payloadBytes);
    block.set(propertiesJson, at);
    writeHeader(block, BLOCK_KIND.messages, count, bodyBytes);
    this.reset();
    return block;
  }

  reset(): void {
    this.count = 0;
    this.payloadBytes = 0;
    this.topics.clear();
    this.properties = [];
  }
}

/** The messages of an intact block, in order; throws on a body that does not add up (a CRC collision or a bug). */
export function decodeMessagesBlock(file: Buffer, at: number, header: BlockHeader, visit: (message: IncomingMessage) => void): void {
  const end = at + HEADER_BYTES + header.bodyBytes;
  let p = at + HEADER_BYTES;
  const need = (bytes: number) => {
    if (p + bytes > end) throw new RangeError('A history block is shorter than its contents');
  };
  need(4);
  const topicCount = file.readUInt32LE(p);
  p += 4;
  const topics: string[] = [];
  for (let i = 0; i < topicCount; i += 1) {
    need(4);
    const length = file.readUInt32LE(p);
    p += 4;
    need(length);
    topics.push(decoder.decode(file.subarray(p, p + length)));
    p += length;
  }
  const count = header.count;
  need(count * 17);
  const times = p;
  const ids = times + count * 8;
  const flags = ids + count * 4;
  const lengths = flags + count;
  let payload = lengths + count * 4;
  p = payload;
  for (let i = 0; i < count; i += 1) p += file.readUInt32LE(lengths + i * 4);
  need(4);
  const propertiesLength = file.readUInt32LE(p);
  p += 4;
  need(propertiesLength);
  const properties = propertiesLength > 0 ? decodePropertyList(decoder.decode(file.subarray(p, p + propertiesLength))) : undefined;
  for (let i = 0; i < count; i += 1) {
    const length = file.readUInt32LE(lengths + i * 4);
    const topic = topics[file.readUInt32LE(ids + i * 4)];
    if (topic === undefined) throw new RangeError('A history block names a topic it never defined');
    const bits = file[flags + i]!;
    const messageProperties = properties?.get(i);
    visit({
      direction: bits & PACKED_FLAG.directionOut ? 'out' : 'in',
      topic,
      // The store copies small payloads into its own buffer but keeps large ones as they are:
      // those are copied so they do not keep the whole file's buffer alive.
      payload: length > PREVIEW_BYTES ? new Uint8Array(file.subarray(payload, payload + length)) : file.subarray(payload, payload + length),
      qos: (bits & PACKED_FLAG.qosMask) as QoS,
      retain: (bits & PACKED_FLAG.retain) !== 0,
      dup: (bits & PACKED_FLAG.dup) !== 0,
      time: file.readDoubleLE(times + i * 8),
      ...(messageProperties ? { properties: messageProperties } : {}),
    });
    payload += length;
  }
}

function decodePropertyList(json: string): Map<number, NonNullable<IncomingMessage['properties']>> {
  const list: unknown = JSON.parse(json);
  const map = new Map<number, NonNullable<IncomingMessage['properties']>>();
  if (!Array.isArray(list)) return map;
  for (const entry of list) {
    if (Array.isArray(entry) && typeof entry[0] === 'number') {
      const properties = decodeProperties(entry[1]);
      if (properties) map.set(entry[0], properties);
    }
  }
  return map;
}
