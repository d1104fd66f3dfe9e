/**
 * Writes a capture as pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html)
 * so Wireshark and tshark can open it.
 *
 * The inspector records whole MQTT control packets, not IP datagrams, so the TCP/IP around them is
 * synthesised: per socket a three-way handshake, then every packet as the payload of one or more
 * TCP segments with consistent sequence and acknowledgement numbers and valid checksums, so that
 * Wireshark's TCP reassembly hands the bytes to its MQTT dissector exactly as they crossed the
 * wire. Nothing here imports electron: the export also runs in browser mode.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { CapturedPacket } from '../../shared/inspector/types';

/**
 * Where one network connection ran, as the socket reported it. Structurally the same as the
 * engine's type, so the capture's endpoint map can be passed straight in.
 */
export type SocketEndpoints = { clientAddress: string; clientPort: number; serverAddress: string; serverPort: number };

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

/**
 * LINKTYPE_RAW (101): each packet starts with an IPv4 or IPv6 header, told apart by the version
 * nibble. That needs no invented MAC addresses, lets one interface carry IPv4 and IPv6 sockets
 * side by side, and is decoded by every Wireshark and tcpdump release.
 */
const LINKTYPE_RAW = 101;

/**
 * if_tsresol 6 = microseconds. A capture time is a double of ms since the epoch, whose spacing
 * near today's dates is about 0.24 µs, so a finer resolution would only record rounding noise.
 */
const TS_RESOLUTION_DIGITS = 6;

const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const TCP_HEADER = 20;
/** SYN options: MSS (4 bytes), NOP (1), window scale (3). */
const TCP_SYN_OPTIONS = 8;
/**
 * Largest TCP payload per segment: an IPv4 datagram's 16-bit total length (65,535) minus the IPv4
 * and TCP headers. Also below IPv6's limit (payload length 65,535 minus the TCP header), so one
 * value serves both families. Larger MQTT packets are split across several segments.
 */
const MAX_SEGMENT_PAYLOAD = 65_535 - IPV4_HEADER - TCP_HEADER;
/**
 * Window scale shift announced in the SYNs (the RFC 7323 maximum): a 65,535 window scaled by 2^14
 * is about 1 GiB, more than MQTT's 256 MB packet limit, so a large packet sent in several segments
 * without an ACK in between does not look like a full receive window to Wireshark's analysis.
 */
const WINDOW_SCALE = 14;
const WINDOW = 0xffff;

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_PSH = 0x08;
const TCP_ACK = 0x10;

const MQTT_DISCONNECT = 14;
const PLACEHOLDER_CLIENT_PORT_BASE = 50_000;
const PLACEHOLDER_SERVER_PORT = 1883;

/** A 4- (IPv4) or 16-byte (IPv6) address. */
type Address = Uint8Array;

/** One TCP connection as written to the file. */
type Stream = {
  ipv6: boolean;
  clientAddress: Address;
  serverAddress: Address;
  clientPort: number;
  serverPort: number;
  /** Next sequence number each side will send (mod 2^32). */
  clientNext: number;
  serverNext: number;
  /** IPv4 identification counters, one per sending side. */
  clientIpId: number;
  serverIpId: number;
};

/** One packet of the output, planned first so the file's size is known before writing. */
type Segment = {
  stream: Stream;
  fromClient: boolean;
  /** Timestamp in if_tsresol units (µs). */
  time: bigint;
  seq: number;
  ack: number;
  flags: number;
  /** A view into the captured bytes; never copied until it is written into the output. */
  payload: Uint8Array;
  comment: Buffer | undefined;
};

/**
 * Builds a pcapng file: one section, one LINKTYPE_RAW interface, and an Enhanced Packet Block per
 * synthetic TCP segment. `packets` are expected in the order they crossed the wire and to come
 * from one connection (its sockets are told apart by `socket` alone).
 */
