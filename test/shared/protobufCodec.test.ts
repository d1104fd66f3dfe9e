import { describe, expect, it } from 'vitest';
import { decodeProtobuf, encodeProtobuf, protobufTypes } from '../../src/shared/payload/codecs/protobufCodec';

const SOURCE = `
syntax = "proto3";
package lab;
message Reading {
  string sensor = 1;
  double temp = 2;
  int64 at = 3;
  bytes raw = 4;
  enum Unit { C = 0; F = 1; }
  Unit unit = 5;
}
message Empty {}
`;
const schema = { source: SOURCE, type: 'lab.Reading' };

function value<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('protobuf', () => {
  it('lists the message types of a .proto file, nested ones too', () => {
    expect(value(protobufTypes(SOURCE))).toEqual(['lab.Reading', 'lab.Empty']);
    expect(protobufTypes('message {')).toMatchObject({ ok: false, error: expect.stringMatching(/^The \.proto file does not parse: /) });
  });

  it('round-trips a message through JSON, 64-bit integers and bytes as strings', () => {
    const bytes = value(encodeProtobuf(schema, '{"sensor":"s1","temp":21.5,"at":"9007199254740993","raw":"AQI=","unit":"F"}'));
    expect(JSON.parse(value(decodeProtobuf(schema, bytes)))).toEqual({ sensor: 's1', temp: 21.5, at: '9007199254740993', raw: 'AQI=', unit: 'F' });
  });

  it('says why bytes are not that message, and where they run out', () => {
    // Field 1 (string) claims 10 bytes; 2 follow.
    expect(decodeProtobuf(schema, Uint8Array.from([0x0a, 0x0a, 0x61, 0x62]))).toEqual({ ok: false, error: expect.stringMatching(/^Not valid lab\.Reading protobuf: index out of range: 2 \+ 10 > 4/) });
  });

  it('refuses JSON that does not fit the type, an unknown type, and text that is not JSON', () => {
    expect(encodeProtobuf(schema, '{"temp":"warm"}')).toEqual({ ok: false, error: 'Does not fit lab.Reading: temp cannot be "warm"' });
    expect(encodeProtobuf(schema, '{"sensor":"s1","colour":"red"}')).toEqual({ ok: false, error: 'Does not fit lab.Reading: no field colour' });
    expect(encodeProtobuf(schema, '{"unit":"K"}')).toMatchObject({ ok: false, error: expect.stringMatching(/^Does not fit lab\.Reading: unit/) });
    expect(encodeProtobuf(schema, '[1]')).toEqual({ ok: false, error: 'A lab.Reading is written as a JSON object' });
    expect(encodeProtobuf({ source: SOURCE, type: 'lab.Nope' }, '{}')).toMatchObject({ ok: false, error: expect.stringMatching(/^No message type lab\.Nope/) });
    expect(encodeProtobuf(schema, '{nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not valid JSON/) });
  });
});
