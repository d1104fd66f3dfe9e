/**
 * Writes a capture as pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html)
 * that Wireshark and tshark open as MQTT whatever the broker's port.
 *
 * The inspector records whole MQTT control packets, not IP datagrams, and Wireshark only hands
 * TCP to its MQTT dissector on port 1883 unless the user knows *Decode As*. So each packet goes in
 * a frame of Wireshark's exported-PDU link type, whose tags name the dissector ("mqtt") and carry
 * the connection's real addresses and TCP ports: nothing about the network is invented. Over
 * WebSocket and TLS the capture holds the MQTT bytes inside the frames and records, which is what
 * "mqtt" promises, and the addresses and ports are those of the TCP connection underneath.
 * Nothing here imports electron: the export also runs in browser mode.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { CapturedPacket } from '../../shared/inspector/packets/types';

import type { SocketEndpoints } from '../wire/wireObservers';

export type { SocketEndpoints };

export type PcapngOptions = {
  /** Recorded as shb_userappl, shown by Wireshark's capture file properties. */
  appName?: string;
  /** Recorded as the section's comment. */
  comment?: string;
};

// Block types and option codes from the pcapng specification.
const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const EPB_FLAGS = 2;
const EPB_INBOUND = 1;
const EPB_OUTBOUND = 2;

/** LINKTYPE_WIRESHARK_UPPER_PDU: a list of tags, then the bytes for the dissector they name. */
const LINKTYPE_WIRESHARK_UPPER_PDU = 252;

// Exported-PDU tags (Wireshark's exported_pdu_tlvs.h): 16-bit type and length, big-endian, the
// value padded to 32 bits, the list ended by tag 0 with length 0.
const TAG_END = 0;
const TAG_DISSECTOR_NAME = 12;
const TAG_IPV4_SRC = 20;
const TAG_IPV4_DST = 21;
const TAG_IPV6_SRC = 22;
const TAG_IPV6_DST = 23;
const TAG_PORT_TYPE = 24;
const TAG_SRC_PORT = 25;
const TAG_DST_PORT = 26;
/** EXP_PDU_PT_TCP: the ports are TCP ports (MQTT, MQTT over TLS and over WebSocket all run on TCP). */
const PORT_TYPE_TCP = 2;
const DISSECTOR = 'mqtt';

/**
 * The most Wireshark reads of one frame (its standard maximum snapshot length) before calling the
 * whole file damaged. A larger MQTT packet is cut there, with its full length kept as the frame's
 * original length, so Wireshark decodes its header and shows it as limited during capture.
 */
const MAX_FRAME = 262_144;

/**
 * if_tsresol 6 = microseconds. A capture time is a double of ms since the epoch, whose spacing
 * near today's dates is about 0.24 µs, so a finer resolution would only record rounding noise.
 */
const TS_RESOLUTION_DIGITS = 6;

/** A 4- (IPv4) or 16-byte (IPv6) address. */
type Address = Uint8Array;

type ResolvedEndpoints = { clientAddress: Address; serverAddress: Address; clientPort: number; serverPort: number };

/** One frame of the output, planned first so the file's size is known before writing. */
type Frame = {
  fromClient: boolean;
  /** Timestamp in if_tsresol units (µs). */
  time: bigint;
  /** Exported-PDU tags, ending with the end tag. */
  tags: Buffer;
  /** A view into the captured bytes, cut to fit the frame; never copied until it is written. */
  payload: Uint8Array;
  originalLength: number;
  options: Option[];
};

/**
 * Builds a pcapng file: one section, one exported-PDU interface, and an Enhanced Packet Block per
 * captured MQTT packet. `packets` are expected in the order they crossed the wire and to come
 * from one connection (its sockets are told apart by `socket` alone).
 */
export function writePcapng(
  packets: readonly CapturedPacket[],
  endpointsOfSocket: (socket: number) => SocketEndpoints | undefined,
  options: PcapngOptions = {},
): Buffer {
  const frames = planFrames(packets, endpointsOfSocket);

  const shbOptions = [
    ...(options.comment ? [textOption(OPT_COMMENT, options.comment)] : []),
    ...(options.appName ? [textOption(SHB_USERAPPL, options.appName)] : []),
  ];
  const idbOptions = [
    textOption(IF_NAME, 'qoscope'),
    textOption(IF_DESCRIPTION, 'MQTT packets captured by QoScope, one per frame, with the addresses and ports of their TCP connection'),
    { code: IF_TSRESOL, value: Buffer.from([TS_RESOLUTION_DIGITS]) },
  ];

  const shbSize = 28 + optionsSize(shbOptions);
  const idbSize = 20 + optionsSize(idbOptions);
  let sectionSize = idbSize;
  for (const frame of frames) sectionSize += epbSize(frame);
  const out = Buffer.alloc(shbSize + sectionSize);

  let offset = writeShb(out, 0, shbSize, sectionSize, shbOptions);
  offset = writeIdb(out, offset, idbSize, idbOptions);
  for (const frame of frames) offset = writeEpb(out, offset, frame);
  // The sizes above and the writers below must agree, or the file would be corrupt.
  if (offset !== out.length) throw new Error(`pcapng: wrote ${offset} bytes, planned ${out.length}`);
  return out;
}

