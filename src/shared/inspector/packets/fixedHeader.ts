// Byte 1 (packet type and flags) and the Remaining Length: MQTT 3.1.1 §2.2, MQTT 5.0 §2.1.

import { bits, type ByteReader, hex2 } from './byteReader';
import { readRemainingLength } from './framer';
import { PACKET_TYPES, type PacketTypeName } from './types';
import { describeQos, type PacketContext } from './common';

/** PUBREL, SUBSCRIBE and UNSUBSCRIBE carry 0b0010, every other type but PUBLISH 0b0000. */
const FLAGS_0010: ReadonlySet<PacketTypeName> = new Set(['PUBREL', 'SUBSCRIBE', 'UNSUBSCRIBE']);

/** The packet type, and whether its body can be decoded at all. */
export function readTypeAndFlags(r: ByteReader, ctx: PacketContext): { type: PacketTypeName; decodable: boolean } {
  const first = r.bytes[0] ?? 0;
  const type = PACKET_TYPES[first >> 4] ?? 'RESERVED';
  let decodable = true;
  r.group('Fixed header', (header) => {
    header.value = `${hex2(first)} ${type}`;
    const typeField = r.add('Packet type', 0, 1, `${type} (${first >> 4})`);
    if (type === 'RESERVED') {
      r.flag(typeField, 'type 0 is reserved and forbidden (3.1.1 §2.2.1, 5.0 §2.1.2)', 0x81);
      decodable = false;
    } else if (type === 'AUTH' && r.version !== 5) {
      r.flag(typeField, 'type 15 is reserved in MQTT 3.1 and 3.1.1; AUTH exists only in MQTT 5.0 (3.1.1 §2.2.1)', 0x81);
      decodable = false;
    }
    if (type === 'PUBLISH') readPublishFlags(r, ctx);
    else readReservedFlags(r, type, ctx.flags, decodable);
    r.offset = 1;
  });
  return { type, decodable };
}

function readPublishFlags(r: ByteReader, ctx: PacketContext): void {
  const dup = (ctx.flags & 0b1000) !== 0;
  const qos = (ctx.flags >> 1) & 0b11;
  const retain = (ctx.flags & 0b0001) !== 0;
  const dupField = r.add('DUP', 0, 1, dup ? '1 (may be a redelivery)' : '0 (first delivery)');
  const qosField = r.add('QoS', 0, 1, describeQos(qos));
  r.add('RETAIN', 0, 1, retain ? '1 (retain)' : '0');
  ctx.result.dup = dup;
  ctx.result.retain = retain;
  if (qos === 3) {
    r.malformed(qosField, 'QoS 3: a PUBLISH must not have both QoS bits set [MQTT-3.3.1-4]');
  } else {
    ctx.result.qos = qos as 0 | 1 | 2;
    if (dup && qos === 0) r.flag(dupField, 'must be 0 for a QoS 0 message [MQTT-3.3.1-2]');
  }
}

function readReservedFlags(r: ByteReader, type: PacketTypeName, flags: number, known: boolean): void {
  const field = r.add('Reserved flags', 0, 1, bits(flags, 4));
  if (!known) return;
  const required = FLAGS_0010.has(type) ? 0b0010 : 0b0000;
  if (flags !== required) {
    field.value = `${bits(flags, 4)}, must be ${bits(required, 4)}`;
    // Invalid flags oblige the receiver to close: 3.1.1 [MQTT-2.2.2-2]; a Malformed Packet in 5.0.
    r.flag(field, `${type} requires ${bits(required, 4)} ${r.cite('[MQTT-2.2.2-1]', '[MQTT-2.1.3-1]')}`, 0x81);
  }
}

/**
 * The Remaining Length field. Returns where the packet ends by its own account (which may lie
 * past the end of the bytes we have), or undefined when it cannot be read.
 */
export function readLength(r: ByteReader): number | undefined {
  const read = readRemainingLength(r.bytes, 1);
  if (read === undefined) {
    const field = r.add('Remaining Length', 1, r.bytes.length, 'cut off');
    r.malformed(field, 'the frame ends inside the Remaining Length');
    r.offset = r.bytes.length;
    return undefined;
  }
  if ('error' in read) {
    r.offset = 5;
    r.malformed(r.add('Remaining Length', 1, 5, 'invalid'), read.error);
    return undefined;
  }
  r.offset = 1 + read.length;
  const field = r.add('Remaining Length', 1, r.offset, `${read.value}`);
  if (!read.minimal) {
    r.flag(field, `non-minimal encoding: ${read.length} bytes where fewer suffice ${r.cite('(3.1.1 §2.2.3)', '[MQTT-1.5.5-1]')}`);
  }
  const end = r.offset + read.value;
  if (end > r.bytes.length) {
    r.malformed(field, `Remaining Length is ${read.value} but only ${r.bytes.length - r.offset} B follow`);
  }
  return end;
}
