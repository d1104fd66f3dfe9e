/**
 * What the MQTT specification says about exchanges that span several packets, in the words the
 * packet inspector shows: each problem names the clause of the protocol version in use, so a user
 * can look it up. The flow linker (flows.ts) decides when a rule applies; this file says what it
 * means.
 */
import type { ProtocolVersion } from '../domain/profile';
import { describeConnackRefusal } from '../mqtt/reasonCodes';
import type { ClosingProblem, Direction, PacketSummary, PacketTypeName, Violation } from './packets/types';

/**
 * MQTT 3.1 has no numbered clauses and 3.1.1 only tightened its wording, so both cite 3.1.1.
 * When the version is unknown we cite 5.0, the numbering current tools and brokers quote.
 */
function is311(version: ProtocolVersion | undefined): boolean {
  return version === 3 || version === 4;
}

/** Reason codes of 0x80 and above report failure (5.0 §2.4); 3.1.1 acks carry none. */
export function isFailureCode(code: number | undefined): code is number {
  return code !== undefined && code >= 0x80;
}

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

// PUBACK/PUBREC (5.0 §3.4.2.1, §3.5.2.1) and PUBREL/PUBCOMP (§3.6.2.1, §3.7.2.1) failure codes.
const PUBLISH_ACK_FAILURES: ReadonlyMap<number, string> = new Map([
  [0x80, 'Unspecified error'],
  [0x83, 'Implementation specific error'],
  [0x87, 'Not authorized'],
  [0x90, 'Topic name invalid'],
  [0x91, 'Packet identifier in use'],
  [0x92, 'Packet identifier not found'],
  [0x97, 'Quota exceeded'],
  [0x99, 'Payload format invalid'],
]);

// What each failing ack means for the exchange, so the note says where it stopped.
const FAILURE_CONSEQUENCE: Partial<Record<PacketTypeName, string>> = {
  PUBACK: 'the receiver did not accept the message',
  // [MQTT-4.3.3-4] the sender sends PUBREL only after a PUBREC below 0x80.
  PUBREC: 'the exchange ends here, no PUBREL follows',
  PUBREL: 'the sender had no record of this exchange',
  PUBCOMP: 'the receiver had no record of this exchange',
};

/** Why an exchange ended badly at an ack with a failure reason, e.g. a v5 PUBREC 0x80. */
export function failedAck(type: PacketTypeName, code: number): string {
  const name = PUBLISH_ACK_FAILURES.get(code) ?? 'unknown reason';
  const consequence = FAILURE_CONSEQUENCE[type];
  return `${type} reason ${hex(code)} (${name})${consequence ? `: ${consequence}` : ''}`;
}

/** CONNACK codes: 3.1.1 refuses with 1–5, 5.0 with 0x80 and above; anything but 0 is a refusal. */
export function connackRefusal(code: number | undefined, version: ProtocolVersion | undefined): string | undefined {
  if (code === undefined || code === 0) return undefined;
  // Unknown version: the code itself tells the tables apart (3.1.1 stops at 5, 5.0 starts at 0x80).
  const table = version ?? (code >= 0x80 ? 5 : 4);
  return `Connection refused: ${describeConnackRefusal(code, table)}`;
}

/**
 * Is `next`, which reuses the packet id of an unfinished PUBLISH exchange, a retransmission of
 * that message? PacketSummary carries no payload, so the test is what it does carry: the same
 * QoS and the same topic. An empty topic matches any, because in 5.0 a Topic Alias may stand in
 * for the name on either copy. Two different messages to one topic under one in-flight id thus
 * read as a resend; that hides nothing, since a resend without DUP=1 is flagged anyway and a
 * different QoS or topic is flagged as reuse.
 */
export function isRetransmission(original: { qos: 1 | 2; topic?: string }, next: PacketSummary): boolean {
  if (next.qos !== original.qos) return false;
  if (!original.topic || !next.topic) return true;
  return original.topic === next.topic;
}

export const waitingFor = (expected: PacketTypeName): string => `waiting for ${expected}`;

export const connectionClosedBefore = (expected: PacketTypeName): string => `connection closed before ${expected}`;

