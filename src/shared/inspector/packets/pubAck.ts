// The QoS 1 and QoS 2 acknowledgements, one layout for four packet types: PUBACK, PUBREC,
// PUBREL, PUBCOMP (3.1.1 §3.4–3.7, 5.0 §3.4–3.7). 3.1.1 carries only the Packet Identifier.

import type { ByteReader } from './byteReader';
import { REASON_STRING, stringProperty } from './properties';
import { readOptionalReason, readPacketId, type PacketContext } from './common';

export function pubAckDecoder(packet: 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP') {
  return (r: ByteReader, ctx: PacketContext): void => {
    let detail = '';
    try {
      readPacketId(r, ctx);
      if (r.version === 5) {
        const { code, text, properties } = readOptionalReason(r, ctx, packet);
        const reason = stringProperty(properties, REASON_STRING);
        if (code !== 0) detail += `, ${text}`;
        if (reason !== undefined) detail += `: ${reason}`;
      }
    } finally {
      ctx.result.summary = ctx.result.packetId === undefined ? '' : `id ${ctx.result.packetId}${detail}`;
    }
  };
}
