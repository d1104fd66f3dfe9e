// UNSUBSCRIBE: 3.1.1 §3.10, 5.0 §3.10. A list of topic filters, no options.

import type { ByteReader } from './byteReader';
import { readProperties } from './properties';
import { checkTopicFilter, listSome, readPacketId, type PacketContext } from './common';

export function decodeUnsubscribe(r: ByteReader, ctx: PacketContext): void {
  const filters: string[] = [];
  try {
    readPacketId(r, ctx);
    if (r.version === 5) readProperties(r, 'UNSUBSCRIBE');
    if (r.remaining === 0) {
      r.flag(r.add('Payload', r.offset, r.offset, '(empty)'), 'must hold at least one topic filter [MQTT-3.10.3-2]');
    }
    for (let n = 1; r.remaining > 0; n++) {
      const filter = r.utf8(`Topic filter ${n}`);
      checkTopicFilter(r, filter.field, filter.value);
      filters.push(filter.value ?? filter.field.value);
    }
  } finally {
    ctx.result.summary = listSome(filters);
  }
}