export function writePcapng(
  packets: readonly CapturedPacket[],
  endpointsOfSocket: (socket: number) => SocketEndpoints | undefined,
  options: PcapngOptions = {},
): Buffer {
  const segments = planSegments(packets, endpointsOfSocket);

  const shbOptions = [
    ...(options.comment ? [textOption(OPT_COMMENT, options.comment)] : []),
    ...(options.appName ? [textOption(SHB_USERAPPL, options.appName)] : []),
  ];
  const idbOptions = [
    textOption(IF_NAME, 'qoscope'),
    textOption(IF_DESCRIPTION, 'MQTT packets captured by QoScope; the TCP/IP headers are synthesised'),
    { code: IF_TSRESOL, value: Buffer.from([TS_RESOLUTION_DIGITS]) },
  ];

  const shbSize = 28 + optionsSize(shbOptions);
  const idbSize = 20 + optionsSize(idbOptions);
  let sectionSize = idbSize;
  for (const segment of segments) sectionSize += epbSize(segment);
  const out = Buffer.alloc(shbSize + sectionSize);

  let offset = writeShb(out, 0, shbSize, sectionSize, shbOptions);
  offset = writeIdb(out, offset, idbSize, idbOptions);
  for (const segment of segments) offset = writeEpb(out, offset, segment);
  // The sizes above and the writers below must agree, or the file would be corrupt.
  if (offset !== out.length) throw new Error(`pcapng: wrote ${offset} bytes, planned ${out.length}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Planning: which TCP segments to write.

function planSegments(
  packets: readonly CapturedPacket[],
  endpointsOfSocket: (socket: number) => SocketEndpoints | undefined,
): Segment[] {
  // Index of each socket's last packet, to close it there: a socket that a later one replaced has
  // certainly ended, and one whose last packet is a DISCONNECT was about to be closed.
  const lastIndex = new Map<number, number>();
  packets.forEach((packet, index) => lastIndex.set(packet.socket, index));
  let lastSocket: number | undefined;
  for (const packet of packets) if (lastSocket === undefined || packet.socket > lastSocket) lastSocket = packet.socket;

  const streams = new Map<number, Stream>();
  const segments: Segment[] = [];
  // Real packets keep their own times, whatever their order. Synthetic ones placed "just before"
  // a real one are kept from going back past what was already written, so a reconnect within
  // microseconds of the previous socket's close does not sort its SYN ahead of that close.
  let previousTime = 0n;

  packets.forEach((packet, index) => {
    const time = toMicroseconds(packet.time);
    let stream = streams.get(packet.socket);
    if (!stream) {
      stream = openStream(packet.socket, endpointsOfSocket(packet.socket));
      streams.set(packet.socket, stream);
      const handshake = handshakeSegments(stream, time);
      for (const segment of handshake) segment.time = min(max(segment.time, previousTime), time);
      segments.push(...handshake);
    }
    const fromClient = packet.direction === 'out';
    const comment = packet.malformed ? Buffer.from(`malformed: ${packet.malformed}`, 'utf8') : undefined;
    segments.push(...dataSegments(stream, fromClient, packet.bytes, time, comment));
    previousTime = max(previousTime, time);

    if (lastIndex.get(packet.socket) === index) {
      const isDisconnect = !packet.malformed && packet.bytes.length > 0 && packet.bytes[0]! >> 4 === MQTT_DISCONNECT;
      if (packet.socket !== lastSocket || isDisconnect) {
        // The side that sent DISCONNECT closes first; otherwise who closed is unknown and the
        // client is as good a guess as any.
        segments.push(...closeSegments(stream, isDisconnect ? fromClient : true, time));
      }
    }
  });
  return segments;
}

function openStream(socket: number, reported: SocketEndpoints | undefined): Stream {
  const endpoints = (reported && resolveEndpoints(reported)) ?? placeholderEndpoints(socket);
  // Deterministic initial sequence numbers: the same capture always exports to the same bytes,
  // and each socket still gets its own numbers, as real connections would.
  return {
    ...endpoints,
    clientNext: mix32(socket * 2 + 1),
    serverNext: mix32(socket * 2 + 2),
    clientIpId: mix32(socket) & 0xffff,
    serverIpId: mix32(~socket) & 0xffff,
  };
}

type ResolvedEndpoints = Pick<Stream, 'ipv6' | 'clientAddress' | 'serverAddress' | 'clientPort' | 'serverPort'>;

function placeholderEndpoints(socket: number): ResolvedEndpoints {
  const loopback = Uint8Array.of(127, 0, 0, 1);
  // Keep the port a valid 16-bit number however many reconnects there were.
  const span = 65_536 - PLACEHOLDER_CLIENT_PORT_BASE;
  return {
    ipv6: false,
    clientAddress: loopback,
    serverAddress: loopback,
    clientPort: PLACEHOLDER_CLIENT_PORT_BASE + (((socket % span) + span) % span),
    serverPort: PLACEHOLDER_SERVER_PORT,
  };
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
    // One side is a real IPv6 address: one packet cannot mix families, so map the other.
    client = client.length === 4 ? mapIpv4(client) : client;
    server = server.length === 4 ? mapIpv4(server) : server;
  }
  return {
    ipv6: client.length === 16,
    clientAddress: client,
    serverAddress: server,
    clientPort: endpoints.clientPort,
    serverPort: endpoints.serverPort,
  };
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port <= 0xffff;
}

/** SYN, SYN-ACK, ACK, a few microseconds before the socket's first packet. */
function handshakeSegments(stream: Stream, firstTime: bigint): Segment[] {
  const synTime = firstTime >= 3n ? firstTime - 3n : 0n;
  const comment = Buffer.from('synthetic TCP handshake: QoScope records MQTT packets, not TCP segments', 'utf8');
  const syn = segment(stream, true, synTime, TCP_SYN, comment);
  stream.clientNext = add32(stream.clientNext, 1);
  const synAck = segment(stream, false, synTime + 1n, TCP_SYN | TCP_ACK);
  stream.serverNext = add32(stream.serverNext, 1);
  const ack = segment(stream, true, synTime + 2n, TCP_ACK);
  return [syn, synAck, ack];
}

/** FIN from the closing side, FIN-ACK from the other, and the final ACK. */
function closeSegments(stream: Stream, clientCloses: boolean, time: bigint): Segment[] {
  const comment = Buffer.from('synthetic TCP close', 'utf8');
  const fin = segment(stream, clientCloses, time, TCP_FIN | TCP_ACK, comment);
  advance(stream, clientCloses, 1);
  const finAck = segment(stream, !clientCloses, time, TCP_FIN | TCP_ACK);
  advance(stream, !clientCloses, 1);
  const ack = segment(stream, clientCloses, time, TCP_ACK);
  return [fin, finAck, ack];
}

/**
 * One MQTT packet as TCP payload, split into segments that fit an IP datagram. PSH goes on the
 * last segment only, as a sender's TCP stack sets it when its write buffer empties.
 */
function dataSegments(stream: Stream, fromClient: boolean, bytes: Uint8Array, time: bigint, comment: Buffer | undefined): Segment[] {
  const result: Segment[] = [];
  // Nothing crossed the wire for an empty frame, and an empty segment would read as a duplicate ACK.
  for (let start = 0; start < bytes.length; start += MAX_SEGMENT_PAYLOAD) {
    const payload = bytes.subarray(start, Math.min(start + MAX_SEGMENT_PAYLOAD, bytes.length));
    const last = start + payload.length === bytes.length;
    // The comment goes on the segment that completes the packet, where Wireshark shows the MQTT.
    result.push(segment(stream, fromClient, time, last ? TCP_PSH | TCP_ACK : TCP_ACK, last ? comment : undefined, payload));
    advance(stream, fromClient, payload.length);
  }
  return result;
}

function segment(
  stream: Stream,
  fromClient: boolean,
  time: bigint,
  flags: number,
  comment?: Buffer,
  payload: Uint8Array = new Uint8Array(0),
): Segment {
  return {
    stream,
    fromClient,
    time,
    seq: fromClient ? stream.clientNext : stream.serverNext,
    // A SYN acknowledges nothing; every later segment acknowledges all the peer has sent so far.
    ack: flags & TCP_ACK ? (fromClient ? stream.serverNext : stream.clientNext) : 0,
    flags,
    payload,
    comment,
  };
}

function advance(stream: Stream, fromClient: boolean, length: number): void {
  if (fromClient) stream.clientNext = add32(stream.clientNext, length);
  else stream.serverNext = add32(stream.serverNext, length);
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
  out.writeUInt16LE(LINKTYPE_RAW, offset + 8);
  out.writeUInt16LE(0, offset + 10); // reserved
  out.writeUInt32LE(0, offset + 12); // snaplen 0: packets are never truncated
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

function epbOptions(segment: Segment): Option[] {
  const flags = segment.fromClient ? OUTBOUND_FLAGS : INBOUND_FLAGS;
  return segment.comment ? [{ code: OPT_COMMENT, value: segment.comment }, flags] : [flags];
}

function ipPacketSize(segment: Segment): number {
  return (segment.stream.ipv6 ? IPV6_HEADER : IPV4_HEADER) + tcpHeaderSize(segment) + segment.payload.length;
}

function tcpHeaderSize(segment: Segment): number {
  return TCP_HEADER + (segment.flags & TCP_SYN ? TCP_SYN_OPTIONS : 0);
}

function epbSize(segment: Segment): number {
  return 32 + pad4(ipPacketSize(segment)) + optionsSize(epbOptions(segment));
}

function writeEpb(out: Buffer, offset: number, segment: Segment): number {
  const size = epbSize(segment);
  const packetLength = ipPacketSize(segment);
  out.writeUInt32LE(BLOCK_EPB, offset);
  out.writeUInt32LE(size, offset + 4);
  out.writeUInt32LE(0, offset + 8); // interface 0, the only one
  out.writeUInt32LE(Number(segment.time >> 32n), offset + 12);
  out.writeUInt32LE(Number(segment.time & 0xffffffffn), offset + 16);
  out.writeUInt32LE(packetLength, offset + 20); // captured length
  out.writeUInt32LE(packetLength, offset + 24); // original length
  writeIpPacket(out, offset + 28, segment);
  const end = writeOptions(out, offset + 28 + pad4(packetLength), epbOptions(segment));
  out.writeUInt32LE(size, end);
  return end + 4;
}

// ---------------------------------------------------------------------------------------------
// IP and TCP headers, written in place (network byte order) so payloads are copied only once.

function writeIpPacket(out: Buffer, offset: number, segment: Segment): void {
  const { stream, fromClient } = segment;
  const source = fromClient ? stream.clientAddress : stream.serverAddress;
  const destination = fromClient ? stream.serverAddress : stream.clientAddress;
  const tcpLength = tcpHeaderSize(segment) + segment.payload.length;
  let tcpOffset: number;
  if (stream.ipv6) {
    out.writeUInt32BE(0x60000000, offset); // version 6, traffic class 0, flow label 0
    out.writeUInt16BE(tcpLength, offset + 4); // payload length
    out[offset + 6] = 6; // next header: TCP
    out[offset + 7] = 64; // hop limit
    out.set(source, offset + 8);
    out.set(destination, offset + 24);
    tcpOffset = offset + IPV6_HEADER;
  } else {
    out[offset] = 0x45; // version 4, 5 words of header
    out[offset + 1] = 0; // DSCP/ECN
    out.writeUInt16BE(IPV4_HEADER + tcpLength, offset + 2);
    out.writeUInt16BE(nextIpId(stream, fromClient), offset + 4);
    out.writeUInt16BE(0x4000, offset + 6); // Don't Fragment: TCP segments to fit, IP never fragments
    out[offset + 8] = 64; // TTL
    out[offset + 9] = 6; // protocol: TCP
    out.set(source, offset + 12);
    out.set(destination, offset + 16);
    out.writeUInt16BE(finishChecksum(sumWords(out, offset, IPV4_HEADER, 0)), offset + 10);
    tcpOffset = offset + IPV4_HEADER;
  }
  writeTcpSegment(out, tcpOffset, segment, source, destination);
}

function nextIpId(stream: Stream, fromClient: boolean): number {
  const id = fromClient ? stream.clientIpId : stream.serverIpId;
  if (fromClient) stream.clientIpId = (id + 1) & 0xffff;
  else stream.serverIpId = (id + 1) & 0xffff;
  return id;
}

function writeTcpSegment(out: Buffer, offset: number, segment: Segment, source: Address, destination: Address): void {
  const { stream, fromClient } = segment;
  const headerSize = tcpHeaderSize(segment);
  out.writeUInt16BE(fromClient ? stream.clientPort : stream.serverPort, offset);
  out.writeUInt16BE(fromClient ? stream.serverPort : stream.clientPort, offset + 2);
  out.writeUInt32BE(segment.seq, offset + 4);
  out.writeUInt32BE(segment.ack, offset + 8);
  out[offset + 12] = (headerSize / 4) << 4; // data offset in 32-bit words
  out[offset + 13] = segment.flags;
  out.writeUInt16BE(WINDOW, offset + 14);
  // Checksum (offset + 16) is zero while summing; urgent pointer (offset + 18) stays zero.
  if (segment.flags & TCP_SYN) {
    const o = offset + TCP_HEADER;
    out[o] = 2; // MSS
    out[o + 1] = 4;
    out.writeUInt16BE(MAX_SEGMENT_PAYLOAD, o + 2);
    out[o + 4] = 1; // NOP, aligning the next option
    out[o + 5] = 3; // window scale
    out[o + 6] = 3;
    out[o + 7] = WINDOW_SCALE;
  }
  out.set(segment.payload, offset + headerSize);

  // RFC 793 / RFC 8200 §8.1: the checksum covers a pseudo-header of both addresses, the protocol
  // and the TCP length, then the TCP header and payload.
  const tcpLength = headerSize + segment.payload.length;
  let sum = sumBytes(source) + sumBytes(destination) + 6 + (tcpLength >>> 16) + (tcpLength & 0xffff);
  sum = sumWords(out, offset, tcpLength, sum);
  out.writeUInt16BE(finishChecksum(sum), offset + 16);
}

/** Adds big-endian 16-bit words of `buffer[offset, offset + length)`, an odd last byte padded with zero. */
function sumWords(buffer: Buffer, offset: number, length: number, initial: number): number {
  let sum = initial;
  const end = offset + length;
  let i = offset;
  for (; i + 1 < end; i += 2) {
    sum += (buffer[i]! << 8) | buffer[i + 1]!;
    // Fold now and then so the running sum stays a small integer (exact in a double anyway,
    // but small integers keep the loop on V8's fast path).
    if (sum > 0x7fff_ffff) sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (i < end) sum += buffer[i]! << 8;
  return sum;
}

function sumBytes(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  return sum;
}

/** Folds the carries back in and takes the one's complement. */
function finishChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function pad4(length: number): number {
  return (length + 3) & ~3;
}

function add32(value: number, delta: number): number {
  return (value + delta) >>> 0;
}

/** A 32-bit integer hash (the "lowbias32" finaliser), for well-spread deterministic numbers. */
function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
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
