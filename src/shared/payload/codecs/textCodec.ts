import { firstInvalidUtf8, utf8DecodeStrict, utf8Encode } from '../utf8';
import { fail, ok, type PayloadCodec } from './codec';

/** UTF-8 text, strictly: a byte that is not well-formed UTF-8 is reported, not replaced. */
export const textCodec: PayloadCodec = {
  format: 'text',
  label: 'Text (UTF-8)',
  decode(bytes) {
    const text = utf8DecodeStrict(bytes);
    return text === null ? fail(`Not valid UTF-8 at byte ${firstInvalidUtf8(bytes)}`) : ok(text);
  },
  encode: (text) => ok(utf8Encode(text)),
};
