// The framer cuts a socket's byte stream into control packets using only the fixed header:
// byte 1 and the Remaining Length (MQTT 5.0 §1.5.5 and §2.1.4, MQTT 3.1.1 §2.2.3).
import { describe, expect, it } from 'vitest';
import {
  Framer,
  MAX_REMAINING_LENGTH,
  NOT_RESYNCHRONISED,
  readRemainingLength,
  REMAINING_LENGTH_TOO_LONG,
  type Frame,
} from '../../src/shared/inspector/packets/framer';

function x(hex: string): Uint8Array {
  return Uint8Array.from(hex.trim().split(/\s+/), (pair) => parseInt(pair, 16));
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
function hexOf(frames: readonly Frame[]): string[] {
  return frames.map((frame) => `${Buffer.from(frame.bytes).toString('hex')}${frame.malformed ? ` !${frame.malformed}` : ''}`);
}
function pushAll(framer: Framer, chunks: readonly Uint8Array[]): Frame[] {
  return chunks.flatMap((chunk) => framer.push(chunk));
}

// A PUBLISH whose 300-byte body needs a two-byte Remaining Length (0xAC 0x02 = 300).
const bigPublish = concat(x('30 AC 02 00 03 61 2F 62'), new Uint8Array(295).fill(0x7a));
const packets = [
  x('10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63'), // CONNECT
  x('20 02 00 00'), // CONNACK
  x('C0 00'), // PINGREQ: Remaining Length 0
  bigPublish,
  x('82 08 00 01 00 03 61 2F 23 01'), // SUBSCRIBE
  x('62 02 00 07'), // PUBREL
  x('E0 00'), // DISCONNECT
];
const stream = concat(...packets);
const expected = packets.map((packet) => Buffer.from(packet).toString('hex'));

describe('Framer', () => {
  it('frames several packets from one chunk', () => {
    expect(hexOf(new Framer().push(stream))).toEqual(expected);
  });

  it('produces the same frames whichever byte the stream is split at', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const frames = pushAll(new Framer(), [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(hexOf(frames), `split at ${cut}`).toEqual(expected);
    }
  });

  it('produces the same frames when split at every pair of positions', () => {
    for (let a = 0; a < stream.length; a += 3) {
      for (let b = a; b <= stream.length; b += 7) {
        const chunks = [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)];
        expect(hexOf(pushAll(new Framer(), chunks)), `split at ${a} and ${b}`).toEqual(expected);
      }
    }
  });

  it('with a filter, returns only the wanted packets, wherever the stream is split', () => {
    // Only CONNECT and SUBSCRIBE: the PUBLISH, PINGREQ and the rest are passed over uncopied.
    const wanted = (firstByte: number) => firstByte >> 4 === 1 || firstByte >> 4 === 8;
    const kept = [expected[0], expected[4]];
    for (let cut = 0; cut <= stream.length; cut++) {
      const frames = pushAll(new Framer(undefined, wanted), [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(hexOf(frames), `split at ${cut}`).toEqual(kept);
    }
    const oneByteAtATime = Array.from(stream, (byte) => Uint8Array.of(byte));
    expect(hexOf(pushAll(new Framer(undefined, wanted), oneByteAtATime))).toEqual(kept);
  });

  it('produces the same frames from one byte at a time', () => {
    const chunks = Array.from(stream, (byte) => Uint8Array.of(byte));
    expect(hexOf(pushAll(new Framer(), chunks))).toEqual(expected);
  });

  it('frames zero-length packets (PINGREQ c0 00), also back to back', () => {
    expect(hexOf(new Framer().push(x('C0 00 C0 00 D0 00')))).toEqual(['c000', 'c000', 'd000']);
    const framer = new Framer();
    expect(framer.push(x('C0'))).toEqual([]);
    expect(hexOf(framer.push(x('00')))).toEqual(['c000']);
  });

  it('copies frame bytes out of the chunk', () => {
    const chunk = concat(stream, x('30'));
    const [first] = new Framer().push(chunk);
    expect(first?.bytes.buffer).not.toBe(chunk.buffer);
    chunk[0] = 0xff;
    expect(first?.bytes[0]).toBe(0x10);
  });

  it('frames a non-minimal Remaining Length (0x80 0x00 for 0); the decoder flags it', () => {
    expect(hexOf(new Framer().push(x('C0 80 00 C0 00')))).toEqual(['c08000', 'c000']);
  });

  it('a fifth Remaining Length byte is malformed and the stream stays malformed', () => {
    const framer = new Framer();
    const frames = framer.push(x('C0 00 30 FF FF FF FF 7F 00 01'));
    expect(hexOf(frames)).toEqual(['c000', `30ffffffff !${REMAINING_LENGTH_TOO_LONG}`, `7f0001 !${NOT_RESYNCHRONISED}`]);
    // Even a well-formed PINGREQ cannot be trusted to start on a packet boundary now.
    expect(hexOf(framer.push(x('C0 00')))).toEqual([`c000 !${NOT_RESYNCHRONISED}`]);
    expect(framer.push(new Uint8Array())).toEqual([]);
  });

  it('detects a fifth Remaining Length byte across chunks', () => {
    const framer = new Framer();
    expect(framer.push(x('30 80'))).toEqual([]);
    expect(framer.push(x('80 80'))).toEqual([]);
    expect(hexOf(framer.push(x('80 01 02')))).toEqual([`3080808080 !${REMAINING_LENGTH_TOO_LONG}`, `0102 !${NOT_RESYNCHRONISED}`]);
    expect(hexOf(framer.push(x('C0 00')))).toEqual([`c000 !${NOT_RESYNCHRONISED}`]);
  });

  it('waits for the body of a maximum-length packet without allocating it up front', () => {
    const framer = new Framer();
    const before = process.memoryUsage().arrayBuffers;
    // 0xFF 0xFF 0xFF 0x7F = 268,435,455, the largest Remaining Length [MQTT-1.5.5 / 2.2.3].
    expect(framer.push(x('30 FF FF FF 7F 00 03 61 2F 62'))).toEqual([]);
    expect(framer.push(new Uint8Array(1000))).toEqual([]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('reassembles a large frame arriving in small chunks', () => {
    const body = new Uint8Array(3 * 1024 * 1024).map((_, i) => i & 0xff);
    const header = x('30 80 80 C0 01'); // 3 * 1024 * 1024 = 0x300000
    const whole = concat(header, body, x('C0 00'));
    const framer = new Framer();
    const frames: Frame[] = [];
    for (let at = 0; at < whole.length; at += 1500) frames.push(...framer.push(whole.subarray(at, at + 1500)));
    expect(frames).toHaveLength(2);
    expect(frames[0]?.bytes.length).toBe(header.length + body.length);
    expect(Buffer.compare(frames[0]?.bytes ?? new Uint8Array(), whole.subarray(0, header.length + body.length))).toBe(0);
    expect(hexOf(frames.slice(1))).toEqual(['c000']);
  });
});

describe('readRemainingLength', () => {
  it.each([
    ['00', 0, 1],
    ['7F', 127, 1],
    ['80 01', 128, 2],
    ['FF 7F', 16_383, 2],
    ['80 80 01', 16_384, 3],
    ['FF FF 7F', 2_097_151, 3],
    ['80 80 80 01', 2_097_152, 4],
    ['FF FF FF 7F', MAX_REMAINING_LENGTH, 4],
  ])('%s is %i in %i bytes (§1.5.5 table)', (hex, value, length) => {
    expect(readRemainingLength(x(`30 ${hex}`), 1)).toEqual({ value, length, minimal: true });
  });

  it('[MQTT-1.5.5-1] flags a non-minimal encoding', () => {
    expect(readRemainingLength(x('80 00'), 0)).toEqual({ value: 0, length: 2, minimal: false });
    expect(readRemainingLength(x('82 80 00'), 0)).toEqual({ value: 2, length: 3, minimal: false });
  });

  it('needs more bytes while every byte so far has the continuation bit', () => {
    expect(readRemainingLength(x('30'), 1)).toBeUndefined();
    expect(readRemainingLength(x('30 80 80 80'), 1)).toBeUndefined();
  });

  it('is an error once four bytes all continue, before a fifth arrives', () => {
    expect(readRemainingLength(x('30 80 80 80 80'), 1)).toEqual({ error: REMAINING_LENGTH_TOO_LONG });
    expect(readRemainingLength(x('30 FF FF FF FF 7F'), 1)).toEqual({ error: REMAINING_LENGTH_TOO_LONG });
  });
});
