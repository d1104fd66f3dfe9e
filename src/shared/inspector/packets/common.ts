// What every per-packet decoder shares: the context it fills in, and the fields several packet
// types have in common (Packet Identifier, Reason Code, the optional tail of 5.0 acks).

import { type ByteReader, hex2 } from './byteReader';
import { readProperties, type PropertyValues } from './properties';
import { describeReasonCode, type ReasonCodePacket } from './reasonCodeNames';
import { validateTopicFilter, validateTopicName } from '../../mqtt/topic';
import type { Field, PacketSummary } from './types';

/** The summary values a decoder finds; filled in as it goes, so a truncated packet keeps them. */
export type DecodeResult = Pick<PacketSummary, 'packetId' | 'qos' | 'dup' | 'retain' | 'topic' | 'reasonCode'> & {
  summary: string;
};

export type PacketContext = {
  /** Fixed header flag bits (lower 4 bits of byte 1). */
  flags: number;
  revealSecrets: boolean;
  result: DecodeResult;
};

/** Reads the variable header and payload of one packet type; `r` is limited to the packet. */
export type PacketDecoder = (r: ByteReader, ctx: PacketContext) => void;

export function readPacketId(r: ByteReader, ctx: PacketContext): number {
  const id = r.twoByte('Packet identifier');
  ctx.result.packetId = id.value;
  if (id.value === 0) {
    // 5.0 states the rule once for each sender: the client [MQTT-2.2.1-3], the server [MQTT-2.2.1-4].
    const v5 = r.direction === 'in' ? '[MQTT-2.2.1-4]' : '[MQTT-2.2.1-3]';
    r.flag(id.field, `must not be 0 ${r.cite('[MQTT-2.3.1-1]', v5)}`, 0x82);
  }
  return id.value;
}

// "MUST use one of the … Reason Code values", one clause per packet type in 5.0.
const REASON_CLAUSES: Record<ReasonCodePacket, string> = {
  CONNACK: '[MQTT-3.2.2-8]',
  PUBACK: '[MQTT-3.4.2-1]',
  PUBREC: '[MQTT-3.5.2-1]',
  PUBREL: '[MQTT-3.6.2-1]',
  PUBCOMP: '[MQTT-3.7.2-1]',
  SUBACK: '[MQTT-3.9.3-2]',
  UNSUBACK: '[MQTT-3.11.3-2]',
  DISCONNECT: '[MQTT-3.14.2-1]',
  AUTH: '[MQTT-3.15.2-1]',
};

/** A Reason Code (5.0) or return code (3.1.1) byte, named per packet type. */
export function readReasonCode(r: ByteReader, packet: ReasonCodePacket, name = 'Reason code'): { code: number; text: string } {
  const { field, value: code } = r.byte(name, (value) => describeReasonCode(packet, value, r.version).text);
  const { text, known } = describeReasonCode(packet, code, r.version);
  if (!known) {
    const clause = r.version === 5 ? REASON_CLAUSES[packet] : packet === 'SUBACK' ? '[MQTT-3.9.3-2]' : '(3.1.1 §3.2.2.3)';
    r.flag(field, `${hex2(code)} is not a ${packet} ${r.version === 5 ? 'reason' : 'return'} code ${clause}`);
  }
  return { code, text };
}

/**
 * The 5.0 tail shared by PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT and AUTH: a Reason Code that
 * may be left out when it is 0x00, then properties that may be left out when there are none
 * (§3.4.2.1, §3.4.2.2.1, §3.14.2.1, §3.15.2.1).
 */
export function readOptionalReason(
  r: ByteReader,
  ctx: PacketContext,
  packet: ReasonCodePacket,
): { code: number; text: string; properties: PropertyValues } {
  let properties: PropertyValues = new Map();
  if (r.remaining === 0) {
    const { text } = describeReasonCode(packet, 0, 5);
    ctx.result.reasonCode = 0;
    r.add('Reason code', r.offset, r.offset, `${text}, implied: the packet ends here`);
    return { code: 0, text, properties };
  }
  const reason = readReasonCode(r, packet);
  ctx.result.reasonCode = reason.code;
  if (r.remaining > 0) properties = readProperties(r, packet);
  return { ...reason, properties };
}

/** "a/b (QoS 1), c (QoS 0), +3 more": keeps a packet list row to one short line. */
export function listSome(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, +${items.length - max} more` : shown;
}

export const QOS_WORDS = ['at most once', 'at least once', 'exactly once', 'reserved'] as const;

export function describeQos(qos: number): string {
  return `${qos} (${QOS_WORDS[qos] ?? 'invalid'})`;
}


// U+0000 and ill-formed UTF-8 were already reported by ByteReader.utf8, so they are skipped here.
export function checkTopicName(r: ByteReader, field: Field, topic: string | undefined, aliased = false): void {
  if (topic === undefined || topic.includes('\u0000') || (topic === '' && aliased)) return;
  const problem = validateTopicName(topic);
  if (problem) r.flag(field, `${problem} ${topic === '' ? '[MQTT-4.7.3-1]' : '[MQTT-3.3.2-2]'}`);
}

export function checkTopicFilter(r: ByteReader, field: Field, filter: string | undefined): void {
  if (filter === undefined || filter.includes('\u0000')) return;
  const problem = validateTopicFilter(filter);
  if (problem) r.flag(field, `${problem} ${filter === '' ? '[MQTT-4.7.3-1]' : '(§4.7.1)'}`);
}
