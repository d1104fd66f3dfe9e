import type { MessageProperties, MessageRecord } from './message';
import { utf8DecodeStrict } from '../payload/utf8';
import { toBase64 } from '../payload/codecs/base64Codec';

/**
 * One message as a JSON object, in the shape the JSON Lines export writes: `payload` is the text
 * when the bytes are UTF-8, else null with `payloadBase64`; binary properties as base64.
 */
export function messageJson(message: MessageRecord): Record<string, unknown> {
  const text = utf8DecodeStrict(message.payload);
  return {
    seq: message.seq,
    time: new Date(message.time).toISOString(),
    direction: message.direction,
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    dup: message.dup,
    payload: text,
    ...(text === null ? { payloadBase64: toBase64(message.payload) } : {}),
    size: message.size ?? message.payload.byteLength,
    ...(message.properties ? { properties: jsonProperties(message.properties) } : {}),
  };
}

function jsonProperties(properties: MessageProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) out[key] = value instanceof Uint8Array ? toBase64(value) : value;
  return out;
}
