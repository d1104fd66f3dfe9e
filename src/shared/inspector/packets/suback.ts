// SUBACK: 3.1.1 §3.9, 5.0 §3.9. One return/reason code per topic filter of the SUBSCRIBE.

import type { ByteReader } from './byteReader';
import { readProperties } from './properties';
import { listSome, readPacketId, readReasonCode, type PacketContext } from './common';

export function decodeSuback(r: ByteReader, ctx: PacketContext): void {
  const granted: string[] = [];
  try {
    readPacketId(r, ctx);
    if (r.version === 5) readProperties(r, 'SUBACK');
    if (r.remaining === 0) {
      const payload = r.add('Payload', r.offset, r.offset, '(empty)');
      r.flag(payload, `must hold a code for each topic filter ${r.cite('[MQTT-3.8.4-5]', '[MQTT-3.8.4-6]')}`);
    }
    const label = r.version === 5 ? 'Reason code' : 'Return code';
    for (let n = 1; r.remaining > 0; n++) {
      const { code, text } = readReasonCode(r, 'SUBACK', `${label} ${n}`);
      // The list shows the first failure if there is one: that is what a user looks for.
      if (ctx.result.reasonCode === undefined || (code >= 0x80 && ctx.result.reasonCode < 0x80)) {
        ctx.result.reasonCode = code;
      }
      granted.push(code <= 2 ? `QoS ${code}` : text);
    }
  } finally {
    const id = ctx.result.packetId;
    ctx.result.summary = id === undefined ? '' : `id ${id}${granted.length ? `: ${listSome(granted)}` : ''}`;
  }
}
