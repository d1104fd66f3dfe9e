import { describe, it, expect } from 'vitest';
import { decode, encode } from '@msgpack/msgpack';
import type { MessageProperties, MessageRecord, QoS } from '../../src/shared/domain/message';
import {
  MAX_PACKED_CONNECTIONS,
  PACKED_BATCH_WIRE_VERSION,
  PACKED_FLAG,
  fromWire,
  packedCount,
  portableColumnCodec,
  toWire,
  unpackMessages,
  type PackedMessageBatch,
  type PackedMessageBatchWire,
} from '../../src/shared/domain/packedBatch';
import { packMessages } from '../../src/shared/domain/packedBatchBuilder';
import { utf8Encode } from '../../src/shared/payload/utf8';
import { mulberry32 } from '../support/random';

const MALFORMED = /^Malformed packed message batch: /;

// Deterministic so a failure reproduces.
const prng = mulberry32;

const fullProperties: MessageProperties = {
  payloadFormatIndicator: true,
  messageExpiryInterval: 3600,
  topicAlias: 7,
  responseTopic: 'reply/to/me',
  correlationData: Uint8Array.from([0x00, 0xff, 0x10, 0x80, 0x7f]),
  userProperties: { region: 'eu', tag: ['a', 'b', 'ü'], __proto__probe: 'x' },
  subscriptionIdentifier: [1, 268_435_455],
  contentType: 'application/json',
};

/** Several connections, repeated topics, every flag combination, all payload kinds. */
function mixedMessages(): MessageRecord[] {
  const connections = ['conn-a', 'conn-b', 'broker:9'];
  const topics = ['sensors/1/temp', 'sensors/2/temp', 'ünïcødé/😀', '', 'sensors/1/temp'];
  const payloads = [
    utf8Encode('{"t":21.5,"unit":"°C"} 😀'),
    Uint8Array.from([0x00, 0xff, 0xfe, 0x80, 0xc0, 0x00]), // not UTF-8
    new Uint8Array(0),
    utf8Encode('plain'),
    new Uint8Array(300).map((_, i) => (i * 7) & 0xff),
  ];
  const properties: (MessageProperties | undefined)[] = [
    undefined,
    fullProperties,
    undefined,
    { userProperties: { only: 'one' } },
    undefined,
    { correlationData: new Uint8Array(0), subscriptionIdentifier: 5 },
    {},
  ];
  const messages: MessageRecord[] = [];
  let i = 0;
  for (const qos of [0, 1, 2] as QoS[]) {
    for (const retain of [false, true]) {
      for (const dup of [false, true]) {
        for (const direction of ['in', 'out'] as const) {
          const message: MessageRecord = {
            connectionId: connections[i % connections.length]!,
            // Past 2^32 and up to 2^53: the reason seq is a Float64Array.
            seq: i === 5 ? 2 ** 53 - 1 : 2 ** 32 + i,
            direction,
            topic: topics[i % topics.length]!,
            payload: payloads[i % payloads.length]!,
            qos,
            retain,
            dup,
            time: 1_763_791_234_567.125 + i * 0.001,
          };
          const props = properties[i % properties.length];
          if (props !== undefined) message.properties = props;
          messages.push(message);
          i++;
        }
      }
    }
  }
  return messages;
}

function viaMsgpack(wire: PackedMessageBatchWire, ignoreUndefined: boolean): unknown {
  // Decoding from a larger buffer at an odd offset, as a socket frame may arrive, so the bins
  // come back misaligned for any typed array wider than a byte.
  const bytes = encode(wire, { ignoreUndefined });
  const frame = new Uint8Array(bytes.byteLength + 3);
  frame.set(bytes, 3);
  return decode(frame.subarray(3));
}

/** Writes a column of a wire value through a correctly aligned copy of its block. */
function withColumns(wire: PackedMessageBatchWire, edit: (batch: PackedMessageBatch) => void): PackedMessageBatchWire {
  const batch = fromWire(structuredClone(wire));
  edit(batch);
  return { ...wire, columns: portableColumnCodec.write(batch) };
}

