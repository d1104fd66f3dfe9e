import { byteCount } from '../payload/byteCount';
import type { PacketSummary } from './packets/types';

const PUBLISH = 3;
const PINGREQ = 12;
const PINGRESP = 13;
const ACK_TYPES: Record<number, 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP'> = { 4: 'PUBACK', 5: 'PUBREC', 6: 'PUBREL', 7: 'PUBCOMP' };

/**
 * The packet list's summary of the packets a firehose is made of (PUBLISH and its acks, pings),
 * read straight from the bytes in well under a microsecond, so the wire tap costs little. It
 * answers only for packets with nothing unusual about them, and returns undefined for anything
 * else (v5 properties, odd flags, non-ASCII or suspicious topics, a non-minimal length…): the full
 * decoder then runs and explains what is wrong. A test holds it to the full decoder's results.
 */
export function quickSummary(bytes: Uint8Array, protocolVersion: 3 | 4 | 5): PacketSummary | undefined {
  const type = ordinaryType(bytes, protocolVersion);
  if (type === undefined) return undefined;
  const flags = (bytes[0] ?? 0) & 0x0f;
  const header = remainingLengthEnd(bytes) ?? 0;
  if (type === PUBLISH) return summarizePublish(bytes, flags, header, protocolVersion);
  const ack = ACK_TYPES[type];
  if (ack) {
    const packetId = ((bytes[header] ?? 0) << 8) | (bytes[header + 1] ?? 0);
    const summary: PacketSummary = { type: ack, flags, packetId, summary: `id ${packetId}`, problems: [] };
    // 5.0: a two-byte ack means reason code 0x00 Success [MQTT-3.4.2-1].
    if (protocolVersion === 5) summary.reasonCode = 0;
    return summary;
  }
  return { type: type === PINGREQ ? 'PINGREQ' : 'PINGRESP', flags, summary: '', problems: [] };
}

/** A QoS 0 PUBLISH with nothing unusual about it: the whole of what a subscriber needs from it. */
export type PlainPublish = { topic: string; retain: boolean; payloadStart: number };

/**
 * The firehose packet, read straight from its bytes: a QoS 0 PUBLISH with a printable ASCII topic
 * and no properties asks nothing of the client but to take the message, so the engine can take it
 * without a full parse. Anything else (QoS 1/2, properties such as a topic alias, an odd topic or
 * flags) returns undefined and goes the general way.
 */
export function plainPublish(bytes: Uint8Array, protocolVersion: 3 | 4 | 5, topics?: RecentTopics): PlainPublish | undefined {
  const first = bytes[0] ?? 0;
  // Type 3, DUP 0, QoS 0; the retain bit may be either.
  if ((first & 0xfe) !== 0x30) return undefined;
  const header = remainingLengthEnd(bytes);
  if (header === undefined) return undefined;
  const payloadStart = publishPayloadStart(bytes, first & 0x0f, header, protocolVersion);
  if (payloadStart === undefined) return undefined;
  const topicEnd = header + 2 + (((bytes[header] ?? 0) << 8) | (bytes[header + 1] ?? 0));
  const topic = topics ? topics.name(bytes, header + 2, topicEnd) : asciiString(bytes, header + 2, topicEnd);
  return { topic, retain: (first & 0x01) !== 0, payloadStart };
}

// Printable ASCII (publishPayloadStart checked it), so one char code per byte is exact; apply
// takes any array-like, a typed array too, though the lib's type says number[].
const asciiString = (bytes: Uint8Array, start: number, end: number): string => String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);

/** How many recent topics RecentTopics remembers. */
const RECENT_TOPICS = 8;

/**
 * The last few topic names read from PUBLISH bytes, so that a flood on a few topics yields the
 * same string for the same topic instead of a new one per message: no string to allocate, and
 * the maps that intern topics downstream (store, history) find its hash already computed.
 * Checked byte for byte, so a hit is always the right name.
 */
export class RecentTopics {
  private readonly bytes: Uint8Array[] = [];
  private readonly names: string[] = [];
  private next = 0;

  name(source: Uint8Array, start: number, end: number): string {
    const length = end - start;
    for (let k = 0; k < this.names.length; k += 1) {
      const known = this.bytes[k]!;
      if (known.length === length && sameBytes(known, source, start)) return this.names[k]!;
    }
    const name = asciiString(source, start, end);
    this.bytes[this.next] = source.slice(start, end);
    this.names[this.next] = name;
    this.next = (this.next + 1) % RECENT_TOPICS;
    return name;
  }
}

