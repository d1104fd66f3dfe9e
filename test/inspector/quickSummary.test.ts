import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../src/shared/inspector/packets/decodePacket';
import { plainPublish, quickSummary, RecentTopics } from '../../src/shared/inspector/quickSummary';

const topic = (text: string) => [text.length >> 8, text.length & 0xff, ...Buffer.from(text)];
function frame(first: number, body: number[]): Uint8Array {
  const length: number[] = [];
  let n = body.length;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    length.push(byte);
  } while (n > 0);
  return new Uint8Array([first, ...length, ...body]);
}

/** The fields of the full decoder's answer that the packet list and flow linker use. */
function fullSummary(bytes: Uint8Array, version: 3 | 4 | 5) {
  const { fields: _fields, ...summary } = decodePacket(bytes, { protocolVersion: version });
  return summary;
}

const COMMON: [string, Uint8Array, 3 | 4 | 5][] = [
  ['QoS 0 PUBLISH', frame(0x30, [...topic('home/kitchen'), ...Buffer.from('21.5')]), 4],
  ['QoS 1 PUBLISH, retain', frame(0x33, [...topic('a/b'), 0, 7, 1, 2, 3]), 4],
  ['QoS 2 PUBLISH, DUP', frame(0x3c, [...topic('a/b'), 0x12, 0x34]), 4],
  ['QoS 1 PUBLISH v5, no properties', frame(0x32, [...topic('lab/q1'), 0, 9, 0, ...Buffer.from('x')]), 5],
  ['QoS 0 PUBLISH, 200-byte payload', frame(0x30, [...topic('big'), ...new Array<number>(200).fill(65)]), 3],
  ['PUBACK', frame(0x40, [0, 1]), 4],
  ['PUBREC v5 (reason implied)', frame(0x50, [0xff, 0xff]), 5],
  ['PUBREL', frame(0x62, [0, 7]), 4],
  ['PUBCOMP v5', frame(0x70, [1, 0]), 5],
  ['PINGREQ', new Uint8Array([0xc0, 0]), 4],
  ['PINGRESP', new Uint8Array([0xd0, 0]), 5],
];

describe('the packet list\'s fast path', () => {
  it.each(COMMON)('summarises a %s exactly as the full decoder does', (_name, bytes, version) => {
    const quick = quickSummary(bytes, version);
    expect(quick).toBeDefined();
    expect(quick).toEqual(fullSummary(bytes, version));
  });

  const UNUSUAL: [string, Uint8Array, 3 | 4 | 5][] = [
    ['[MQTT-3.6.1-1] PUBREL with reserved flags 0', frame(0x60, [0, 7]), 4],
    ['non-minimal Remaining Length', new Uint8Array([0x40, 0x82, 0x00, 0, 1]), 4],
    ['[MQTT-3.3.1-4] QoS 3 PUBLISH', frame(0x36, [...topic('a'), 0, 1]), 4],
    ['[MQTT-3.3.1-2] DUP on a QoS 0 PUBLISH', frame(0x38, [...topic('a')]), 4],
    ['[MQTT-3.3.2-2] wildcard in a PUBLISH topic', frame(0x30, [...topic('a/+')]), 4],
    ['non-ASCII topic', frame(0x30, [...[0, 2, 0xc3, 0xa9]]), 4],
    ['v5 PUBLISH with properties', frame(0x30, [...topic('a'), 2, 0x23, 0x00]), 5],
    ['[MQTT-2.2.1-3] packet id 0', frame(0x32, [...topic('a'), 0, 0]), 4],
    ['v5 PUBACK with a reason code', frame(0x40, [0, 1, 0x10]), 5],
    ['truncated topic', frame(0x30, [0, 9, 0x61]), 4],
  ];
  it.each(UNUSUAL)('leaves a %s to the full decoder', (_name, bytes, version) => {
    expect(quickSummary(bytes, version)).toBeUndefined();
  });

  it('never disagrees with the full decoder on 20,000 mutated frames', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let answered = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const [, base, version] = COMMON[i % COMMON.length]!;
      const bytes = new Uint8Array(base);
      const flips = 1 + Math.floor(random() * 2);
      for (let f = 0; f < flips; f += 1) {
        const at = Math.floor(random() * bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(random() * 8));
      }
      const quick = quickSummary(bytes, version);
      if (!quick) continue;
      answered += 1;
      expect(quick, Buffer.from(bytes).toString('hex')).toEqual(fullSummary(bytes, version));
    }
    // The mutations must have left plenty of frames on the fast path, or this proves nothing.
    expect(answered).toBeGreaterThan(2_000);
  });
});

