import type { PayloadCodec, PayloadFormat, ViewFormat } from './codec';
import { base64Codec } from './base64Codec';
import { cborCodec } from './cborCodec';
import { hexCodec, toHex } from './hexCodec';
import { jsonCodec } from './jsonCodec';
import { msgpackCodec } from './msgpackCodec';
import { textCodec } from './textCodec';

export const PAYLOAD_CODECS: Record<PayloadFormat, PayloadCodec> = {
  text: textCodec,
  json: jsonCodec,
  hex: hexCodec,
  base64: base64Codec,
  cbor: cborCodec,
  msgpack: msgpackCodec,
};

/** A payload shown in `format`, or in hex with the reason when it is not in that format. */
export type PayloadView = { format: ViewFormat; text: string; error?: string };

export function viewPayload(bytes: Uint8Array, format: PayloadFormat): PayloadView {
  const decoded = PAYLOAD_CODECS[format].decode(bytes);
  return decoded.ok ? { format, text: decoded.value } : hexFallback(bytes, decoded.error);
}

/** What a view shows when the payload is not in the chosen format: hex, and why. */
export function hexFallback(bytes: Uint8Array, error: string): PayloadView {
  return { format: 'hex', text: toHex(bytes), error };
}

/** The format a payload is most likely in: what its Content Type says, else text when it is UTF-8, else hex. */
export function likelyFormat(bytes: Uint8Array, contentType?: string): PayloadFormat {
  const type = contentType?.toLowerCase() ?? '';
  if (/cbor/.test(type)) return 'cbor';
  if (/msgpack|messagepack/.test(type)) return 'msgpack';
  if (/json/.test(type) && PAYLOAD_CODECS.json.decode(bytes).ok) return 'json';
  return textCodec.decode(bytes).ok ? 'text' : 'hex';
}

/** One line for a list row: the payload in `format`, whitespace collapsed, at most `maxChars`. */
export function payloadLine(bytes: Uint8Array, format: PayloadFormat, maxChars: number): PayloadView & { truncated: boolean } {
  const view = viewPayload(bytes, format);
  const line = view.format === 'text' ? view.text : view.text.replace(/\s*\n\s*/g, ' ');
  return { ...view, text: line.slice(0, maxChars), truncated: line.length > maxChars };
}
