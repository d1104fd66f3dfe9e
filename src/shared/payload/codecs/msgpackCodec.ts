import { decode, DecodeError, encode } from '@msgpack/msgpack';
import { fail, ok, type PayloadCodec } from './codec';
import { parseJson } from './jsonCodec';
import { fromJsonValue, toJsonValue } from './structuredValue';

const OPTIONS = { useBigInt64: true } as const;

/** Decodes, or explains the failure; `tooShort` when the bytes just end early. */
function tryDecode(bytes: Uint8Array): { value: unknown } | { error: Error; tooShort: boolean } {
  try {
    return { value: decode(bytes, OPTIONS) };
  } catch (error) {
    const tooShort = error instanceof RangeError && !/^Extra /.test(error.message);
    return { error: error as Error, tooShort };
  }
}

/**
 * The library does not say where a bad byte is, but it reads front to back: every prefix that
 * stops before the bad byte only runs out of data. So the shortest prefix that fails for another
 * reason ends at the bad byte, and a binary search finds it.
 */
function badBytePosition(bytes: Uint8Array): number {
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const result = tryDecode(bytes.subarray(0, mid));
    if ('error' in result && result.tooShort) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** MessagePack through @msgpack/msgpack, shown as JSON. */
export const msgpackCodec: PayloadCodec = {
  format: 'msgpack',
  label: 'MessagePack',
  decode(bytes) {
    if (bytes.length === 0) return fail('Not valid MessagePack: the payload is empty');
    const result = tryDecode(bytes);
    if ('value' in result) return ok(JSON.stringify(toJsonValue(result.value), null, 2));
    if (result.tooShort) return fail(`Not valid MessagePack at byte ${bytes.length}: the data ends in the middle of a value`);
    const extra = /^Extra (\d+) of/.exec(result.error.message);
    if (extra) return fail(`Not valid MessagePack at byte ${bytes.length - Number(extra[1])}: ${extra[1]} extra byte(s) after the first value`);
    const reason = result.error instanceof DecodeError ? result.error.message : 'unreadable value';
    return fail(`Not valid MessagePack at byte ${badBytePosition(bytes)}: ${reason}`);
  },
  encode(text) {
    const value = parseJson(text);
    if (!value.ok) return value;
    return ok(encode(fromJsonValue(value.value)));
  },
};
