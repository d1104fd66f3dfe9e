// Byte-exact vectors written by hand from the MQTT 3.1.1 and 5.0 specifications: every packet
// type, the values the inspector shows and the bytes each field highlights.
import { describe, expect, it } from 'vitest';
import { connectProtocolVersion, decodePacket } from '../../src/shared/inspector/packets/decodePacket';
import type { DecodedPacket, Field } from '../../src/shared/inspector/packets/types';
import mqttPacket from 'mqtt-packet';

/** Hex bytes, e.g. x('62 02 00 07'). */
function x(hex: string): Uint8Array {
  return Uint8Array.from(hex.trim().split(/\s+/), (pair) => parseInt(pair, 16));
}
/** ASCII text as bytes (the vectors use ASCII only, so each character is one byte). */
function s(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
function bytes(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

function decode(frame: Uint8Array, protocolVersion: 3 | 4 | 5, revealSecrets = false): DecodedPacket {
  const decoded = decodePacket(frame, { protocolVersion, revealSecrets });
  expectTiled(decoded.fields, frame.length);
  return decoded;
}

/** Top-level fields cover the frame exactly, in order; children stay inside their parent. */
export function expectTiled(fields: readonly Field[], length: number): void {
  let at = 0;
  for (const field of fields) {
    expect(field.start, `${field.name} starts where the previous field ended`).toBe(at);
    expect(field.end).toBeGreaterThanOrEqual(field.start);
    expectNested(field);
    at = field.end;
  }
  expect(at, 'fields cover the whole frame').toBe(length);
}
function expectNested(field: Field): void {
  for (const child of field.children ?? []) {
    expect(child.start, `${child.name} inside ${field.name}`).toBeGreaterThanOrEqual(field.start);
    expect(child.end, `${child.name} inside ${field.name}`).toBeLessThanOrEqual(field.end);
    expectNested(child);
  }
}

/** The field at a path of names, e.g. f(d, 'Properties', 'Topic Alias'). */
function f(decoded: DecodedPacket | Field, ...path: string[]): Field {
  let list = 'fields' in decoded ? decoded.fields : (decoded.children ?? []);
  let found: Field | undefined;
  for (const name of path) {
    found = list.find((field) => field.name === name);
    if (!found) throw new Error(`no field "${name}" among ${list.map((field) => field.name).join(', ')}`);
    list = found.children ?? [];
  }
  if (!found) throw new Error('empty path');
  return found;
}
function range(field: Field): [number, number] {
  return [field.start, field.end];
}

describe('MQTT 3.1.1 vectors', () => {
  const connect = bytes(
    x('10 23'), // CONNECT, Remaining Length 35
    x('00 04'), s('MQTT'), // [2,8) protocol name
    x('04'), // [8,9) level 4
    x('C2'), // [9,10) user name, password, clean session
    x('00 3C'), // [10,12) keep alive 60
    x('00 0C'), s('qoscope_ab12'), // [12,26)
    x('00 05'), s('alice'), // [26,33)
    x('00 02'), s('pw'), // [33,37)
  );

  it('CONNECT (§3.1): every field and connect flag bit', () => {
    const d = decode(connect, 4);
    expect(d.type).toBe('CONNECT');
    expect(d.problems).toEqual([]);
    expect(d.summary).toBe('client qoscope_ab12, clean, keepalive 60, user alice, MQTT 3.1.1');
    expect(range(f(d, 'Fixed header'))).toEqual([0, 1]);
    expect(f(d, 'Remaining Length').value).toBe('35');
    expect(range(f(d, 'Protocol name'))).toEqual([2, 8]);
    expect(f(d, 'Protocol name').value).toBe('MQTT');
    expect(f(d, 'Protocol level').value).toBe('4 (MQTT 3.1.1)');
    const flags = f(d, 'Connect flags');
    expect(range(flags)).toEqual([9, 10]);
    expect(flags.children?.map((bit) => [bit.name, bit.value])).toEqual([
      ['User name flag', '1 (set)'],
      ['Password flag', '1 (set)'],
      ['Will retain', '0'],
      ['Will QoS', '0 (at most once)'],
      ['Will flag', '0'],
      ['Clean session', '1 (set)'],
      ['Reserved', '0'],
    ]);
    expect(f(d, 'Keep alive')).toMatchObject({ value: '60 s', start: 10, end: 12 });
    expect(f(d, 'Client identifier')).toMatchObject({ value: 'qoscope_ab12', start: 12, end: 26 });
    expect(range(f(d, 'Client identifier', 'Length'))).toEqual([12, 14]);
    expect(f(d, 'User name')).toMatchObject({ value: 'alice', start: 26, end: 33 });
    expect(f(d, 'Password')).toMatchObject({ start: 33, end: 37 });
  });

  it('CONNECT password is masked unless revealed', () => {
    const masked = f(decode(connect, 4), 'Password');
    expect(masked).toMatchObject({ value: '••••••', secret: true });
    expect(masked.children, 'the length would hint at the secret').toBeUndefined();
    const shown = f(decode(connect, 4, true), 'Password');
    expect(shown).toMatchObject({ value: 'pw', secret: true, start: 33, end: 37 });
    expect(f(shown, 'Length').value).toBe('2');
  });

  it('CONNECT with a will: will topic and will message follow the client identifier [MQTT-3.1.3-1]', () => {
    const d = decode(bytes(x('10 17 00 04'), s('MQTT'), x('04 2C 00 00 00 01'), s('c'), x('00 03'), s('a/b'), x('00 03'), s('bye')), 4);
    expect(d.problems).toEqual([]);
    expect(f(d, 'Connect flags', 'Will QoS').value).toBe('1 (at least once)');
    expect(f(d, 'Connect flags', 'Will retain').value).toBe('1 (set)');
    expect(f(d, 'Will topic')).toMatchObject({ value: 'a/b', start: 15, end: 20 });
    expect(f(d, 'Will message')).toMatchObject({ value: 'bye', start: 20, end: 25 });
    expect(d.summary).toBe('client c, resume session, keepalive 0, will, MQTT 3.1.1');
  });

  it('CONNACK (§3.2): session present and return code', () => {
    const accepted = decode(x('20 02 01 00'), 4);
    expect(accepted).toMatchObject({ type: 'CONNACK', reasonCode: 0, summary: 'Accepted, session present', problems: [] });
    expect(f(accepted, 'Acknowledge flags', 'Session present')).toMatchObject({ value: '1 (session resumed)', start: 2, end: 3 });
    expect(f(accepted, 'Return code')).toMatchObject({ value: 'Connection accepted (CONNACK 0)', start: 3, end: 4 });
    const refused = decode(x('20 02 00 05'), 4);
    expect(refused).toMatchObject({ reasonCode: 5, summary: 'Not authorized (CONNACK 5)', problems: [] });
  });

  it('[MQTT-3.2.2-4] CONNACK refusing with Session Present set is flagged', () => {
    expect(decode(x('20 02 01 04'), 4).problems.join()).toContain('[MQTT-3.2.2-4]');
  });

  it('PUBLISH (§3.3): topic, packet identifier and payload', () => {
    const d = decode(bytes(x('32 20 00 18'), s('home/kitchen/temperature'), x('00 0A'), s('21.5')), 4);
    expect(d).toMatchObject({ type: 'PUBLISH', qos: 1, dup: false, retain: false, packetId: 10, topic: 'home/kitchen/temperature', problems: [] });
    expect(d.summary).toBe('QoS 1 home/kitchen/temperature (4 B)');
    expect(f(d, 'Fixed header', 'QoS').value).toBe('1 (at least once)');
    expect(f(d, 'Topic name')).toMatchObject({ value: 'home/kitchen/temperature', start: 2, end: 28 });
    expect(f(d, 'Packet identifier')).toMatchObject({ value: '10', start: 28, end: 30 });
    expect(f(d, 'Payload')).toMatchObject({ value: '21.5', start: 30, end: 34 });
  });

  it('PUBLISH QoS 0 has no packet identifier; a binary payload shows as hex', () => {
    const d = decode(bytes(x('31 07 00 03'), s('a/b'), x('00 ff')), 4);
    expect(d.packetId).toBeUndefined();
    expect(d.retain).toBe(true);
    expect(d.summary).toBe('QoS 0 a/b (2 B), retain');
    expect(f(d, 'Payload')).toMatchObject({ value: '00 ff', start: 7, end: 9 });
  });

  it.each([
    ['PUBACK', '40'],
    ['PUBREC', '50'],
    ['PUBREL', '62'],
    ['PUBCOMP', '70'],
  ])('%s id 7 (§3.4–3.7)', (type, first) => {
    const d = decode(x(`${first} 02 00 07`), 4);
    expect(d).toMatchObject({ type, packetId: 7, summary: 'id 7', problems: [] });
    expect(f(d, 'Fixed header').value).toContain(type);
    expect(f(d, 'Fixed header').value).toContain(`0x${first}`);
    expect(range(f(d, 'Fixed header'))).toEqual([0, 1]);
    expect(f(d, 'Packet identifier')).toMatchObject({ value: '7', start: 2, end: 4 });
  });

  it('SUBSCRIBE (§3.8): filter and requested QoS', () => {
    const d = decode(bytes(x('82 0B 00 0A 00 06'), s('home/#'), x('02')), 4);
    expect(d).toMatchObject({ type: 'SUBSCRIBE', packetId: 10, summary: 'home/# (QoS 2)', problems: [] });
    expect(f(d, 'Subscription 1')).toMatchObject({ start: 4, end: 13 });
    expect(f(d, 'Subscription 1', 'Topic filter')).toMatchObject({ value: 'home/#', start: 4, end: 12 });
    expect(f(d, 'Subscription 1', 'Requested QoS', 'QoS')).toMatchObject({ value: '2 (exactly once)', start: 12, end: 13 });
  });

  it('SUBACK (§3.9): one return code per filter', () => {
    const d = decode(x('90 05 00 0A 00 01 80'), 4);
    expect(d).toMatchObject({ type: 'SUBACK', packetId: 10, reasonCode: 0x80, problems: [] });
    expect(d.summary).toBe('id 10: QoS 0, QoS 1, Failure, unspecified error (SUBACK 0x80)');
    expect(f(d, 'Return code 3')).toMatchObject({ start: 6, end: 7 });
  });

  it('[MQTT-3.9.3-2] SUBACK return codes other than 0, 1, 2 and 0x80 are flagged in 3.1.1', () => {
    expect(decode(x('90 03 00 0A 87'), 4).problems.join()).toContain('[MQTT-3.9.3-2]');
  });

  it('UNSUBSCRIBE and UNSUBACK (§3.10, §3.11)', () => {
    const unsubscribe = decode(bytes(x('A2 0A 00 0B 00 06'), s('home/#')), 4);
    expect(unsubscribe).toMatchObject({ type: 'UNSUBSCRIBE', packetId: 11, summary: 'home/#', problems: [] });
    expect(f(unsubscribe, 'Topic filter 1')).toMatchObject({ start: 4, end: 12 });
    expect(decode(x('B0 02 00 0B'), 4)).toMatchObject({ type: 'UNSUBACK', packetId: 11, summary: 'id 11', problems: [] });
  });

  it.each([
    ['PINGREQ', 'C0 00'],
    ['PINGRESP', 'D0 00'],
    ['DISCONNECT', 'E0 00'],
  ])('%s is a fixed header only', (type, hex) => {
    const d = decode(x(hex), 4);
    expect(d).toMatchObject({ type, problems: [] });
    expect(d.fields.map((field) => field.name)).toEqual(['Fixed header', 'Remaining Length']);
  });
});

describe('MQTT 3.1 vector', () => {
  it('CONNECT with protocol name MQIsdp and level 3', () => {
    const frame = bytes(x('10 12 00 06'), s('MQIsdp'), x('03 02 00 3C 00 04'), s('abcd'));
    const d = decode(frame, 4);
    expect(d.problems).toEqual([]);
    expect(d.summary).toBe('client abcd, clean, keepalive 60, MQTT 3.1');
    expect(f(d, 'Protocol name')).toMatchObject({ value: 'MQIsdp', start: 2, end: 10 });
    expect(f(d, 'Protocol level').value).toBe('3 (MQTT 3.1)');
    expect(connectProtocolVersion(frame)).toBe(3);
  });

  it('CONNACK in 3.1 has no Session Present flag', () => {
    const d = decode(x('20 02 00 00'), 3);
    expect(d).toMatchObject({ summary: 'Accepted', problems: [] });
    expect(f(d, 'Reserved (MQTT 3.1)')).toMatchObject({ start: 2, end: 3 });
  });
});

describe('MQTT 5.0 vectors', () => {
  const connect = bytes(
    x('10 1E 00 04'), s('MQTT'), x('05 02 00 3C'),
    x('05 11 00 00 0E 10'), // [12,18) properties: Session Expiry Interval 3600
    x('00 0C'), s('qoscope_ab12'), // [18,32)
  );

  it('CONNECT (§3.1) with properties', () => {
    const d = decode(connect, 5);
    expect(d.problems).toEqual([]);
    expect(d.summary).toBe('client qoscope_ab12, clean, keepalive 60, MQTT 5.0');
    expect(f(d, 'Connect flags', 'Clean start').value).toBe('1 (set)');
    expect(f(d, 'Properties')).toMatchObject({ value: '1 property', start: 12, end: 18 });
    expect(f(d, 'Properties', 'Property Length')).toMatchObject({ value: '5 B', start: 12, end: 13 });
    const expiry = f(d, 'Properties', 'Session Expiry Interval');
    expect(expiry).toMatchObject({ value: '3600 s', start: 13, end: 18 });
    expect(f(expiry, 'Identifier')).toMatchObject({ value: '0x11', start: 13, end: 14 });
    expect(f(expiry, 'Value')).toMatchObject({ start: 14, end: 18 });
    expect(f(d, 'Client identifier')).toMatchObject({ start: 18, end: 32 });
  });

  it('connectProtocolVersion reads the level of 3.1.1 and 5.0 CONNECTs only', () => {
    expect(connectProtocolVersion(connect)).toBe(5);
    expect(connectProtocolVersion(bytes(x('10 0C 00 04'), s('MQTT'), x('04 02 00 3C 00 00')))).toBe(4);
    expect(connectProtocolVersion(x('20 02 00 00'))).toBeUndefined();
    expect(connectProtocolVersion(connect.subarray(0, 8))).toBeUndefined();
    expect(connectProtocolVersion(new Uint8Array())).toBeUndefined();
  });

  it('CONNACK (§3.2) with reason code and properties', () => {
    const d = decode(x('20 0B 01 00 08 21 00 0A 22 00 05 24 01'), 5);
    expect(d).toMatchObject({ reasonCode: 0, summary: 'Accepted, session present', problems: [] });
    expect(f(d, 'Reason code')).toMatchObject({ value: 'Success (CONNACK 0x00)', start: 3, end: 4 });
    expect(f(d, 'Properties', 'Receive Maximum')).toMatchObject({ value: '10', start: 5, end: 8 });
    expect(f(d, 'Properties', 'Topic Alias Maximum')).toMatchObject({ value: '5', start: 8, end: 11 });
    expect(f(d, 'Properties', 'Maximum QoS')).toMatchObject({ value: '1', start: 11, end: 13 });
    expect(decode(x('20 03 00 87 00'), 5)).toMatchObject({ reasonCode: 0x87, summary: 'Not authorized (CONNACK 0x87)' });
  });

  it('PUBLISH (§3.3) with Payload Format Indicator and Topic Alias', () => {
    const d = decode(bytes(x('34 0F 00 03'), s('a/b'), x('00 05 05 01 01 23 00 02'), s('hi')), 5);
    expect(d).toMatchObject({ qos: 2, packetId: 5, topic: 'a/b', summary: 'QoS 2 a/b [alias 2] (2 B)', problems: [] });
    expect(f(d, 'Properties')).toMatchObject({ start: 9, end: 15 });
    expect(f(d, 'Properties', 'Payload Format Indicator').value).toBe('1 (UTF-8 text)');
    expect(f(d, 'Properties', 'Topic Alias')).toMatchObject({ value: '2', start: 12, end: 15 });
    expect(f(d, 'Payload')).toMatchObject({ value: 'hi', start: 15, end: 17 });
  });

  it('PUBLISH with an empty topic and a Topic Alias is allowed (§3.3.2.3.4)', () => {
    const d = decode(x('30 08 00 00 03 23 00 04 6F 6B'), 5);
    expect(d).toMatchObject({ topic: '', summary: 'QoS 0 alias 4 (2 B)', problems: [] });
  });

  it('PUBACK with Remaining Length 2 means 0x00 Success [§3.4.2.1]', () => {
    const d = decode(x('40 02 00 07'), 5);
    expect(d).toMatchObject({ packetId: 7, reasonCode: 0, summary: 'id 7', problems: [] });
    expect(f(d, 'Reason code')).toMatchObject({ start: 4, end: 4 });
    expect(f(d, 'Reason code').value).toContain('Success');
  });

  it('PUBACK with a reason code and no properties (Remaining Length 3)', () => {
    const d = decode(x('40 03 00 07 10'), 5);
    expect(d).toMatchObject({ reasonCode: 0x10, summary: 'id 7, No matching subscribers (PUBACK 0x10)', problems: [] });
    expect(f(d, 'Reason code')).toMatchObject({ start: 4, end: 5 });
  });

  it('PUBACK with a Reason String', () => {
    const d = decode(bytes(x('40 08 00 07 87 04 1F 00 01'), s('x')), 5);
    expect(d).toMatchObject({ reasonCode: 0x87, summary: 'id 7, Not authorized (PUBACK 0x87): x', problems: [] });
    expect(f(d, 'Properties', 'Reason String')).toMatchObject({ value: 'x', start: 6, end: 10 });
  });

  it.each([
    ['PUBREC', '50 03 00 07 00', 'id 7'],
    ['PUBREL', '62 03 00 07 92', 'id 7, Packet Identifier not found (PUBREL 0x92)'],
    ['PUBCOMP', '70 02 00 07', 'id 7'],
  ])('%s (§3.5–3.7)', (type, hex, summary) => {
    expect(decode(x(hex), 5)).toMatchObject({ type, packetId: 7, summary, problems: [] });
  });

  it('[MQTT-3.4.2-1] a reason code PUBACK does not define is flagged', () => {
    const d = decode(x('40 03 00 07 92'), 5);
    expect(d.problems.join()).toContain('[MQTT-3.4.2-1]');
    expect(f(d, 'Reason code').value).toBe('Packet Identifier not found (PUBACK 0x92)');
  });

  it('SUBSCRIBE (§3.8) with a Subscription Identifier and every option', () => {
    const d = decode(bytes(x('82 0E 00 0A 02 0B 07 00 06'), s('home/#'), x('2E')), 5);
    expect(d).toMatchObject({ packetId: 10, problems: [] });
    expect(d.summary).toBe('home/# (QoS 2, no local, retain as published, retain handling 2)');
    expect(f(d, 'Properties', 'Subscription Identifier')).toMatchObject({ value: '7', start: 5, end: 7 });
    const options = f(d, 'Subscription 1', 'Subscription options');
    expect(range(options)).toEqual([15, 16]);
    expect(options.children?.map((bit) => [bit.name, bit.value])).toEqual([
      ['Maximum QoS', '2 (exactly once)'],
      ['No Local', '1 (not sent back to this client)'],
      ['Retain As Published', '1 (RETAIN kept as published)'],
      ['Retain Handling', '2 (do not send retained messages)'],
      ['Reserved', '0b00'],
    ]);
  });

  it('SUBACK (§3.9) with reason codes', () => {
    const d = decode(x('90 05 00 0A 00 02 87'), 5);
    expect(d).toMatchObject({ reasonCode: 0x87, summary: 'id 10: QoS 2, Not authorized (SUBACK 0x87)', problems: [] });
    expect(f(d, 'Reason code 2')).toMatchObject({ value: 'Not authorized (SUBACK 0x87)', start: 6, end: 7 });
  });

  it('UNSUBSCRIBE and UNSUBACK (§3.10, §3.11) with reason codes', () => {
    expect(decode(bytes(x('A2 0B 00 0B 00 00 06'), s('home/#')), 5)).toMatchObject({ summary: 'home/#', problems: [] });
    const d = decode(x('B0 05 00 0B 00 00 11'), 5);
    // reasonCode is the first failure (0x80 or above) if any, otherwise the first code.
    expect(d).toMatchObject({ packetId: 11, reasonCode: 0, summary: 'id 11: No subscription existed (UNSUBACK 0x11)', problems: [] });
    expect(f(d, 'Reason code 2')).toMatchObject({ start: 6, end: 7 });
  });

  it('DISCONNECT (§3.14): empty means Normal disconnection', () => {
    const d = decode(x('E0 00'), 5);
    expect(d).toMatchObject({ reasonCode: 0, problems: [] });
    expect(d.summary).toBe('Normal disconnection (DISCONNECT 0x00)');
  });

  it('DISCONNECT with Session Expiry Interval, Reason String and Server Reference', () => {
    const d = decode(bytes(x('E0 15 8B 13 11 00 00 00 00 1F 00 03'), s('bye'), x('1C 00 05'), s('other')), 5);
    expect(d).toMatchObject({ reasonCode: 0x8b, problems: [] });
    expect(d.summary).toBe('Server shutting down (DISCONNECT 0x8B): bye, use server other');
    expect(f(d, 'Properties', 'Session Expiry Interval')).toMatchObject({ start: 4, end: 9 });
    expect(f(d, 'Properties', 'Reason String')).toMatchObject({ value: 'bye', start: 9, end: 15 });
    expect(f(d, 'Properties', 'Server Reference')).toMatchObject({ value: 'other', start: 15, end: 23 });
  });

  it('AUTH (§3.15) with method and data', () => {
    const d = decode(bytes(x('F0 0F 18 0D 15 00 05'), s('SCRAM'), x('16 00 02 01 02')), 5);
    expect(d).toMatchObject({ type: 'AUTH', reasonCode: 0x18, problems: [] });
    expect(d.summary).toBe('Continue authentication (AUTH 0x18), method SCRAM');
    expect(f(d, 'Properties', 'Authentication Data')).toMatchObject({ start: 12, end: 17 });
  });

  it('PINGREQ and PINGRESP', () => {
    expect(decode(x('C0 00'), 5)).toMatchObject({ type: 'PINGREQ', problems: [] });
    expect(decode(x('D0 00'), 5)).toMatchObject({ type: 'PINGRESP', problems: [] });
  });
});

describe('problems', () => {
  it('[MQTT-2.2.2-1] PUBREL with flags 0000 (0x60) is flagged', () => {
    const d = decode(x('60 02 00 07'), 4);
    const flags = f(d, 'Fixed header', 'Reserved flags');
    expect(flags.problem).toContain('[MQTT-2.2.2-1]');
    expect(flags.value).toBe('0b0000, must be 0b0010');
    expect(d.problems).toEqual([`Reserved flags: ${flags.problem}`]);
    expect(d.packetId).toBe(7);
  });

  it('[MQTT-2.1.3-1] SUBSCRIBE with flags 0000 is flagged in 5.0', () => {
    const d = decode(bytes(x('80 09 00 0A 00 00 03'), s('a/#'), x('01')), 5);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toContain('[MQTT-2.1.3-1]');
  });

  it('[MQTT-2.2.2-1] PINGREQ with a flag bit set is flagged', () => {
    expect(decode(x('C1 00'), 4).problems).toEqual(['Reserved flags: PINGREQ requires 0b0000 [MQTT-2.2.2-1]']);
  });

  it('[MQTT-3.1.2-3] CONNECT with the reserved flag bit set is flagged', () => {
    const d = decode(bytes(x('10 0D 00 04'), s('MQTT'), x('04 03 00 3C 00 01'), s('c')), 4);
    expect(f(d, 'Connect flags', 'Reserved').problem).toContain('[MQTT-3.1.2-3]');
    expect(d.problems).toHaveLength(1);
  });

  it('[MQTT-3.1.2-2] a CONNECT with an unknown protocol level is not decoded further', () => {
    const d = decode(bytes(x('10 0D 00 04'), s('MQTT'), x('06 02 00 3C 00 01'), s('c')), 4);
    expect(f(d, 'Protocol level').problem).toContain('[MQTT-3.1.2-2]');
    expect(f(d, 'Unparsed bytes')).toMatchObject({ start: 9, end: 15 });
    expect(d.summary).toBe('protocol level 6');
    expect(connectProtocolVersion(bytes(x('10 0D 00 04'), s('MQTT'), x('06 02 00 3C 00 01'), s('c')))).toBeUndefined();
  });

  it('[MQTT-3.1.2-22] a password without a user name is flagged in 3.1.1 but not 5.0', () => {
    const v4 = bytes(x('10 11 00 04'), s('MQTT'), x('04 42 00 00 00 01'), s('c'), x('00 02'), s('pw'));
    expect(decode(v4, 4).problems.join()).toContain('[MQTT-3.1.2-22]');
    const v5 = bytes(x('10 12 00 04'), s('MQTT'), x('05 42 00 00 00 00 01'), s('c'), x('00 02'), s('pw'));
    expect(decode(v5, 5).problems).toEqual([]);
  });

  it('[MQTT-1.5.5-1] a non-minimal Remaining Length is flagged but decoded', () => {
    const d = decode(x('62 82 00 00 07'), 5);
    expect(f(d, 'Remaining Length')).toMatchObject({ value: '2', start: 1, end: 3 });
    expect(f(d, 'Remaining Length').problem).toContain('non-minimal encoding');
    expect(d.packetId).toBe(7);
    expect(decode(x('C0 80 00'), 4).problems.join()).toContain('non-minimal encoding');
  });

  it('[MQTT-3.3.1-4] PUBLISH with QoS 3 is malformed', () => {
    const d = decode(bytes(x('36 07 00 03'), s('a/b'), x('00 01')), 4);
    expect(f(d, 'Fixed header', 'QoS').problem).toContain('[MQTT-3.3.1-4]');
    expect(d.qos).toBeUndefined();
    expect(d.problems.some((problem) => problem.startsWith('Malformed:'))).toBe(true);
  });

  it('[MQTT-3.3.1-2] DUP on a QoS 0 PUBLISH is flagged', () => {
    expect(decode(bytes(x('38 05 00 03'), s('a/b')), 4).problems.join()).toContain('[MQTT-3.3.1-2]');
  });

  it('[MQTT-3.3.2-2] a wildcard in a PUBLISH topic is flagged', () => {
    expect(decode(bytes(x('30 05 00 03'), s('a/#')), 4).problems.join()).toContain('[MQTT-3.3.2-2]');
  });

  it('[MQTT-2.3.1-1] packet identifier 0 is flagged', () => {
    expect(decode(x('40 02 00 00'), 4).problems.join()).toContain('[MQTT-2.3.1-1]');
  });

  it('a truncated CONNECT keeps what was decoded and says where it stopped', () => {
    const whole = bytes(x('10 23 00 04'), s('MQTT'), x('04 C2 00 3C 00 0C'), s('qoscope_ab12'), x('00 05'), s('alice'), x('00 02'), s('pw'));
    const d = decode(whole.subarray(0, 20), 4);
    expect(f(d, 'Keep alive').value).toBe('60 s');
    expect(f(d, 'Remaining Length').problem).toContain('only 18 B follow');
    const clientId = f(d, 'Client identifier');
    expect(range(clientId)).toEqual([12, 20]);
    expect(clientId.problem).toContain('declares 12 B but only 6 B remain');
    expect(d.problems.filter((problem) => problem.startsWith('Malformed:'))).toHaveLength(2);
    expect(d.summary).toBe('clean, keepalive 60, MQTT 3.1.1');
  });

  it('a CONNECT cut inside a fixed-size field gets a Truncated field', () => {
    const d = decode(bytes(x('10 0A 00 04'), s('MQTT'), x('04 02 00')), 4);
    expect(f(d, 'Truncated')).toMatchObject({ start: 10, end: 11 });
    expect(f(d, 'Truncated').problem).toContain('Keep alive needs 2 B');
  });

  it('an unknown 5.0 property identifier stops the properties as Unparsed bytes (§2.2.2.2)', () => {
    const d = decode(x('40 07 00 07 00 03 7F 00 01'), 5);
    const unparsed = f(d, 'Properties', 'Unparsed bytes');
    expect(range(unparsed)).toEqual([6, 9]);
    expect(unparsed.problem).toContain('unknown property identifier 0x7F');
    expect(d.problems).toEqual([`Malformed: ${unparsed.problem}`]);
  });

  it('a property not allowed in the packet type is flagged (§2.2.2.2)', () => {
    const d = decode(x('40 07 00 07 00 03 23 00 01'), 5);
    expect(f(d, 'Properties', 'Topic Alias').problem).toContain('not allowed in PUBACK');
  });

  it('a property given twice is a Protocol Error', () => {
    expect(decode(x('40 0A 00 07 00 06 23 00 01 23 00 02'), 5).problems.join()).toContain('more than once');
  });

  it('extra bytes inside the Remaining Length are Unparsed bytes', () => {
    const d = decode(x('40 03 00 07 00'), 4);
    expect(f(d, 'Unparsed bytes')).toMatchObject({ start: 4, end: 5 });
    expect(d.problems).toEqual(['Malformed: 1 B left over at the end of the PUBACK']);
  });

  it('bytes after the end of the packet are flagged', () => {
    const d = decode(x('C0 00 C0'), 4);
    expect(f(d, 'Unparsed bytes')).toMatchObject({ start: 2, end: 3 });
    expect(d.problems[0]).toContain('after the end of the packet');
  });

  it('a Remaining Length longer than 4 bytes leaves the rest unparsed', () => {
    const d = decode(x('30 FF FF FF FF 7F 00'), 4);
    expect(f(d, 'Remaining Length')).toMatchObject({ start: 1, end: 5 });
    expect(f(d, 'Unparsed bytes')).toMatchObject({ start: 5, end: 7 });
    expect(d.problems).toHaveLength(1);
  });

  it('packet type 0 and, before 5.0, type 15 are reserved', () => {
    expect(decode(x('00 00'), 4).problems.join()).toContain('reserved');
    expect(decode(x('F0 00'), 4).problems.join()).toContain('AUTH exists only in MQTT 5.0');
  });

  it('ill-formed UTF-8 in a topic is malformed [MQTT-1.5.3-1]', () => {
    const d = decode(x('30 04 00 02 C0 AF'), 4);
    expect(d.topic).toBeUndefined();
    expect(d.problems.join()).toContain('[MQTT-1.5.3-1]');
  });

  it('an empty frame decodes to a problem, not an exception', () => {
    expect(decodePacket(new Uint8Array(), { protocolVersion: 4 }).problems).toEqual(['Malformed: empty frame']);
  });
});

// mqtt-packet (MQTT.js's codec) as an independent encoder: what it writes, we must read back.
describe('cross-check with mqtt-packet generate()', () => {
  const gen = (packet: mqttPacket.Packet, protocolVersion: 3 | 4 | 5) =>
    new Uint8Array(mqttPacket.generate(packet, { protocolVersion }));
  const values = (field: Field) => (field.children ?? []).map((child) => [child.name, child.value]);

  it('5.0 CONNECT with will, credentials and every CONNECT and Will property', () => {
    const frame = gen(
      {
        cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clean: false, clientId: 'my-device', keepalive: 30,
        username: 'matteo', password: Buffer.from('collina'),
        will: {
          topic: 'mydevice/status', payload: Buffer.from('dead'), qos: 2, retain: true,
          properties: {
            willDelayInterval: 1234, payloadFormatIndicator: false, messageExpiryInterval: 4321, contentType: 'test',
            responseTopic: 'topic', correlationData: Buffer.from([1, 2, 3, 4]), userProperties: { k: 'v' },
          },
        },
        properties: {
          sessionExpiryInterval: 1234, receiveMaximum: 432, maximumPacketSize: 100, topicAliasMaximum: 456,
          requestResponseInformation: true, requestProblemInformation: true, userProperties: { test: 'test' },
          authenticationMethod: 'SCRAM', authenticationData: Buffer.from([1, 2, 3, 4]),
        },
      },
      5,
    );
    const d = decode(frame, 5, true);
    expect(d.problems).toEqual([]);
    expect(d.summary).toBe('client my-device, resume session, keepalive 30, user matteo, will, MQTT 5.0');
    expect(f(d, 'Connect flags', 'Will QoS').value).toBe('2 (exactly once)');
    expect(values(f(d, 'Properties')).slice(1)).toEqual([
      ['Session Expiry Interval', '1234 s'],
      ['Receive Maximum', '432'],
      ['Maximum Packet Size', '100 B'],
      ['Topic Alias Maximum', '456'],
      ['Request Response Information', '1 (yes)'],
      ['Request Problem Information', '1 (yes)'],
      ['User Property', 'test = test'],
      ['Authentication Method', 'SCRAM'],
      ['Authentication Data', '01 02 03 04'],
    ]);
    expect(values(f(d, 'Will properties')).slice(1)).toEqual([
      ['Will Delay Interval', '1234 s'],
      ['Payload Format Indicator', '0 (unspecified bytes)'],
      ['Message Expiry Interval', '4321 s'],
      ['Content Type', 'test'],
      ['Response Topic', 'topic'],
      ['Correlation Data', '01 02 03 04'],
      ['User Property', 'k = v'],
    ]);
    expect(f(d, 'Will topic').value).toBe('mydevice/status');
    expect(f(d, 'Will payload').value).toBe('dead');
    expect(f(d, 'User name').value).toBe('matteo');
    expect(f(d, 'Password').value).toBe('collina');
    expect(f(d, 'Password').end).toBe(frame.length);
    expect(connectProtocolVersion(frame)).toBe(5);
  });

  it('3.1.1 and 3.1 CONNECT with will and credentials', () => {
    const will = { topic: 'bye', payload: Buffer.from('gone'), qos: 1 as const, retain: false };
    const v4 = decode(gen({ cmd: 'connect', protocolVersion: 4, clientId: 'c4', keepalive: 10, clean: true, username: 'u', password: Buffer.from('p'), will }, 4), 4);
    expect(v4.problems).toEqual([]);
    expect(v4.summary).toBe('client c4, clean, keepalive 10, user u, will, MQTT 3.1.1');
    expect(f(v4, 'Will message').value).toBe('gone');
    expect(f(v4, 'Password').value).toBe('••••••');
    const v3 = decode(gen({ cmd: 'connect', protocolId: 'MQIsdp', protocolVersion: 3, clientId: 'c3', keepalive: 10, clean: true, will }, 3), 3);
    expect(v3.problems).toEqual([]);
    expect(v3.summary).toBe('client c3, clean, keepalive 10, will, MQTT 3.1');
  });

  it('5.0 CONNACK with every CONNACK property', () => {
    const d = decode(gen({
      cmd: 'connack', sessionPresent: true, reasonCode: 0,
      properties: {
        sessionExpiryInterval: 1234, receiveMaximum: 432, maximumQoS: 1, retainAvailable: true, maximumPacketSize: 100,
        assignedClientIdentifier: 'auto-1', topicAliasMaximum: 456, reasonString: 'ok', userProperties: { test: 'test' },
        wildcardSubscriptionAvailable: true, subscriptionIdentifiersAvailable: true, sharedSubscriptionAvailable: false,
        serverKeepAlive: 60, responseInformation: 'resp', serverReference: 'other', authenticationMethod: 'SCRAM',
        authenticationData: Buffer.from([9]),
      },
    }, 5), 5);
    expect(d.problems).toEqual([]);
    expect(d.summary).toBe('Accepted, session present, assigned client auto-1');
    const names = values(f(d, 'Properties')).slice(1).map(([name]) => name);
    expect(names).toHaveLength(17);
    expect(f(d, 'Properties', 'Shared Subscription Available').value).toBe('0 (no)');
    expect(f(d, 'Properties', 'Server Keep Alive').value).toBe('60 s');
  });

  it('5.0 PUBLISH with every PUBLISH property', () => {
    const d = decode(gen({
      cmd: 'publish', topic: 'home/kitchen/temperature', payload: Buffer.from('21.5'), qos: 1, messageId: 42, dup: true, retain: false,
      properties: {
        payloadFormatIndicator: true, messageExpiryInterval: 4321, topicAlias: 100, responseTopic: 'reply/to',
        correlationData: Buffer.from('req-1'), userProperties: { unit: 'C' }, subscriptionIdentifier: 120, contentType: 'text/plain',
      },
    }, 5), 5);
    expect(d).toMatchObject({ qos: 1, dup: true, packetId: 42, topic: 'home/kitchen/temperature', problems: [] });
    expect(d.summary).toBe('QoS 1 home/kitchen/temperature [alias 100] (4 B), DUP');
    expect(values(f(d, 'Properties')).slice(1)).toEqual([
      ['Payload Format Indicator', '1 (UTF-8 text)'],
      ['Message Expiry Interval', '4321 s'],
      ['Topic Alias', '100'],
      ['Response Topic', 'reply/to'],
      ['Correlation Data', 'req-1'],
      ['User Property', 'unit = C'],
      ['Subscription Identifier', '120'],
      ['Content Type', 'text/plain'],
    ]);
    expect(f(d, 'Payload').value).toBe('21.5');
  });

  it('5.0 SUBSCRIBE with No Local, Retain As Published and Retain Handling', () => {
    const d = decode(gen({
      cmd: 'subscribe', messageId: 42, properties: { subscriptionIdentifier: 145, userProperties: { a: 'b' } },
      subscriptions: [
        { topic: 'a/+', qos: 1, nl: true, rap: false, rh: 0 },
        { topic: 'b/#', qos: 2, nl: false, rap: true, rh: 1 },
      ],
    }, 5), 5);
    expect(d).toMatchObject({ packetId: 42, problems: [] });
    expect(d.summary).toBe('a/+ (QoS 1, no local), b/# (QoS 2, retain as published, retain handling 1)');
    expect(f(d, 'Properties', 'Subscription Identifier').value).toBe('145');
    expect(values(f(d, 'Subscription 2', 'Subscription options'))).toEqual([
      ['Maximum QoS', '2 (exactly once)'],
      ['No Local', '0'],
      ['Retain As Published', '1 (RETAIN kept as published)'],
      ['Retain Handling', '1 (send retained messages only for a new subscription)'],
      ['Reserved', '0b00'],
    ]);
  });

  it('SUBACK, UNSUBSCRIBE and UNSUBACK in 3.1.1 and 5.0', () => {
    const suback = decode(gen({ cmd: 'suback', messageId: 42, granted: [0, 1, 2, 128], properties: { reasonString: 'partly' } }, 5), 5);
    expect(suback).toMatchObject({ packetId: 42, reasonCode: 128, problems: [] });
    expect(f(suback, 'Properties', 'Reason String').value).toBe('partly');
    expect(decode(gen({ cmd: 'suback', messageId: 3, granted: [1] }, 4), 4)).toMatchObject({ summary: 'id 3: QoS 1', problems: [] });
    const unsubscribe = decode(gen({ cmd: 'unsubscribe', messageId: 5, unsubscriptions: ['a/b', 'c/#'] }, 4), 4);
    expect(unsubscribe).toMatchObject({ packetId: 5, summary: 'a/b, c/#', problems: [] });
    expect(decode(gen({ cmd: 'unsuback', messageId: 5, granted: [0, 17] }, 5), 5))
      .toMatchObject({ packetId: 5, summary: 'id 5: No subscription existed (UNSUBACK 0x11)', problems: [] });
  });

  it.each(['puback', 'pubrec', 'pubrel', 'pubcomp'] as const)('5.0 %s with reason code and properties', (cmd) => {
    const reasonCode = cmd === 'pubrel' || cmd === 'pubcomp' ? 0x92 : 0x10;
    const d = decode(gen({ cmd, messageId: 9, reasonCode, properties: { reasonString: 'why', userProperties: { a: 'b' } } }, 5), 5);
    expect(d).toMatchObject({ type: cmd.toUpperCase(), packetId: 9, reasonCode, problems: [] });
    expect(f(d, 'Properties', 'Reason String').value).toBe('why');
    expect(d.summary).toMatch(/^id 9, .*: why$/);
  });

  it('5.0 DISCONNECT and AUTH with properties', () => {
    const disconnect = decode(gen({ cmd: 'disconnect', reasonCode: 0x9c, properties: { sessionExpiryInterval: 0, reasonString: 'move', serverReference: 'b2' } }, 5), 5);
    expect(disconnect).toMatchObject({ reasonCode: 0x9c, summary: 'Use another server (DISCONNECT 0x9C): move, use server b2', problems: [] });
    const auth = decode(gen({ cmd: 'auth', reasonCode: 0x19, properties: { authenticationMethod: 'SCRAM', authenticationData: Buffer.from([0, 1]) } }, 5), 5);
    expect(auth).toMatchObject({ reasonCode: 0x19, summary: 'Re-authenticate (AUTH 0x19), method SCRAM', problems: [] });
  });

  it('3.1.1 packets of every other type decode without problems', () => {
    const packets: mqttPacket.Packet[] = [
      { cmd: 'connack', returnCode: 0, sessionPresent: false },
      { cmd: 'publish', topic: 't', payload: Buffer.alloc(300, 0x61), qos: 2, messageId: 65535, dup: false, retain: true },
      { cmd: 'puback', messageId: 1 },
      { cmd: 'pubrec', messageId: 1 },
      { cmd: 'pubrel', messageId: 1 },
      { cmd: 'pubcomp', messageId: 1 },
      { cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'x/#', qos: 0 }, { topic: '+/y', qos: 1 }] },
      { cmd: 'unsuback', messageId: 2, granted: [] },
      { cmd: 'pingreq' },
      { cmd: 'pingresp' },
      { cmd: 'disconnect' },
    ];
    for (const packet of packets) {
      const d = decode(gen(packet, 4), 4);
      expect(d.type).toBe(packet.cmd.toUpperCase());
      expect(d.problems, packet.cmd).toEqual([]);
      if ('messageId' in packet) expect(d.packetId).toBe(packet.messageId);
    }
  });
});
