// SUBSCRIBE: 3.1.1 §3.8, 5.0 §3.8. Each topic filter is followed by one options byte: only the
// requested QoS in 3.1.1, QoS plus No Local, Retain As Published and Retain Handling in 5.0.

import { bits, type ByteReader } from './byteReader';
import { readProperties } from './properties';
import { checkTopicFilter, describeQos, listSome, readPacketId, type PacketContext } from './common';

const RETAIN_HANDLING = [
  '0 (send retained messages)',
  '1 (send retained messages only for a new subscription)',
  '2 (do not send retained messages)',
  '3 (reserved)',
];

export function decodeSubscribe(r: ByteReader, ctx: PacketContext): void {
  const items: string[] = [];
  try {
    readPacketId(r, ctx);
    if (r.version === 5) readProperties(r, 'SUBSCRIBE');
    if (r.remaining === 0) {
      const payload = r.add('Payload', r.offset, r.offset, '(empty)');
      r.flag(payload, `must hold at least one topic filter ${r.cite('[MQTT-3.8.3-3]', '[MQTT-3.8.3-2]')}`);
    }
    for (let n = 1; r.remaining > 0; n++) {
      r.group(`Subscription ${n}`, (group) => {
        const filter = r.utf8('Topic filter');
        checkTopicFilter(r, filter.field, filter.value);
        group.value = `${filter.value ?? filter.field.value} (${readOptions(r, filter.value)})`;
        items.push(group.value);
      });
    }
  } finally {
    ctx.result.summary = listSome(items);
  }
}

/** Reads the options byte; returns the short words for the summary, e.g. "QoS 1, no local". */
function readOptions(r: ByteReader, filter: string | undefined): string {
  const words: string[] = [];
  r.bitField(r.version === 5 ? 'Subscription options' : 'Requested QoS', (v, at) => {
    const bit = (name: string, value: string) => r.add(name, at, at + 1, value);
    const qos = v & 0b11;
    const qosField = bit(r.version === 5 ? 'Maximum QoS' : 'QoS', describeQos(qos));
    if (qos === 3) r.flag(qosField, `QoS 3 is not allowed ${r.cite('[MQTT-3-8.3-4]', '(5.0 §3.8.3.1)')}`);
    words.push(`QoS ${qos}`);
    if (r.version !== 5) {
      const reserved = bit('Reserved', bits(v >> 2, 6));
      if (v & 0xfc) r.malformed(reserved, 'Requested QoS bits 7-2 must be 0 [MQTT-3-8.3-4]');
      return;
    }
    const noLocal = (v & 0b0100) !== 0;
    const retainAsPublished = (v & 0b1000) !== 0;
    const retainHandling = (v >> 4) & 0b11;
    const noLocalField = bit('No Local', noLocal ? '1 (not sent back to this client)' : '0');
    bit('Retain As Published', retainAsPublished ? '1 (RETAIN kept as published)' : '0 (RETAIN cleared on delivery)');
    const handling = bit('Retain Handling', RETAIN_HANDLING[retainHandling] ?? String(retainHandling));
    const reserved = bit('Reserved', bits(v >> 6, 2));
    if (v & 0xc0) r.malformed(reserved, 'Subscription options bits 7-6 must be 0 [MQTT-3.8.3-5]');
    if (retainHandling === 3) r.flag(handling, 'Retain Handling 3 is a Protocol Error (5.0 §3.8.3.1)');
    if (noLocal && filter?.startsWith('$share/')) {
      r.flag(noLocalField, 'No Local on a shared subscription is a Protocol Error [MQTT-3.8.3-4]');
    }
    if (noLocal) words.push('no local');
    if (retainAsPublished) words.push('retain as published');
    if (retainHandling !== 0) words.push(`retain handling ${retainHandling}`);
  });
  return words.join(', ');
}