describe('@msgpack/msgpack 3 and typed arrays (what the wire format is built around)', () => {
  it('encodes any ArrayBufferView as bin in host byte order and decodes it as a Uint8Array view of the frame', () => {
    const bytes = encode({ pad: 1, f: new Float64Array([1.5]), u: new Uint16Array([0x0102]) });
    const decoded = decode(bytes) as { f: unknown; u: unknown };
    expect(decoded.f).toBeInstanceOf(Uint8Array);
    expect(decoded.f).not.toBeInstanceOf(Float64Array);
    expect(Array.from(decoded.f as Uint8Array)).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]); // little-endian host
    expect(Array.from(decoded.u as Uint8Array)).toEqual([0x02, 0x01]);
    // A view into the decoded frame, at an offset no Float64Array may start at.
    expect((decoded.f as Uint8Array).byteOffset % 8).not.toBe(0);
    expect(() => new Float64Array((decoded.f as Uint8Array).buffer, (decoded.f as Uint8Array).byteOffset, 1)).toThrow(RangeError);
  });

  it('encodes a bare ArrayBuffer as an empty map, losing it', () => {
    expect(decode(encode(new ArrayBuffer(4)))).toEqual({});
  });
});

describe('packMessages / unpackMessages', () => {
  it('round-trips directly, with payloads as views of one shared buffer', () => {
    const messages = mixedMessages();
    const batch = packMessages(messages);
    expect(packedCount(batch)).toBe(messages.length);
    expect(batch.connections).toEqual(['conn-a', 'conn-b', 'broker:9']);
    expect(batch.topics).toEqual(['sensors/1/temp', 'sensors/2/temp', 'ünïcødé/😀', '']);
    const unpacked = unpackMessages(batch);
    expect(unpacked).toStrictEqual(messages);
    const buffers = new Set(unpacked.map((m) => m.payload.buffer));
    expect(buffers).toEqual(new Set([batch.payloads.buffer]));
  });

  it('sets the documented flag bits', () => {
    const [message] = mixedMessages().filter((m) => m.qos === 2 && m.retain && m.dup && m.direction === 'out');
    const batch = packMessages([message!]);
    expect(batch.flags[0]).toBe(2 | PACKED_FLAG.retain | PACKED_FLAG.dup | PACKED_FLAG.directionOut);
    expect(batch.flags[0]).toBe(0b1_1110);
  });

  it('packs an empty batch', () => {
    const batch = packMessages([]);
    expect(batch.count).toBe(0);
    expect(batch.payloads.byteLength).toBe(0);
    expect(batch.connections).toEqual([]);
    expect(batch.properties).toBeUndefined();
    expect(unpackMessages(batch)).toEqual([]);
    expect(unpackMessages(fromWire(viaMsgpack(toWire(batch), true)))).toEqual([]);
    expect(unpackMessages(fromWire(structuredClone(toWire(batch))))).toEqual([]);
  });

  it('deduplicates topics and connections in a 50,000-message batch', () => {
    const rand = prng(50_000);
    const messages: MessageRecord[] = [];
    for (let i = 0; i < 50_000; i++) {
      messages.push({
        connectionId: `c${i % 4}`,
        seq: i + 1,
        direction: 'in',
        topic: `fleet/${Math.floor(rand() * 500)}/telemetry`,
        payload: utf8Encode(`{"i":${i}}`),
        qos: 0,
        retain: false,
        dup: false,
        time: 1_763_791_234_567 + i / 50,
      });
    }
    const batch = packMessages(messages);
    expect(batch.count).toBe(50_000);
    expect(batch.topics.length).toBe(new Set(messages.map((m) => m.topic)).size);
    expect(batch.topics.length).toBe(500);
    expect(batch.connections.length).toBe(4);
    expect(batch.payloads.byteLength).toBe(messages.reduce((sum, m) => sum + m.payload.byteLength, 0));
    const back = unpackMessages(fromWire(viaMsgpack(toWire(batch), true)));
    expect(back).toStrictEqual(messages);
  });

  it('refuses more connections than a Uint16 index can name', () => {
    const messages = Array.from({ length: MAX_PACKED_CONNECTIONS + 1 }, (_, i): MessageRecord => ({
      connectionId: `c${i}`,
      seq: 1,
      direction: 'in',
      topic: 't',
      payload: new Uint8Array(0),
      qos: 0,
      retain: false,
      dup: false,
      time: 0,
    }));
    expect(() => packMessages(messages.slice(0, MAX_PACKED_CONNECTIONS))).not.toThrow();
    expect(() => packMessages(messages)).toThrow(RangeError);
  });

  it('refuses more than 4 GiB of payload before allocating it', () => {
    // Stand-ins that only claim a size: pack must sum and refuse before it copies anything.
    const huge = { byteLength: 2 ** 31, length: 2 ** 31 } as unknown as Uint8Array;
    const message: MessageRecord = { connectionId: 'c', seq: 1, direction: 'in', topic: 't', payload: huge, qos: 0, retain: false, dup: false, time: 0 };
    expect(() => packMessages([message, message, message])).toThrow(RangeError);
  });

  it('refuses QoS 3 at packing time', () => {
    const message = { ...mixedMessages()[0]!, qos: 3 as unknown as QoS };
    expect(() => packMessages([message])).toThrow(RangeError);
  });

  it('refuses to unpack a hand-built batch whose indexes point nowhere', () => {
    const batch = packMessages(mixedMessages());
    expect(() => unpackMessages({ ...batch, topics: [] })).toThrow(/inconsistent/);
    expect(() => unpackMessages({ ...batch, seq: new Float64Array(1) })).toThrow(/entries/);
  });
});

