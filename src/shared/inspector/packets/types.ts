/**
 * The packet inspector's vocabulary, shared by the engine (which captures) and the UI (which
 * decodes and draws). Everything here is plain data so it crosses any transport.
 */

export type Direction = 'in' | 'out';

/** MQTT control packet types, by the value of the fixed header's upper 4 bits. */
export const PACKET_TYPES = [
  'RESERVED',
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const;
export type PacketTypeName = (typeof PACKET_TYPES)[number];

/** One control packet exactly as it crossed the socket. */
export type CapturedPacket = {
  connectionId: string;
  /** Per-connection capture number, from 1, in the order packets crossed the socket. */
  no: number;
  direction: Direction;
  /** ms since the epoch, sub-ms precision, when the packet's last byte was read or written. */
  time: number;
  /** Which network connection of the session (1 = first connect, 2 = first reconnect, …). */
  socket: number;
  /** The whole frame: fixed header, Remaining Length, variable header, payload. */
  bytes: Uint8Array;
  /** Set when the bytes could not be framed as an MQTT packet (they are kept as they were). */
  malformed?: string;
};

/** One named field of a decoded packet and the bytes it occupies: [start, end) in the frame. */
export type Field = {
  name: string;
  /** Human-readable value, e.g. "2 (exactly once)", "home/kitchen", "0x62". */
  value: string;
  start: number;
  end: number;
  children?: Field[];
  /** A protocol problem with this field, in words, citing the spec where possible. */
  problem?: string;
  /** True for values hidden unless the user reveals them (CONNECT password). */
  secret?: boolean;
};

/** What the packet list and the flow linker need, decoded once per packet. */
export type PacketSummary = {
  type: PacketTypeName;
  /** Fixed header flag bits (lower 4 bits of byte 0). */
  flags: number;
  packetId?: number;
  qos?: 0 | 1 | 2;
  dup?: boolean;
  retain?: boolean;
  topic?: string;
  /** Reason/return code, for acks and CONNACK/DISCONNECT. */
  reasonCode?: number;
  /** One line for the list, e.g. "QoS 2 home/kitchen (4 B)". */
  summary: string;
  /** Problems found in this packet alone (reserved bits, non-minimal length, malformed). */
  problems: string[];
};

/**
 * A problem that obliges the receiver to close the network connection: 0x81 Malformed Packet (the
 * bytes cannot be read as the protocol says) or 0x82 Protocol Error (they can, but break a rule).
 * MQTT 5 sends DISCONNECT with that code first (5.0 §4.13); MQTT 3.1.1 just closes (§4.8).
 */
export type ClosingProblem = { reasonCode: 0x81 | 0x82; problem: string };

/** A closing problem found on a packet the server sent. */
export type Violation = ClosingProblem & { type: PacketTypeName };

export type DecodedPacket = PacketSummary & {
  fields: Field[];
  /** The first of `problems` that obliges a receiver to close the connection, if any. */
  closes?: ClosingProblem;
};

/** How many packets a connection's capture keeps, and how many it had to drop. */
export type CaptureCounts = {
  kept: number;
  total: number;
  dropped: number;
  capacity: number;
  /** `no` of the newest packet kept (0 when there is none). */
  lastNo: number;
};

/** A packet as the list shows it: decoded once in the engine, bytes fetched only on selection. */
export type PacketRow = {
  connectionId: string;
  no: number;
  direction: Direction;
  time: number;
  socket: number;
  length: number;
  type: PacketTypeName;
  packetId?: number;
  topic?: string;
  summary: string;
  /** This packet's own problems and those the flow linker found (resend without DUP, …). */
  problems: string[];
  flowId?: number;
  malformed?: boolean;
};

