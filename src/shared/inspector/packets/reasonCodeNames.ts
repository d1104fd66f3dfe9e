// Reason codes by name, per packet type. MQTT 5.0 gives every ack a Reason Code (§2.4) and each
// packet type allows only some of them; 3.1.1 has return codes in CONNACK and SUBACK only.
// CONNACK and SUBACK wording lives in mqtt/reasonCodes.ts (the connection UI shows it too).

import { describeConnackRefusal, describeSubackCode } from '../../mqtt/reasonCodes';
import { hex2 } from './byteReader';

export type ReasonCodePacket =
  | 'CONNACK' | 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP' | 'SUBACK' | 'UNSUBACK' | 'DISCONNECT' | 'AUTH';

type OwnPacket = Exclude<ReasonCodePacket, 'CONNACK' | 'SUBACK'>;

const PUB: readonly OwnPacket[] = ['PUBACK', 'PUBREC'];
const PUB_UNSUB_DISCONNECT: readonly OwnPacket[] = ['PUBACK', 'PUBREC', 'UNSUBACK', 'DISCONNECT'];

// MQTT 5.0 §2.4, Table 2-6, for the packets whose words are not shared with the connection UI.
// 0x00 is named per packet below because DISCONNECT calls it "Normal disconnection".
const V5: ReadonlyMap<number, { name: string; packets: readonly OwnPacket[] }> = new Map([
  [0x04, { name: 'Disconnect with Will Message', packets: ['DISCONNECT'] }],
  [0x10, { name: 'No matching subscribers', packets: PUB }],
  [0x11, { name: 'No subscription existed', packets: ['UNSUBACK'] }],
  [0x18, { name: 'Continue authentication', packets: ['AUTH'] }],
  [0x19, { name: 'Re-authenticate', packets: ['AUTH'] }],
  [0x80, { name: 'Unspecified error', packets: PUB_UNSUB_DISCONNECT }],
  [0x81, { name: 'Malformed Packet', packets: ['DISCONNECT'] }],
  [0x82, { name: 'Protocol Error', packets: ['DISCONNECT'] }],
  [0x83, { name: 'Implementation specific error', packets: PUB_UNSUB_DISCONNECT }],
  [0x87, { name: 'Not authorized', packets: PUB_UNSUB_DISCONNECT }],
  [0x89, { name: 'Server busy', packets: ['DISCONNECT'] }],
  [0x8b, { name: 'Server shutting down', packets: ['DISCONNECT'] }],
  [0x8c, { name: 'Bad authentication method', packets: ['DISCONNECT'] }],
  [0x8d, { name: 'Keep Alive timeout', packets: ['DISCONNECT'] }],
  [0x8e, { name: 'Session taken over', packets: ['DISCONNECT'] }],
  [0x8f, { name: 'Topic Filter invalid', packets: ['UNSUBACK', 'DISCONNECT'] }],
  [0x90, { name: 'Topic Name invalid', packets: ['PUBACK', 'PUBREC', 'DISCONNECT'] }],
  [0x91, { name: 'Packet Identifier in use', packets: ['PUBACK', 'PUBREC', 'UNSUBACK'] }],
  [0x92, { name: 'Packet Identifier not found', packets: ['PUBREL', 'PUBCOMP'] }],
  [0x93, { name: 'Receive Maximum exceeded', packets: ['DISCONNECT'] }],
  [0x94, { name: 'Topic Alias invalid', packets: ['DISCONNECT'] }],
  [0x95, { name: 'Packet too large', packets: ['DISCONNECT'] }],
  [0x96, { name: 'Message rate too high', packets: ['DISCONNECT'] }],
  [0x97, { name: 'Quota exceeded', packets: ['PUBACK', 'PUBREC', 'DISCONNECT'] }],
  [0x98, { name: 'Administrative action', packets: ['DISCONNECT'] }],
  [0x99, { name: 'Payload format invalid', packets: ['PUBACK', 'PUBREC', 'DISCONNECT'] }],
  [0x9a, { name: 'Retain not supported', packets: ['DISCONNECT'] }],
  [0x9b, { name: 'QoS not supported', packets: ['DISCONNECT'] }],
  [0x9c, { name: 'Use another server', packets: ['DISCONNECT'] }],
  [0x9d, { name: 'Server moved', packets: ['DISCONNECT'] }],
  [0x9e, { name: 'Shared Subscriptions not supported', packets: ['DISCONNECT'] }],
  [0x9f, { name: 'Connection rate exceeded', packets: ['DISCONNECT'] }],
  [0xa0, { name: 'Maximum connect time', packets: ['DISCONNECT'] }],
  [0xa1, { name: 'Subscription Identifiers not supported', packets: ['DISCONNECT'] }],
  [0xa2, { name: 'Wildcard Subscriptions not supported', packets: ['DISCONNECT'] }],
]);

/** 3.1.1 SUBACK allows only these [MQTT-3.9.3-2]; 5.0 adds failure reasons. */
const SUBACK_V311 = new Set([0x00, 0x01, 0x02, 0x80]);
const UNKNOWN = 'Unknown reason';

export type ReasonCodeText = {
  /** e.g. "No matching subscribers (PUBACK 0x10)": the code stays in the text to be searchable. */
  text: string;
  /** False when the code is not one this packet type may carry in this protocol version. */
  known: boolean;
};

export function describeReasonCode(packet: ReasonCodePacket, code: number, version: 3 | 4 | 5): ReasonCodeText {
  if (packet === 'CONNACK') {
    const text = describeConnackRefusal(code, version);
    return { text, known: !text.startsWith(UNKNOWN) };
  }
  if (packet === 'SUBACK') {
    const text = describeSubackCode(code);
    return { text, known: version === 5 ? !text.startsWith(UNKNOWN) : SUBACK_V311.has(code) };
  }
  const label = `(${packet} ${hex2(code)})`;
  if (code === 0x00) return { text: `${packet === 'DISCONNECT' ? 'Normal disconnection' : 'Success'} ${label}`, known: true };
  // A code defined for other packets keeps its name, so "not allowed here" reads clearly.
  const entry = V5.get(code);
  if (entry) return { text: `${entry.name} ${label}`, known: entry.packets.includes(packet) };
  return { text: `${UNKNOWN} ${label}`, known: false };
}