describe('toWire / fromWire', () => {
  it.each([true, false])('round-trips pack → msgpack (ignoreUndefined %s) → fromWire → unpack exactly', (ignoreUndefined) => {
    const messages = mixedMessages();
    const wire = toWire(packMessages(messages));
    const back = unpackMessages(fromWire(viaMsgpack(wire, ignoreUndefined)));
    expect(back).toStrictEqual(messages);
    for (let i = 0; i < messages.length; i++) expect(Array.from(back[i]!.payload)).toEqual(Array.from(messages[i]!.payload));
    expect(back[1]!.properties?.correlationData).toStrictEqual(fullProperties.correlationData);
    expect(back[1]!.properties?.userProperties).toStrictEqual(fullProperties.userProperties);
  });

  it('treats nil property fields (msgpack of undefined without ignoreUndefined) as absent', () => {
    const message: MessageRecord = { ...mixedMessages()[0]!, properties: { contentType: undefined, topicAlias: 3 } };
    const [back] = unpackMessages(fromWire(viaMsgpack(toWire(packMessages([message])), false)));
    expect(back!.properties).toStrictEqual({ topicAlias: 3 });
  });

  it('survives structured clone, both as a batch and as a wire value', () => {
    const messages = mixedMessages();
    const batch = packMessages(messages);
    expect(unpackMessages(structuredClone(batch))).toStrictEqual(messages);
    expect(unpackMessages(fromWire(structuredClone(toWire(batch))))).toStrictEqual(messages);
  });

  it('sends the columns of a packed batch without copying, and writes them little-endian', () => {
    const batch = packMessages(mixedMessages());
    const wire = toWire(batch);
    expect(wire.v).toBe(PACKED_BATCH_WIRE_VERSION);
    expect(wire.columns.buffer).toBe(batch.seq.buffer);
    expect(wire.columns.byteLength).toBe(batch.count * 27);
    // seq[0] = 2^32 as a little-endian float64: 0x41F0000000000000.
    expect(Array.from(wire.columns.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x41]);
    // The DataView path a big-endian host takes yields the same bytes and columns.
    expect(portableColumnCodec.write(batch)).toStrictEqual(new Uint8Array(wire.columns));
    const read = portableColumnCodec.read(wire.columns, batch.count);
    for (const key of ['seq', 'time', 'topic', 'payloadEnd', 'connection', 'flags'] as const) expect(read[key]).toStrictEqual(batch[key]);
  });

  it('copies columns that are separate arrays, and payloads that are views of a larger buffer', () => {
    const messages = mixedMessages();
    const packed = packMessages(messages);
    const loose: PackedMessageBatch = {
      ...packed,
      seq: packed.seq.slice(),
      time: packed.time.slice(),
      payloads: (() => {
        const big = new Uint8Array(packed.payloads.byteLength + 10);
        big.set(packed.payloads, 5);
        return big.subarray(5, 5 + packed.payloads.byteLength);
      })(),
    };
    const wire = toWire(loose);
    expect(wire.columns.buffer).not.toBe(packed.seq.buffer);
    expect(wire.payloads.buffer.byteLength).toBe(wire.payloads.byteLength);
    expect(unpackMessages(fromWire(structuredClone(wire)))).toStrictEqual(messages);
  });

  it('gives decoded columns their own aligned buffer and plain Uint8Array payload views', () => {
    const wire = toWire(packMessages(mixedMessages()));
    const batch = fromWire(viaMsgpack(wire, true));
    expect(batch.seq).toBeInstanceOf(Float64Array);
    expect(batch.seq.byteOffset).toBe(0);
    expect(batch.connection).toBeInstanceOf(Uint16Array);
    expect(batch.payloads.constructor).toBe(Uint8Array);
    // A Node Buffer input (decode of a Buffer yields Buffer bins) comes out as plain Uint8Array.
    const fromBuffer = fromWire(decode(Buffer.from(encode(wire))));
    expect(fromBuffer.payloads.constructor).toBe(Uint8Array);
    expect(unpackMessages(fromBuffer)[1]!.properties?.correlationData?.constructor).toBe(Uint8Array);
  });
});

