import { utf8Encode } from '../utf8';
import { fail, ok, type CodecResult, type PayloadCodec } from './codec';
import { textCodec } from './textCodec';

/** Parses JSON text; the engine's message names the position (e.g. "… at position 12"). */
export function parseJson(text: string): CodecResult<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return fail(`Not valid JSON: ${(error as Error).message}`);
  }
}

/** JSON as UTF-8 text: shown pretty-printed, checked before it is sent (and sent as typed). */
export const jsonCodec: PayloadCodec = {
  format: 'json',
  label: 'JSON',
  decode(bytes) {
    const text = textCodec.decode(bytes);
    if (!text.ok) return text;
    const value = parseJson(text.value);
    return value.ok ? ok(JSON.stringify(value.value, null, 2)) : value;
  },
  encode(text) {
    const value = parseJson(text);
    return value.ok ? ok(utf8Encode(text)) : value;
  },
};
