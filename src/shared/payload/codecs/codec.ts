/** The ways a payload can be read and written; one codec each, shared by the log, details and publish. */
export const PAYLOAD_FORMATS = ['text', 'json', 'hex', 'base64', 'cbor', 'msgpack'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];
/** What the user can pick: the codecs here, plus Protobuf, which needs a .proto file and runs in the engine. */
export type ViewFormat = PayloadFormat | 'protobuf';

export type CodecResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Bytes to an editable text and back. `decode` says why bytes are not in this format (with the
 * byte where it went wrong when the format allows); `encode` says why text does not encode.
 */
export interface PayloadCodec {
  readonly format: PayloadFormat;
  /** Shown in format selects. */
  readonly label: string;
  decode(bytes: Uint8Array): CodecResult<string>;
  encode(text: string): CodecResult<Uint8Array>;
}

export function ok<T>(value: T): CodecResult<T> {
  return { ok: true, value };
}

export function fail<T>(error: string): CodecResult<T> {
  return { ok: false, error };
}
