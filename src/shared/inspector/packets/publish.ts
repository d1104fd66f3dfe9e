// PUBLISH: 3.1.1 §3.3, 5.0 §3.3. QoS, DUP and RETAIN were read from the fixed header.

import type { ByteReader } from './byteReader';
import { isValidUtf8 } from '../../payload/utf8';
import { numberProperty, PAYLOAD_FORMAT_INDICATOR, readProperties, TOPIC_ALIAS } from './properties';
import { byteCount } from '../../payload/byteCount';
import { checkTopicName, readPacketId, type PacketContext } from './common';

export function decodePublish(r: ByteReader, ctx: PacketContext): void {
  let topic: string | undefined;
  let alias: number | undefined;
  let size: number | undefined;
  try {
    const name = r.utf8('Topic name');
    topic = name.value ?? name.field.value;
    if (name.value !== undefined) ctx.result.topic = name.value;
    // QoS 3 is already reported as malformed; reading an identifier is the likelier layout.
    if (ctx.flags & 0b0110) readPacketId(r, ctx);
    const properties = r.version === 5 ? readProperties(r, 'PUBLISH') : undefined;
    alias = properties ? numberProperty(properties, TOPIC_ALIAS) : undefined;
    // 5.0 allows an empty Topic Name when a Topic Alias stands in for it (§3.3.2.3.4).
    checkTopicName(r, name.field, name.value, alias !== undefined);
    const payload = r.rest('Payload');
    size = payload.value.length;
    if (properties && numberProperty(properties, PAYLOAD_FORMAT_INDICATOR) === 1 && !isValidUtf8(payload.value)) {
      r.flag(payload.field, 'Payload Format Indicator says UTF-8 but the payload is not valid UTF-8 (5.0 §3.3.2.3.2)');
    }
  } finally {
    ctx.result.summary = summarize(ctx, topic, alias, size);
  }
}

function summarize(ctx: PacketContext, topic: string | undefined, alias: number | undefined, size: number | undefined): string {
  const { qos, retain, dup } = ctx.result;
  const parts = [qos === undefined ? 'QoS 3' : `QoS ${qos}`];
  if (topic !== undefined && topic !== '') parts.push(topic);
  if (alias !== undefined) parts.push(topic ? `[alias ${alias}]` : `alias ${alias}`);
  if (size !== undefined) parts.push(`(${byteCount(size)})`);
  let line = parts.join(' ');
  if (retain) line += ', retain';
  if (dup) line += ', DUP';
  return line;
}
