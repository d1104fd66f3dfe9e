import type { PayloadCodec, PayloadFormat } from './codec';
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
export type PayloadView = { format: PayloadFormat; text: string; error?: string };

export function viewPayload(bytes: Uint8Array, format: PayloadFormat): PayloadView {
  const decoded = PAYLOAD_CODECS[format].decode(bytes);
  if (decoded.ok) return { format, text: decoded.value };
  return { format: 'hex', text: toHex(bytes), error: decoded.error };
}
