// UNSUBACK: 3.1.1 §3.11 (Packet Identifier only), 5.0 §3.11 (plus a reason code per filter).

import type { ByteReader } from './byteReader';
import { readProperties } from './properties';
import { listSome, readPacketId, readReasonCode, type PacketContext } from './common';

export function decodeUnsuback(r: ByteReader, ctx: PacketContext): void {
  const failures: string[] = [];
  try {
    readPacketId(r, ctx);
    if (r.version !== 5) return;
    readProperties(r, 'UNSUBACK');
    if (r.remaining === 0) {
      r.flag(r.add('Payload', r.offset, r.offset, '(empty)'), 'must hold a reason code for each topic filter (5.0 §3.11.3)');
    }
    for (let n = 1; r.remaining > 0; n++) {
      const { code, text } = readReasonCode(r, 'UNSUBACK', `Reason code ${n}`);
      if (ctx.result.reasonCode === undefined || (code >= 0x80 && ctx.result.reasonCode < 0x80)) {
        ctx.result.reasonCode = code;
      }
      if (code !== 0) failures.push(text);
    }
  } finally {
    const id = ctx.result.packetId;
    ctx.result.summary = id === undefined ? '' : `id ${id}${failures.length ? `: ${listSome(failures)}` : ''}`;
  }
}