function planFrames(packets: readonly CapturedPacket[], endpointsOfSocket: (socket: number) => SocketEndpoints | undefined): Frame[] {
  const endpoints = new Map<number, ResolvedEndpoints | undefined>();
  return packets.map((packet) => {
    if (!endpoints.has(packet.socket)) {
      const reported = endpointsOfSocket(packet.socket);
      endpoints.set(packet.socket, reported && resolveEndpoints(reported));
    }
    const fromClient = packet.direction === 'out';
    const tags = pduTags(endpoints.get(packet.socket), fromClient);
    const room = MAX_FRAME - tags.length;
    const payload = packet.bytes.length > room ? packet.bytes.subarray(0, room) : packet.bytes;
    const comments = [
      ...(packet.malformed ? [`malformed: ${packet.malformed}`] : []),
      ...(payload.length < packet.bytes.length
        ? [`${packet.bytes.length} bytes; the first ${payload.length} are kept, the most Wireshark reads of one frame (the JSON export holds them all)`]
        : []),
    ];
    return {
      fromClient,
      time: toMicroseconds(packet.time),
      tags,
      payload,
      originalLength: tags.length + packet.bytes.length,
      options: [...comments.map((text) => textOption(OPT_COMMENT, text)), fromClient ? OUTBOUND_FLAGS : INBOUND_FLAGS],
    };
  });
}

/**
 * The dissector's name, then, when the socket reported where it ran, both addresses and ports.
 * A socket that reported nothing gets no address tags rather than made-up ones.
 */
function pduTags(endpoints: ResolvedEndpoints | undefined, fromClient: boolean): Buffer {
  const tags: Buffer[] = [tag(TAG_DISSECTOR_NAME, Buffer.from(DISSECTOR, 'ascii'))];
  if (endpoints) {
    const ipv6 = endpoints.clientAddress.length === 16;
    const [source, destination] = fromClient ? [endpoints.clientAddress, endpoints.serverAddress] : [endpoints.serverAddress, endpoints.clientAddress];
    const [sourcePort, destinationPort] = fromClient ? [endpoints.clientPort, endpoints.serverPort] : [endpoints.serverPort, endpoints.clientPort];
    tags.push(
      tag(ipv6 ? TAG_IPV6_SRC : TAG_IPV4_SRC, Buffer.from(source)),
      tag(ipv6 ? TAG_IPV6_DST : TAG_IPV4_DST, Buffer.from(destination)),
      tag(TAG_PORT_TYPE, uint32BE(PORT_TYPE_TCP)),
      tag(TAG_SRC_PORT, uint32BE(sourcePort)),
      tag(TAG_DST_PORT, uint32BE(destinationPort)),
    );
  }
  tags.push(tag(TAG_END, Buffer.alloc(0)));
  return Buffer.concat(tags);
}

function tag(type: number, value: Buffer): Buffer {
  const out = Buffer.alloc(4 + pad4(value.length));
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(value.length, 2);
  value.copy(out, 4);
  return out;
}

