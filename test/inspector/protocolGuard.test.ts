/**
 * The guard decides which of the broker's bytes the MQTT client may read. The packets before a
 * bad one must still get through, however the bytes are cut into chunks; nothing from the bad
 * one on may.
 */
import { describe, expect, it } from 'vitest';
import { ProtocolGuard } from '../../src/shared/inspector/protocolGuard';

const CONNACK = [0x20, 0x02, 0x00, 0x00];
const PINGRESP = [0xd0, 0x00];
const QOS3_PUBLISH = [0x36, 0x06, 0x00, 0x01, 0x74, 0x00, 0x01, 0x78];
const SUBSCRIBE_ID_9 = [0x82, 0x06, 0x00, 0x09, 0x00, 0x01, 0x74, 0x01];
const SUBACK_ID_9 = [0x90, 0x03, 0x00, 0x09, 0x01];

const bytes = (...parts: number[][]): Uint8Array => new Uint8Array(parts.flat());

describe('ProtocolGuard', () => {
  it('[MQTT-3.3.1-4] passes the packets before a QoS 3 PUBLISH in the same chunk, and withholds it and all after', () => {
    const guard = new ProtocolGuard(4);
    const first = guard.received(bytes(CONNACK, PINGRESP, QOS3_PUBLISH, PINGRESP));
    expect(first.accepted).toBe(CONNACK.length + PINGRESP.length);
    expect(first.violation).toMatchObject({ type: 'PUBLISH', reasonCode: 0x81 });
    expect(first.frames.map((f) => f.violation !== undefined)).toEqual([false, false, true, false]);
    expect(guard.received(bytes(PINGRESP)).accepted).toBe(0);
  });

  it('withholds a bad packet that started in an earlier chunk, byte by byte', () => {
    const guard = new ProtocolGuard(4);
    const stream = bytes(CONNACK, QOS3_PUBLISH);
    const accepted = [...stream].map((byte) => guard.received(new Uint8Array([byte])).accepted);
    // Every byte up to the last of the PUBLISH is passed on before it can be judged; the last is not, so it is never complete.
    expect(accepted.reduce((sum, n) => sum + n, 0)).toBe(stream.length - 1);
    expect(accepted.at(-1)).toBe(0);
  });

  it('[MQTT-3.8.4-2] accepts the SUBACK of a SUBSCRIBE it saw sent, once', () => {
    const guard = new ProtocolGuard(4);
    guard.sent(bytes(SUBSCRIBE_ID_9));
    expect(guard.received(bytes(SUBACK_ID_9)).violation).toBeUndefined();
    expect(guard.received(bytes(SUBACK_ID_9)).violation).toMatchObject({ type: 'SUBACK', reasonCode: 0x82 });
  });

  it('refuses a packet only clients send', () => {
    const guard = new ProtocolGuard(5);
    expect(guard.received(bytes([0xc0, 0x00])).violation?.problem).toContain('only a client sends PINGREQ');
  });

  it('tolerates what breaks no closing rule: a non-minimal Remaining Length', () => {
    const guard = new ProtocolGuard(4);
    const received = guard.received(bytes([0xd0, 0x80, 0x00]));
    expect(received).toMatchObject({ accepted: 3 });
    expect(received.violation).toBeUndefined();
  });
});
