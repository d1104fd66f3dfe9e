import { decodeFirst, encode, Tokenizer } from 'cborg';
import { fail, ok, type PayloadCodec } from './codec';
import { parseJson } from './jsonCodec';
import { fromJsonValue, toJsonValue } from './structuredValue';

const PREFIX = /^CBOR decode error:\s*/;

/** CBOR (RFC 8949) through cborg, shown as JSON; errors name the byte where decoding stopped. */
export const cborCodec: PayloadCodec = {
  format: 'cbor',
  label: 'CBOR',
  decode(bytes) {
    if (bytes.length === 0) return fail('Not valid CBOR: the payload is empty');
    // Our own tokenizer, so that on an error we can ask it where it was. It reads the options it is
    // given as they are (not merged with the defaults), so they are spelled out here.
    const options = { useMaps: true, allowBigInt: true };
    const tokenizer = new Tokenizer(bytes, options);
    try {
      const [value, rest] = decodeFirst(bytes, { ...options, tokenizer });
      if (rest.length > 0) return fail(`Not valid CBOR at byte ${bytes.length - rest.length}: ${rest.length} extra byte(s) after the first item`);
      return ok(JSON.stringify(toJsonValue(value), null, 2));
    } catch (error) {
      return fail(`Not valid CBOR at byte ${tokenizer.pos()}: ${(error as Error).message.replace(PREFIX, '').trim()}`);
    }
  },
  encode(text) {
    const value = parseJson(text);
    if (!value.ok) return value;
    return ok(encode(fromJsonValue(value.value)));
  },
};