function uint32BE(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** Parses the reported endpoints; undefined when they cannot be written (bad address or port). */
function resolveEndpoints(endpoints: SocketEndpoints): ResolvedEndpoints | undefined {
  let client = parseAddress(endpoints.clientAddress);
  let server = parseAddress(endpoints.serverAddress);
  if (!client || !server || !isPort(endpoints.clientPort) || !isPort(endpoints.serverPort)) return undefined;
  // A dual-stack Node socket reports IPv4 peers as ::ffff:a.b.c.d, but on the wire those are
  // IPv4 packets; write them as such so Wireshark shows the addresses the network saw.
  const clientV4 = client.length === 4 ? client : unmapIpv4(client);
  const serverV4 = server.length === 4 ? server : unmapIpv4(server);
  if (clientV4 && serverV4) {
    client = clientV4;
    server = serverV4;
  } else {
    // One side is a real IPv6 address: both tags of a frame are of one family, so map the other.
    client = client.length === 4 ? mapIpv4(client) : client;
    server = server.length === 4 ? mapIpv4(server) : server;
  }
  return { clientAddress: client, serverAddress: server, clientPort: endpoints.clientPort, serverPort: endpoints.serverPort };
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port <= 0xffff;
}

// ---------------------------------------------------------------------------------------------
// Writing blocks. Everything is little-endian; the byte-order magic tells readers so.

type Option = { code: number; value: Buffer };

function textOption(code: number, text: string): Option {
  return { code, value: Buffer.from(text, 'utf8') };
}

/** Each option is code, length, value padded to 32 bits; a non-empty list ends with opt_endofopt. */
function optionsSize(options: readonly Option[]): number {
  if (options.length === 0) return 0;
  return options.reduce((size, option) => size + 4 + pad4(option.value.length), 0) + 4;
}

function writeOptions(out: Buffer, offset: number, options: readonly Option[]): number {
  if (options.length === 0) return offset;
  for (const option of options) {
    out.writeUInt16LE(option.code, offset);
    out.writeUInt16LE(option.value.length, offset + 2);
    option.value.copy(out, offset + 4);
    offset += 4 + pad4(option.value.length); // padding stays zero: the buffer was zero-filled
  }
  out.writeUInt16LE(OPT_ENDOFOPT, offset);
  out.writeUInt16LE(0, offset + 2);
  return offset + 4;
}

function writeShb(out: Buffer, offset: number, size: number, sectionSize: number, options: readonly Option[]): number {
  out.writeUInt32LE(BLOCK_SHB, offset);
  out.writeUInt32LE(size, offset + 4);
  out.writeUInt32LE(BYTE_ORDER_MAGIC, offset + 8);
  out.writeUInt16LE(1, offset + 12); // major version
  out.writeUInt16LE(0, offset + 14); // minor version
  // Section length: the bytes after this block, known because the whole file is planned first.
  out.writeBigUInt64LE(BigInt(sectionSize), offset + 16);
  const end = writeOptions(out, offset + 24, options);
  out.writeUInt32LE(size, end);
  return end + 4;
}

function writeIdb(out: Buffer, offset: number, size: number, options: readonly Option[]): number {
  out.writeUInt32LE(BLOCK_IDB, offset);
  out.writeUInt32LE(size, offset + 4);
  out.writeUInt16LE(LINKTYPE_WIRESHARK_UPPER_PDU, offset + 8);
  out.writeUInt16LE(0, offset + 10); // reserved
  out.writeUInt32LE(MAX_FRAME, offset + 12); // snaplen: what planFrames cuts larger packets to
  const end = writeOptions(out, offset + 16, options);
  out.writeUInt32LE(size, end);
  return end + 4;
}

// epb_flags carries the direction, as seen from the client, where QoScope captured.
const OUTBOUND_FLAGS: Option = { code: EPB_FLAGS, value: uint32LE(EPB_OUTBOUND) };
const INBOUND_FLAGS: Option = { code: EPB_FLAGS, value: uint32LE(EPB_INBOUND) };

function uint32LE(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

function capturedLength(frame: Frame): number {
  return frame.tags.length + frame.payload.length;
}

function epbSize(frame: Frame): number {
  return 32 + pad4(capturedLength(frame)) + optionsSize(frame.options);
}

function writeEpb(out: Buffer, offset: number, frame: Frame): number {
  const size = epbSize(frame);
  const captured = capturedLength(frame);
  out.writeUInt32LE(BLOCK_EPB, offset);
  out.writeUInt32LE(size, offset + 4);
  out.writeUInt32LE(0, offset + 8); // interface 0, the only one
  out.writeUInt32LE(Number(frame.time >> 32n), offset + 12);
  out.writeUInt32LE(Number(frame.time & 0xffffffffn), offset + 16);
  out.writeUInt32LE(captured, offset + 20);
  out.writeUInt32LE(frame.originalLength, offset + 24);
  frame.tags.copy(out, offset + 28);
  out.set(frame.payload, offset + 28 + frame.tags.length);
  const end = writeOptions(out, offset + 28 + pad4(captured), frame.options);
  out.writeUInt32LE(size, end);
  return end + 4;
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function pad4(length: number): number {
  return (length + 3) & ~3;
}

/** ms since the epoch (fractional) to whole microseconds; a non-finite or negative time becomes 0. */
function toMicroseconds(ms: number): bigint {
  const us = Math.round(ms * 1000);
  return Number.isFinite(us) && us > 0 ? BigInt(us) : 0n;
}

function parseAddress(text: string): Address | undefined {
  // Accept a bracketed literal and drop an IPv6 zone (fe80::1%eth0): neither is part of the address bytes.
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return Uint8Array.from(bare.split('.').map(Number));
  if (isIPv6(bare)) return parseIpv6(bare);
  return undefined;
}

/** Expands a valid IPv6 literal (validated by node:net) into its 16 bytes. */
function parseIpv6(text: string): Address | undefined {
  let literal = text;
  // A trailing dotted quad (::ffff:1.2.3.4) stands for the last two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(literal);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    literal = `${literal.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = literal.split('::') as [string, string | undefined];
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const all = [...headGroups, ...new Array<number>(missing).fill(0), ...tailGroups];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), if it is one. */
function unmapIpv4(address: Address): Address | undefined {
  for (let i = 0; i < 10; i++) if (address[i] !== 0) return undefined;
  if (address[10] !== 0xff || address[11] !== 0xff) return undefined;
  return address.slice(12);
}

function mapIpv4(address: Address): Address {
  const mapped = new Uint8Array(16);
  mapped[10] = 0xff;
  mapped[11] = 0xff;
  mapped.set(address, 12);
  return mapped;
}