describe('plain QoS 0 PUBLISHes, taken by the engine without MQTT.js', () => {
  const PLAIN: [string, Uint8Array, 3 | 4 | 5][] = [
    ['3.1.1', frame(0x30, [...topic('home/kitchen'), ...Buffer.from('21.5')]), 4],
    ['3.1.1, retain', frame(0x31, [...topic('home/door'), ...Buffer.from('open')]), 4],
    ['3.1', frame(0x30, [...topic('big'), ...new Array<number>(200).fill(65)]), 3],
    ['5.0, empty property block', frame(0x30, [...topic('lab/t'), 0, ...Buffer.from('x')]), 5],
    ['empty payload', frame(0x31, [...topic('gone')]), 4],
  ];
  it.each(PLAIN)('%s: topic, retain and payload are what the full decoder reads', (_name, bytes, version) => {
    const plain = plainPublish(bytes, version);
    const full = decodePacket(bytes, { protocolVersion: version });
    expect(plain).toBeDefined();
    expect(full.problems).toEqual([]);
    expect(plain?.topic).toBe(full.topic);
    expect(plain?.retain).toBe(full.retain);
    const payloadField = full.fields.find((field) => field.name === 'Payload');
    expect(payloadField).toBeDefined();
    expect(plain?.payloadStart).toBe(payloadField?.start);
  });

  const NOT_PLAIN: [string, Uint8Array, 3 | 4 | 5][] = [
    ['QoS 1', frame(0x32, [...topic('a/b'), 0, 7, 1]), 4],
    ['QoS 2', frame(0x34, [...topic('a/b'), 0, 7, 1]), 4],
    ['[MQTT-3.3.1-2] DUP on QoS 0', frame(0x38, [...topic('a')]), 4],
    ['5.0 with a topic alias', frame(0x30, [...topic('a'), 3, 0x23, 0x00, 0x01]), 5],
    ['5.0 alias only (empty topic)', frame(0x30, [0, 0, 3, 0x23, 0x00, 0x01]), 5],
    ['non-ASCII topic', frame(0x30, [0, 2, 0xc3, 0xa9]), 4],
    ['wildcard in the topic', frame(0x30, [...topic('a/#')]), 4],
    ['PUBACK', frame(0x40, [0, 1]), 4],
  ];
  it.each(NOT_PLAIN)('leaves a %s to MQTT.js', (_name, bytes, version) => {
    expect(plainPublish(bytes, version)).toBeUndefined();
  });
});

describe('RecentTopics', () => {
  const publish = (name: string, payload = 'x') => frame(0x30, [...topic(name), ...Buffer.from(payload)]);

  it('names each topic right, however many topics of one length and prefix take turns', () => {
    const recent = new RecentTopics();
    // 20 topics, more than it remembers, all the same length and differing only at the end.
    const names = Array.from({ length: 20 }, (_, i) => `plant/room/sensor${String(i).padStart(2, '0')}`);
    for (let round = 0; round < 3; round += 1) {
      for (const name of [...names, ...names.slice(0, 3).reverse()]) expect(plainPublish(publish(name), 4, recent)?.topic).toBe(name);
    }
  });

  it('gives a repeated topic the very same string, and a topic that only shares a prefix its own', () => {
    const recent = new RecentTopics();
    const first = plainPublish(publish('sat/p0', 'one'), 4, recent)!.topic;
    expect(plainPublish(publish('sat/p0', 'two'), 4, recent)!.topic).toBe(first);
    expect(plainPublish(publish('sat/p1'), 4, recent)!.topic).toBe('sat/p1');
    expect(plainPublish(publish('sat/p'), 4, recent)!.topic).toBe('sat/p');
    expect(plainPublish(publish('sat/p0/more'), 4, recent)!.topic).toBe('sat/p0/more');
  });
});
