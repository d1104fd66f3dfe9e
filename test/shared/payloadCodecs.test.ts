import { describe, expect, it } from 'vitest';
import { encode as cborEncode } from 'cborg';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { PAYLOAD_CODECS, likelyFormat, payloadLine, viewPayload } from '../../src/shared/payload/codecs/payloadCodecs';
import { PAYLOAD_FORMATS, type CodecResult, type PayloadFormat } from '../../src/shared/payload/codecs/codec';
import { utf8Encode } from '../../src/shared/payload/utf8';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

function value<T>(result: CodecResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got: ${result.error}`);
  return result.value;
}

function error<T>(result: CodecResult<T>): string {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

describe('every codec', () => {
  const samples: Record<PayloadFormat, Uint8Array> = {
    text: utf8Encode('héllo 🌍\nline two'),
    json: utf8Encode('{"a":[1,2.5,"x"],"b":{"c":null,"d":true}}'),
    hex: bytes(0, 1, 0x7f, 0x80, 0xff, ...new Array(40).fill(0xab)),
    base64: bytes(0xfb, 0xff, 0x00, 0x10, 0x83),
    cbor: cborEncode({ temp: 21.5, tags: ['a', 'b'], raw: bytes(1, 2, 3), n: -7 }),
    msgpack: msgpackEncode({ temp: 21.5, tags: ['a', 'b'], raw: bytes(1, 2, 3), n: -7 }),
  };

  it.each(PAYLOAD_FORMATS)('%s: decode then encode gives the same meaning back', (format) => {
    const codec = PAYLOAD_CODECS[format];
    const text = value(codec.decode(samples[format]));
    const again = value(codec.encode(text));
    // JSON is re-indented when shown; the others must be byte-exact.
    if (format === 'json') expect(JSON.parse(new TextDecoder().decode(again))).toEqual(JSON.parse(new TextDecoder().decode(samples.json)));
    else expect(again).toEqual(samples[format]);
    expect(value(codec.decode(again))).toBe(text);
  });
});

describe('text', () => {
  it('names the first byte that is not UTF-8', () => {
    expect(error(PAYLOAD_CODECS.text.decode(bytes(0x61, 0x62, 0xc3, 0x28)))).toBe('Not valid UTF-8 at byte 2');
    expect(error(PAYLOAD_CODECS.text.decode(bytes(0xff)))).toBe('Not valid UTF-8 at byte 0');
  });
});

describe('json', () => {
  it('pretty-prints what it shows', () => {
    expect(value(PAYLOAD_CODECS.json.decode(utf8Encode('{"a":1}')))).toBe('{\n  "a": 1\n}');
  });
  it('refuses text that is not JSON, saying where', () => {
    expect(error(PAYLOAD_CODECS.json.encode('{"a": 1,}'))).toMatch(/^Not valid JSON: .*position 8/);
    expect(error(PAYLOAD_CODECS.json.decode(utf8Encode('{"a":')))).toMatch(/^Not valid JSON/);
  });
  it('reports bytes that are not even text', () => {
    expect(error(PAYLOAD_CODECS.json.decode(bytes(0x7b, 0xff)))).toBe('Not valid UTF-8 at byte 1');
  });
});

describe('hex', () => {
  it('writes 16 pairs a line and reads any spacing, case and a 0x prefix', () => {
    expect(value(PAYLOAD_CODECS.hex.decode(bytes(0xde, 0xad)))).toBe('de ad');
    expect(value(PAYLOAD_CODECS.hex.decode(new Uint8Array(17))).split('\n')).toHaveLength(2);
    expect(value(PAYLOAD_CODECS.hex.encode(' 0xDE ad\nBE\tef '))).toEqual(bytes(0xde, 0xad, 0xbe, 0xef));
    expect(value(PAYLOAD_CODECS.hex.encode(''))).toEqual(bytes());
  });
  it('names a character that is not a hex digit, and an odd count', () => {
    expect(error(PAYLOAD_CODECS.hex.encode('de ag'))).toBe('Not hex: "g" at character 5');
    expect(error(PAYLOAD_CODECS.hex.encode('abc'))).toMatch(/odd number of digits \(3\)/);
  });
});

describe('base64', () => {
  it('reads padded, unpadded and URL-safe input', () => {
    expect(value(PAYLOAD_CODECS.base64.decode(utf8Encode('hi')))).toBe('aGk=');
    expect(value(PAYLOAD_CODECS.base64.encode('aGk'))).toEqual(utf8Encode('hi'));
    expect(value(PAYLOAD_CODECS.base64.encode('-_8='))).toEqual(bytes(0xfb, 0xff));
  });
  it('names a character outside the alphabet, and a truncated quantum', () => {
    expect(error(PAYLOAD_CODECS.base64.encode('aG*k'))).toBe('Not base64: "*" at character 3');
    expect(error(PAYLOAD_CODECS.base64.encode('aGk=x'))).toBe('Not base64: "x" at character 5');
    expect(error(PAYLOAD_CODECS.base64.encode('aGkhx'))).toMatch(/ends in the middle of a byte/);
  });
});

describe('cbor', () => {
  it('shows maps with any keys, byte strings and big integers as JSON', () => {
    const payload = cborEncode(new Map<unknown, unknown>([[1, 'one'], ['b', bytes(9)], ['big', 2n ** 64n - 1n]]));
    expect(JSON.parse(value(PAYLOAD_CODECS.cbor.decode(payload)))).toEqual({ '1': 'one', b: { $base64: 'CQ==' }, big: '18446744073709551615' });
  });
  it('encodes JSON, turning {"$base64"} back into a byte string', () => {
    expect(value(PAYLOAD_CODECS.cbor.encode('{"b":{"$base64":"CQ=="}}'))).toEqual(cborEncode({ b: bytes(9) }));
  });
  it('names the byte where decoding stopped', () => {
    // An array of 12 items where the 12th is the reserved additional value 28.
    const bad = bytes(0x8c, ...new Array(11).fill(0x01), 0x1c);
    expect(error(PAYLOAD_CODECS.cbor.decode(bad))).toMatch(/^Not valid CBOR at byte 12: /);
    expect(error(PAYLOAD_CODECS.cbor.decode(bytes(0x01, 0x02)))).toBe('Not valid CBOR at byte 1: 1 extra byte(s) after the first item');
    expect(error(PAYLOAD_CODECS.cbor.decode(bytes(0x63, 0x61)))).toMatch(/^Not valid CBOR at byte 0: /);
    expect(error(PAYLOAD_CODECS.cbor.decode(bytes()))).toBe('Not valid CBOR: the payload is empty');
  });
  it('plain text is not mistaken for CBOR', () => {
    expect(PAYLOAD_CODECS.cbor.decode(utf8Encode('hello world')).ok).toBe(false);
  });
  it('refuses to encode text that is not JSON', () => {
    expect(error(PAYLOAD_CODECS.cbor.encode('{nope'))).toMatch(/^Not valid JSON/);
  });
});

describe('msgpack', () => {
  it('shows binary and 64-bit integers as JSON', () => {
    const payload = msgpackEncode({ raw: bytes(1, 2), big: 2n ** 63n }, { useBigInt64: true });
    expect(JSON.parse(value(PAYLOAD_CODECS.msgpack.decode(payload)))).toEqual({ raw: { $base64: 'AQI=' }, big: '9223372036854775808' });
  });
  it('names the byte where decoding stopped', () => {
    // [1, 2, 3, <0xc1 never used>]
    expect(error(PAYLOAD_CODECS.msgpack.decode(bytes(0x94, 0x01, 0x02, 0x03, 0xc1)))).toBe('Not valid MessagePack at byte 4: Unrecognized type byte: 0xc1');
    expect(error(PAYLOAD_CODECS.msgpack.decode(bytes(0x92, 0x01)))).toBe('Not valid MessagePack at byte 2: the data ends in the middle of a value');
    expect(error(PAYLOAD_CODECS.msgpack.decode(bytes(0x01, 0x02, 0x03)))).toBe('Not valid MessagePack at byte 1: 2 extra byte(s) after the first value');
    expect(error(PAYLOAD_CODECS.msgpack.decode(bytes()))).toBe('Not valid MessagePack: the payload is empty');
  });
});

describe('viewPayload', () => {
  it('falls back to hex with the reason', () => {
    expect(viewPayload(bytes(0xff, 0x00), 'text')).toEqual({ format: 'hex', text: 'ff 00', error: 'Not valid UTF-8 at byte 0' });
    expect(viewPayload(utf8Encode('1'), 'json')).toEqual({ format: 'json', text: '1' });
  });
});

describe('payloadLine', () => {
  it('collapses a structured view to one line and cuts it', () => {
    expect(payloadLine(cborEncode({ a: 1, b: [2] }), 'cbor', 100)).toMatchObject({ text: '{ "a": 1, "b": [ 2 ] }', truncated: false });
    expect(payloadLine(utf8Encode('abcdef'), 'text', 3)).toMatchObject({ text: 'abc', truncated: true });
  });
});

describe('likelyFormat', () => {
  it('follows the Content Type, else text when UTF-8, else hex', () => {
    expect(likelyFormat(cborEncode(1), 'application/cbor')).toBe('cbor');
    expect(likelyFormat(msgpackEncode(1), 'application/x-msgpack')).toBe('msgpack');
    expect(likelyFormat(utf8Encode('{"a":1}'), 'application/json')).toBe('json');
    expect(likelyFormat(utf8Encode('{"a":'), 'application/json')).toBe('text');
    expect(likelyFormat(bytes(0xff))).toBe('hex');
  });
});
