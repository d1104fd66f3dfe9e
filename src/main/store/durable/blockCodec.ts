import { crc32 } from 'node:zlib';
import { PREVIEW_BYTES, type IncomingMessage } from '../messageStore';
import { PACKED_FLAG } from '../../../shared/domain/packedBatch';
import type { QoS } from '../../../shared/domain/message';
import { decodeProperties, encodeProperties } from './propertiesCodec';

// A segment file is a run of blocks; one block is what one flush wrote. A block is the store's
// column layout (times, topic ids, flags, payload lengths, payload bytes) behind a 20-byte
// header whose CRC-32 covers the header fields and the body, so a block torn by a crash or
// flipped on disk is recognised and cut instead of being read as messages.
//
// Header (little-endian): magic u32, kind u8, 3 reserved bytes, count u32, body length u32, crc u32.
// Message body: new topic count u32, [length u32, UTF-8]…, time f64[count], topic u32[count],
// flags u8[count], payload length u32[count], payload bytes, properties length u32, properties JSON.
// Topic ids are local to the segment file: a block names only the topics new to its file.

export const BLOCK_MAGIC = 0x3142_5351; // "QSB1"
export const HEADER_BYTES = 20;
/** A block no flush could have written: guards against a corrupt length sending the reader far away. */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;

export const BLOCK_KIND = {
  messages: 1,
  /** Written first by every run: where the UI marks "QoScope restarted". Its body is the start time (f64). */
  runStart: 2,
  packets: 3,
} as const;
export type BlockKind = (typeof BLOCK_KIND)[keyof typeof BLOCK_KIND];

export type BlockHeader = { kind: number; count: number; bodyBytes: number; crc: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Topic ids of one segment file, as its writer hands them out. */
export class TopicDictionary {
  private readonly ids = new Map<string, number>();

  id(topic: string, fresh: string[]): number {
    let id = this.ids.get(topic);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(topic, id);
      fresh.push(topic);
    }
    return id;
  }
}

export function encodeMessagesBlock(messages: readonly IncomingMessage[], topics: TopicDictionary): Buffer {
  const count = messages.length;
  const fresh: string[] = [];
  const topicIds = new Uint32Array(count);
  let payloadBytes = 0;
  const withProperties: [number, unknown][] = [];
  for (let i = 0; i < count; i += 1) {
    const message = messages[i]!;
    topicIds[i] = topics.id(message.topic, fresh);
    payloadBytes += message.payload.byteLength;
    if (message.properties) withProperties.push([i, encodeProperties(message.properties)]);
  }
  const topicBytes = fresh.map((topic) => encoder.encode(topic));
  const propertiesJson = withProperties.length > 0 ? encoder.encode(JSON.stringify(withProperties)) : new Uint8Array(0);
  const bodyBytes = 4 + topicBytes.reduce((sum, bytes) => sum + 4 + bytes.byteLength, 0) + count * (8 + 4 + 1 + 4) + payloadBytes + 4 + propertiesJson.byteLength;
  const block = Buffer.allocUnsafe(HEADER_BYTES + bodyBytes);
  let at = HEADER_BYTES;
  at = block.writeUInt32LE(topicBytes.length, at);
  for (const bytes of topicBytes) {
    at = block.writeUInt32LE(bytes.byteLength, at);
    block.set(bytes, at);
    at += bytes.byteLength;
  }
  for (const message of messages) at = block.writeDoubleLE(message.time, at);
  for (let i = 0; i < count; i += 1) at = block.writeUInt32LE(topicIds[i]!, at);
  for (const message of messages) at = block.writeUInt8(flagsOf(message), at);
  for (const message of messages) at = block.writeUInt32LE(message.payload.byteLength, at);
  for (const message of messages) {
    block.set(message.payload, at);
    at += message.payload.byteLength;
  }
  at = block.writeUInt32LE(propertiesJson.byteLength, at);
  block.set(propertiesJson, at);
  writeHeader(block, BLOCK_KIND.messages, count, bodyBytes);
  return block;
}

/** Encodes messages a segment file at a time: the topic dictionary is per file. */
export function messagesEncoder(): (messages: readonly IncomingMessage[]) => Buffer {
  const topics = new TopicDictionary();
  return (messages) => encodeMessagesBlock(messages, topics);
}

export function messagesDecoder(): (file: Buffer, at: number, header: BlockHeader, visit: (message: IncomingMessage) => void) => void {
  const topics: string[] = [];
  return (file, at, header, visit) => decodeMessagesBlock(file, at, header, topics, visit);
}

export function encodeRunStartBlock(time: number): Buffer {
  const block = Buffer.allocUnsafe(HEADER_BYTES + 8);
  block.writeDoubleLE(time, HEADER_BYTES);
  writeHeader(block, BLOCK_KIND.runStart, 0, 8);
  return block;
}

export function writeHeader(block: Buffer, kind: BlockKind, count: number, bodyBytes: number): void {
  block.writeUInt32LE(BLOCK_MAGIC, 0);
  block.writeUInt32LE(kind, 4);
  block.writeUInt32LE(count, 8);
  block.writeUInt32LE(bodyBytes, 12);
  block.writeUInt32LE(blockCrc(block, bodyBytes), 16);
}

function blockCrc(block: Uint8Array, bodyBytes: number): number {
  return crc32(block.subarray(HEADER_BYTES, HEADER_BYTES + bodyBytes), crc32(block.subarray(0, 16)));
}

function flagsOf(message: IncomingMessage): number {
  return message.qos | (message.retain ? PACKED_FLAG.retain : 0) | (message.dup ? PACKED_FLAG.dup : 0) | (message.direction === 'out' ? PACKED_FLAG.directionOut : 0);
}

/** The header at `at`, or undefined when fewer than a header's bytes are left or it is not one. */
export function readHeader(file: Buffer, at: number): BlockHeader | undefined {
  if (file.byteLength - at < HEADER_BYTES || file.readUInt32LE(at) !== BLOCK_MAGIC) return undefined;
  return { kind: file.readUInt32LE(at + 4), count: file.readUInt32LE(at + 8), bodyBytes: file.readUInt32LE(at + 12), crc: file.readUInt32LE(at + 16) };
}

/** True when the whole block is there and its checksum matches. */
export function blockIsIntact(file: Buffer, at: number, header: BlockHeader): boolean {
  if (header.bodyBytes > MAX_BODY_BYTES || file.byteLength - at < HEADER_BYTES + header.bodyBytes) return false;
  return blockCrc(file.subarray(at, at + HEADER_BYTES + header.bodyBytes), header.bodyBytes) === header.crc;
}

/**
 * The messages of an intact block, in order. `topics` are the segment file's topics so far; new
 * ones are appended to it. Throws on a body that does not add up (a CRC collision or a bug).
 */
export function decodeMessagesBlock(file: Buffer, at: number, header: BlockHeader, topics: string[], visit: (message: IncomingMessage) => void): void {
  const end = at + HEADER_BYTES + header.bodyBytes;
  let p = at + HEADER_BYTES;
  const need = (bytes: number) => {
    if (p + bytes > end) throw new RangeError('A history block is shorter than its contents');
  };
  need(4);
  const freshCount = file.readUInt32LE(p);
  p += 4;
  for (let i = 0; i < freshCount; i += 1) {
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