function sameBytes(known: Uint8Array, source: Uint8Array, start: number): boolean {
  // Topics of one flood share their start: compare from the end, where they differ.
  for (let i = known.length - 1; i >= 0; i -= 1) if (known[i] !== source[start + i]) return false;
  return true;
}

/**
 * Whether quickSummary would answer: the packet has nothing unusual about it, so the full decoder
 * would find no problem. Reads the bytes without allocating, for checks on every packet.
 */
export function isOrdinary(bytes: Uint8Array, protocolVersion: 3 | 4 | 5): boolean {
  return ordinaryType(bytes, protocolVersion) !== undefined;
}

function ordinaryType(bytes: Uint8Array, protocolVersion: 3 | 4 | 5): number | undefined {
  const first = bytes[0];
  if (first === undefined) return undefined;
  const type = first >> 4;
  const flags = first & 0x0f;
  const header = remainingLengthEnd(bytes);
  if (header === undefined) return undefined;
  if (type === PUBLISH) return publishPayloadStart(bytes, flags, header, protocolVersion) === undefined ? undefined : type;
  const ack = ACK_TYPES[type];
  if (ack) {
    // PUBREL's reserved flags are 0b0010 [MQTT-3.6.1-1]; the others' are 0.
    if (flags !== (ack === 'PUBREL' ? 2 : 0) || bytes.length !== header + 2) return undefined;
    return bytes[header] === 0 && bytes[header + 1] === 0 ? undefined : type;
  }
  return (type === PINGREQ || type === PINGRESP) && flags === 0 && bytes.length === 2 ? type : undefined;
}

/** Where an ordinary PUBLISH's payload starts, or undefined when anything about it is unusual. */
function publishPayloadStart(bytes: Uint8Array, flags: number, header: number, protocolVersion: 3 | 4 | 5): number | undefined {
  const qos = (flags >> 1) & 3;
  if (qos === 3) return undefined;
  // DUP must be 0 for QoS 0 [MQTT-3.3.1-2]: let the full decoder say so.
  if ((flags & 0x08) !== 0 && qos === 0) return undefined;
  let at = header;
  const topicLength = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  at += 2;
  if (topicLength === 0 || at + topicLength > bytes.length) return undefined;
  for (let i = at; i < at + topicLength; i += 1) {
    const c = bytes[i] ?? 0;
    // Printable ASCII without wildcards; anything else gets the full decoder's scrutiny.
    if (c < 0x20 || c > 0x7e || c === 0x2b || c === 0x23) return undefined;
  }
  at += topicLength;
  if (qos > 0) {
    if (at + 2 > bytes.length) return undefined;
    if (bytes[at] === 0 && bytes[at + 1] === 0) return undefined;
    at += 2;
  }
  if (protocolVersion === 5) {
    // Only an empty property block takes the fast path.
    if (bytes[at] !== 0) return undefined;
    at += 1;
  }
  return at > bytes.length ? undefined : at;
}

function summarizePublish(bytes: Uint8Array, flags: number, header: number, protocolVersion: 3 | 4 | 5): PacketSummary {
  const qos = ((flags >> 1) & 3) as 0 | 1 | 2;
  const topicLength = ((bytes[header] ?? 0) << 8) | (bytes[header + 1] ?? 0);
  let topic = '';
  for (let i = header + 2; i < header + 2 + topicLength; i += 1) topic += String.fromCharCode(bytes[i] ?? 0);
  const payloadStart = publishPayloadStart(bytes, flags, header, protocolVersion) ?? bytes.length;
  const dup = (flags & 0x08) !== 0;
  const retain = (flags & 0x01) !== 0;
  let line = `QoS ${qos} ${topic} (${byteCount(bytes.length - payloadStart)})`;
  if (retain) line += ', retain';
  if (dup) line += ', DUP';
  const summary: PacketSummary = { type: 'PUBLISH', flags, qos, dup, retain, topic, summary: line, problems: [] };
  if (qos > 0) {
    const at = header + 2 + topicLength;
    summary.packetId = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  }
  return summary;
}

/** Offset where the variable header starts, if the Remaining Length is minimal and exact. */
function remainingLengthEnd(bytes: Uint8Array): number | undefined {
  let value = 0;
  let multiplier = 1;
  for (let i = 1; i <= 4; i += 1) {
    const byte = bytes[i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) {
      // A zero final byte after a continuation means a non-minimal encoding.
      if (i > 1 && byte === 0) return undefined;
      return value === bytes.length - i - 1 ? i + 1 : undefined;
    }
    multiplier *= 128;
  }
  return undefined;
}