export const resentWithoutDup = (): string => 'Resent PUBLISH without DUP=1 [MQTT-3.3.1-1]';

/**
 * A sender must give each new PUBLISH (QoS > 0), SUBSCRIBE or UNSUBSCRIBE an id it is not using.
 * The clause differs for the client (our 'out') and the server ('in').
 */
export function idReused(id: number, sender: Direction, version: ProtocolVersion | undefined): string {
  const clause = is311(version) ? (sender === 'out' ? '2.3.1-2' : '2.3.1-4') : sender === 'out' ? '2.2.1-3' : '2.2.1-4';
  return `Packet id ${id} reused while in flight [MQTT-${clause}]`;
}

/** 5.0 only: resending is required on resuming a session and forbidden at any other time. */
export const resentOnSameConnection = (type: 'PUBLISH' | 'PUBREL'): string =>
  `${type} resent on the same connection; MQTT 5 resends only after reconnecting [MQTT-4.4.0-1]`;

export function publishAfterPubrel(version: ProtocolVersion | undefined): string {
  return `PUBLISH resent after its PUBREL [MQTT-${is311(version) ? '4.3.3-1' : '4.3.3-6'}]`;
}

export function pubrelBeforePubrec(id: number, version: ProtocolVersion | undefined): string {
  return `PUBREL for packet id ${id} before any PUBREC [MQTT-${is311(version) ? '4.3.3-1' : '4.3.3-4'}]`;
}

export function pubcompBeforePubrel(id: number, version: ProtocolVersion | undefined): string {
  return `PUBCOMP for packet id ${id} before its PUBREL [MQTT-${is311(version) ? '4.3.3-2' : '4.3.3-11'}]`;
}

/**
 * Not always a fault of the sender: a capture that starts on a resumed session can see acks for
 * exchanges begun before it. So no clause, only the fact.
 */
export const unknownId = (type: PacketTypeName, id: number): string => `${type} for unknown packet id ${id}`;

export const unexpectedAck = (type: PacketTypeName, id: number, expected: PacketTypeName): string =>
  `${type} for packet id ${id}, whose exchange is waiting for ${expected}`;

export const secondConnect = (): string => 'Second CONNECT on the same connection [MQTT-3.1.0-2]';

export const unexpectedReply = (type: 'CONNACK' | 'PINGRESP', request: 'CONNECT' | 'PINGREQ'): string =>
  `${type} without a pending ${request}`;

/** An ack from the server must repeat the id of a request still waiting for it. */
export function unsolicitedAck(type: 'SUBACK' | 'UNSUBACK', id: number, version: ProtocolVersion | undefined): string {
  const request = type === 'SUBACK' ? 'SUBSCRIBE' : 'UNSUBSCRIBE';
  // 5.0 moved UNSUBACK's "same Packet Identifier" sentence into the next clause.
  const clause = type === 'SUBACK' ? '3.8.4-2' : is311(version) ? '3.10.4-4' : '3.10.4-5';
  return `${type} for packet id ${id}, which no ${request} is waiting for [MQTT-${clause}]`;
}

/** CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ travel from client to server only. */
export const clientOnlyPacket = (type: PacketTypeName): string =>
  `${type} sent by the server; only a client sends ${type} (3.1.1 §2.2.1, 5.0 §2.1.2)`;

const CLOSING_CODES: Record<ClosingProblem['reasonCode'], string> = { 0x81: 'Malformed Packet', 0x82: 'Protocol Error' };

/** Shown on the packet that made QoScope close the connection. */
export function closedOver(closing: ClosingProblem, version: ProtocolVersion | undefined): string {
  const how = version === 5 ? `sent DISCONNECT ${hex(closing.reasonCode)} (${CLOSING_CODES[closing.reasonCode]}) and closed` : 'closed';
  return `QoScope ${how} the connection: ${closing.problem}`;
}

/** Why the connection closed, as the connection list says it; `no` is the packet's capture number. */
export function brokerViolation(violation: Violation, no: number | undefined): string {
  const what = violation.reasonCode === 0x81 ? 'a malformed packet' : 'a packet that breaks the protocol';
  return `The broker sent ${what} (${violation.type}${no === undefined ? '' : ` no. ${no}`}): ${violation.problem}`;
}