describe('fromWire rejects malformed values', () => {
  const messages = mixedMessages();
  const good = toWire(packMessages(messages));
  const count = good.count;
  const set = (patch: Record<string, unknown>): unknown => ({ ...good, ...patch });
  const withProps = (props: unknown): unknown => ({ ...good, properties: props });

  const cases: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'batch'],
    ['an array', [good]],
    ['bytes', new Uint8Array(10)],
    ['a Map', new Map(Object.entries(good))],
    ['an empty object', {}],
    ['a missing version', set({ v: undefined })],
    ['another version', set({ v: 2 })],
    ['a string count', set({ count: '24' })],
    ['a negative count', set({ count: -1 })],
    ['a fractional count', set({ count: 1.5 })],
    ['a NaN count', set({ count: Number.NaN })],
    ['a huge count with tiny columns', set({ count: 2 ** 40 })],
    ['a count one too high', set({ count: count + 1 })],
    ['columns as a number[]', set({ columns: Array.from(good.columns) })],
    ['columns as a Float64Array', set({ columns: new Float64Array(good.columns.buffer.slice(0, count * 24)) })],
    ['truncated columns', set({ columns: good.columns.subarray(0, good.columns.byteLength - 1) })],
    ['missing payloads', set({ payloads: undefined })],
    ['payloads as a string', set({ payloads: 'abc' })],
    ['connections not an array', set({ connections: 'conn-a' })],
    ['a non-string connection', set({ connections: ['conn-a', 7, 'broker:9'] })],
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse connections array', set({ connections: ['conn-a', , 'broker:9'] })],
    ['topics missing', set({ topics: undefined })],
    ['a topic table too short', set({ topics: good.topics.slice(0, 2) })],
    ['a connection table too short', set({ connections: good.connections.slice(0, 1) })],
    ['payloads one byte short', set({ payloads: good.payloads.subarray(1) })],
    ['payloads one byte long', set({ payloads: new Uint8Array(good.payloads.byteLength + 1) })],
    ['a connection index out of range', withColumns(good, (b) => void (b.connection[3] = 3))],
    ['a topic index out of range', withColumns(good, (b) => void (b.topic[0] = 0xffff_ffff))],
    ['QoS 3', withColumns(good, (b) => void (b.flags[2] = 0b11))],
    ['an unknown flag bit', withColumns(good, (b) => void (b.flags[2] = 0x40))],
    ['a decreasing payload offset', withColumns(good, (b) => void (b.payloadEnd[4] = 0))],
    ['a payload offset past the payloads', withColumns(good, (b) => void (b.payloadEnd[0] = 0xffff_ffff))],
    ['properties as an array', withProps([fullProperties])],
    ['properties as a string', withProps('none')],
    ['a non-index properties key', withProps({ first: {} })],
    ['a padded properties key', withProps({ '01': {} })],
    ['a negative properties key', withProps({ '-1': {} })],
    ['a fractional properties key', withProps({ '1.5': {} })],
    ['a properties key past the count', withProps({ [count]: {} })],
    ['properties that are not an object', withProps({ 0: 'x' })],
    ['an unknown property', withProps({ 0: { color: 'red' } })],
    ['a "__proto__" property', withProps({ 0: JSON.parse('{"__proto__": {"polluted": true}}') as unknown })],
    ['a string payloadFormatIndicator', withProps({ 0: { payloadFormatIndicator: 'yes' } })],
    ['a negative messageExpiryInterval', withProps({ 0: { messageExpiryInterval: -1 } })],
    ['a fractional topicAlias', withProps({ 0: { topicAlias: 1.5 } })],
    ['a numeric responseTopic', withProps({ 0: { responseTopic: 1 } })],
    ['correlationData as number[]', withProps({ 0: { correlationData: [1, 2] } })],
    ['userProperties as an array', withProps({ 0: { userProperties: [['a', 'b']] } })],
    ['a numeric user property value', withProps({ 0: { userProperties: { a: 1 } } })],
    ['a user property list with a number', withProps({ 0: { userProperties: { a: ['x', 2] } } })],
    ['a string subscriptionIdentifier', withProps({ 0: { subscriptionIdentifier: '1' } })],
    ['a subscriptionIdentifier list with a string', withProps({ 0: { subscriptionIdentifier: [1, '2'] } })],
    ['a boolean contentType', withProps({ 0: { contentType: true } })],
  ];

  it.each(cases)('rejects %s with a clear error', (_name, value) => {
    expect(() => fromWire(value)).toThrow(MALFORMED);
    expect(() => fromWire(structuredCloneIfPossible(value))).toThrow(MALFORMED);
  });

  it('accepts the unmodified value the cases are derived from', () => {
    expect(unpackMessages(fromWire(good))).toStrictEqual(messages);
  });

  it('keeps a user property named "__proto__" as data', () => {
    const userProperties = JSON.parse('{"__proto__": "x", "b": ["1"]}') as Record<string, string | string[]>;
    const batch = fromWire(structuredClone(withProps({ 0: { userProperties } })));
    const back = batch.properties?.[0]?.userProperties;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.entries(back ?? {})).toEqual([
      ['__proto__', 'x'],
      ['b', ['1']],
    ]);
  });

  it('never fails other than with its own error on corrupted frames (fuzz)', () => {
    const rand = prng(7);
    const frame = encode(good);
    let decodedFrames = 0;
    let accepted = 0;
    for (let iteration = 0; iteration < 3000; iteration++) {
      const corrupt = frame.slice(0, rand() < 0.1 ? Math.floor(rand() * frame.length) : frame.length);
      const flips = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < flips && corrupt.length > 0; f++) corrupt[Math.floor(rand() * corrupt.length)] = Math.floor(rand() * 256);
      let value: unknown;
      try {
        value = decode(corrupt);
      } catch {
        continue; // msgpack's own rejection of broken framing: not ours to test.
      }
      decodedFrames++;
      let batch: PackedMessageBatch;
      try {
        batch = fromWire(value);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(MALFORMED);
        continue;
      }
      // Whatever fromWire accepts (a flipped seq, time or payload byte) must unpack cleanly.
      accepted++;
      expect(unpackMessages(batch)).toHaveLength(batch.count);
      expect(() => toWire(batch)).not.toThrow();
    }
    expect(decodedFrames).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(0);
  });

  it('never fails other than with its own error on fields of the wrong type (fuzz)', () => {
    const rand = prng(11);
    const junk: unknown[] = [undefined, null, 0, -1, 2 ** 32, 1.5, Number.NaN, '', 'x', true, [], [1], ['x'], {}, { 0: {} }, new Uint8Array(3), new Uint16Array(2), new Float64Array(1), new ArrayBuffer(8), new Date(0), new Map()];
    const keys = ['v', 'count', 'columns', 'payloads', 'connections', 'topics', 'properties'];
    for (let iteration = 0; iteration < 2000; iteration++) {
      const value: Record<string, unknown> = { ...good };
      const edits = 1 + Math.floor(rand() * 3);
      for (let e = 0; e < edits; e++) value[keys[Math.floor(rand() * keys.length)]!] = junk[Math.floor(rand() * junk.length)];
      try {
        unpackMessages(fromWire(value));
      } catch (error) {
        expect((error as Error).message).toMatch(MALFORMED);
      }
    }
  });
});

function structuredCloneIfPossible(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
