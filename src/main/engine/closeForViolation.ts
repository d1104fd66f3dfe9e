import type { Duplex } from 'node:stream';
import mqttPacket from 'mqtt-packet';
import type { ProtocolVersion } from '../../shared/domain/profile';
import type { Violation } from '../../shared/inspector/packets/types';

/** How long the DISCONNECT may take to leave before the socket is destroyed regardless. */
const FLUSH_GRACE_MS = 500;

/**
 * Closes a network connection whose broker broke the protocol. MQTT 5 says why first, with
 * DISCONNECT 0x81 Malformed Packet or 0x82 Protocol Error (5.0 §4.13); MQTT 3.1.1 has no words for
 * it and just closes (§4.8), since its DISCONNECT would mean a normal end. Goes around MQTT.js on
 * purpose: its end() would wait for acks a broker like this may never send.
 */
export function closeForViolation(stream: Duplex, violation: Violation, protocolVersion: ProtocolVersion, maximumPacketSize?: number): void {
  if (stream.destroyed) return;
  // Written through write(), which the wire tap sees, so the packets view shows the DISCONNECT.
  if (protocolVersion === 5) stream.write(disconnectPacket(violation, maximumPacketSize));
  const timer = setTimeout(() => stream.destroy(), FLUSH_GRACE_MS);
  stream.once('close', () => clearTimeout(timer));
  stream.end(() => stream.destroy());
}

function disconnectPacket(violation: Violation, maximumPacketSize: number | undefined): Buffer {
  const bare = { cmd: 'disconnect' as const, reasonCode: violation.reasonCode };
  const explained = mqttPacket.generate({ ...bare, properties: { reasonString: violation.problem } }, { protocolVersion: 5 });
  // A Reason String must not push the packet past the broker's Maximum Packet Size [MQTT-3.14.2-3].
  if (maximumPacketSize === undefined || explained.length <= maximumPacketSize) return explained;
  return mqttPacket.generate(bare, { protocolVersion: 5 });
}
