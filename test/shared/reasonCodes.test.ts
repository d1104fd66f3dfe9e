import { describe, it, expect } from 'vitest';
import { describeConnackRefusal, describeSubackCode } from '../../src/shared/mqtt/reasonCodes';

describe('describeConnackRefusal, MQTT 3.1 and 3.1.1', () => {
  const v3: Array<[number, string]> = [
    [1, 'Unacceptable protocol version (CONNACK 1)'],
    [2, 'Identifier rejected (CONNACK 2)'],
    [3, 'Server unavailable (CONNACK 3)'],
    [4, 'Bad user name or password (CONNACK 4)'],
    [5, 'Not authorized (CONNACK 5)'],
  ];

  it.each(v3)('3.1.1 §3.2.2.3 return code %i reads %j', (code, text) => {
    expect(describeConnackRefusal(code, 4)).toBe(text);
    expect(describeConnackRefusal(code, 3)).toBe(text);
  });

  it('names an unknown return code in decimal', () => {
    expect(describeConnackRefusal(6, 4)).toBe('Unknown reason (CONNACK 6)');
  });

  it('does not read 5.0 reason codes into a 3.1.1 CONNACK', () => {
    expect(describeConnackRefusal(0x86, 4)).toBe('Unknown reason (CONNACK 134)');
  });
});

describe('describeConnackRefusal, MQTT 5.0', () => {
  const v5: Array<[number, string]> = [
    [0x80, 'Unspecified error (CONNACK 0x80)'],
    [0x81, 'Malformed packet (CONNACK 0x81)'],
    [0x82, 'Protocol error (CONNACK 0x82)'],
    [0x83, 'Implementation specific error (CONNACK 0x83)'],
    [0x84, 'Unsupported protocol version (CONNACK 0x84)'],
    [0x85, 'Client identifier not valid (CONNACK 0x85)'],
    [0x86, 'Bad user name or password (CONNACK 0x86)'],
    [0x87, 'Not authorized (CONNACK 0x87)'],
    [0x88, 'Server unavailable (CONNACK 0x88)'],
    [0x89, 'Server busy (CONNACK 0x89)'],
    [0x8a, 'Banned (CONNACK 0x8A)'],
    [0x8c, 'Bad authentication method (CONNACK 0x8C)'],
    [0x90, 'Topic name invalid (CONNACK 0x90)'],
    [0x95, 'Packet too large (CONNACK 0x95)'],
    [0x97, 'Quota exceeded (CONNACK 0x97)'],
    [0x99, 'Payload format invalid (CONNACK 0x99)'],
    [0x9a, 'Retain not supported (CONNACK 0x9A)'],
    [0x9b, 'QoS not supported (CONNACK 0x9B)'],
    [0x9c, 'Use another server (CONNACK 0x9C)'],
    [0x9d, 'Server moved (CONNACK 0x9D)'],
    [0x9f, 'Connection rate exceeded (CONNACK 0x9F)'],
  ];

  it.each(v5)('5.0 §3.2.2.2 reason code %i reads %j', (code, text) => {
    expect(describeConnackRefusal(code, 5)).toBe(text);
  });

  it.each([0x8b, 0x8d, 0x8e, 0x9e, 0xa0, 0x04])('reason code %i is not a CONNACK code in 5.0', (code) => {
    const hex = code.toString(16).toUpperCase().padStart(2, '0');
    expect(describeConnackRefusal(code, 5)).toBe(`Unknown reason (CONNACK 0x${hex})`);
  });
});

describe('describeSubackCode', () => {
  const codes: Array<[number, string]> = [
    [0x00, 'Granted QoS 0 (SUBACK 0x00)'],
    [0x01, 'Granted QoS 1 (SUBACK 0x01)'],
    [0x02, 'Granted QoS 2 (SUBACK 0x02)'],
    [0x80, 'Failure, unspecified error (SUBACK 0x80)'],
    [0x83, 'Implementation specific error (SUBACK 0x83)'],
    [0x87, 'Not authorized (SUBACK 0x87)'],
    [0x8f, 'Topic filter invalid (SUBACK 0x8F)'],
    [0x91, 'Packet identifier in use (SUBACK 0x91)'],
    [0x97, 'Quota exceeded (SUBACK 0x97)'],
    [0x9e, 'Shared subscriptions not supported (SUBACK 0x9E)'],
    [0xa1, 'Subscription identifiers not supported (SUBACK 0xA1)'],
    [0xa2, 'Wildcard subscriptions not supported (SUBACK 0xA2)'],
  ];

  it.each(codes)('3.1.1 §3.9.3 / 5.0 §3.9.3 code %i reads %j', (code, text) => {
    expect(describeSubackCode(code)).toBe(text);
  });

  it.each([0x03, 0x86, 0xff])('names unknown code %i as unknown', (code) => {
    const hex = code.toString(16).toUpperCase().padStart(2, '0');
    expect(describeSubackCode(code)).toBe(`Unknown reason (SUBACK 0x${hex})`);
  });
});
