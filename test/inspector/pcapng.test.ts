/**
 * The pcapng export is only useful if Wireshark decodes it, so most of these tests hand the file
 * to the real tshark and check what it makes of it: reassembly, MQTT fields, timestamps and
 * checksums. The block-structure test needs no tshark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePcapng, type SocketEndpoints } from '../../src/main/inspector/pcapng';
import type { CapturedPacket, Direction } from '../../src/shared/inspector/types';

const TSHARK = '/usr/bin/tshark';
const HAS_TSHARK = existsSync(TSHARK);

// ---------------------------------------------------------------------------------------------
// MQTT 3.1.1 frames, byte by byte from the specification.

function remainingLength(length: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return bytes;
}

function utf8String(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
}

function frame(firstByte: number, body: readonly number[] | Uint8Array): Uint8Array {
  const header = [firstByte, ...remainingLength(body.length)];
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

const CLIENT_ID = 'qoscope-test';
const PUBLISH_TOPIC = 'home/kitchen/temp';
const SUBSCRIBE_TOPIC = 'home/#';
const SUBSCRIBE_ID = 10;
const BIG_TOPIC = 'big/blob';
const BIG_SIZE = 100_000;

// CONNECT: protocol name "MQTT", level 4, clean session, keep alive 60 s, client id.
const CONNECT = frame(0x10, [...utf8String('MQTT'), 0x04, 0x02, 0x00, 0x3c, ...utf8String(CLIENT_ID)]);
const CONNACK = Uint8Array.of(0x20, 0x02, 0x00, 0x00);
const SUBSCRIBE = frame(0x82, [SUBSCRIBE_ID >> 8, SUBSCRIBE_ID & 0xff, ...utf8String(SUBSCRIBE_TOPIC), 0x02]);
const SUBACK = Uint8Array.of(0x90, 0x03, SUBSCRIBE_ID >> 8, SUBSCRIBE_ID & 0xff, 0x02);
// PUBLISH QoS 2 (flags 0b0100), packet id 1.
const PUBLISH_QOS2 = frame(0x34, [...utf8String(PUBLISH_TOPIC), 0x00, 0x01, ...Buffer.from('21.5')]);
const PUBREC = Uint8Array.of(0x50, 0x02, 0x00, 0x01);
const PUBREL = Uint8Array.of(0x62, 0x02, 0x00, 0x01);
const PUBCOMP = Uint8Array.of(0x70, 0x02, 0x00, 0x01);
const PINGREQ = Uint8Array.of(0xc0, 0x00);
const PINGRESP = Uint8Array.of(0xd0, 0x00);
const DISCONNECT = Uint8Array.of(0xe0, 0x00);

/** A QoS 0 PUBLISH of exactly `size` bytes (1 type byte + 3 length bytes + topic + payload). */
function bigPublish(size: number): Uint8Array {
  const topic = utf8String(BIG_TOPIC);
  const payload = new Uint8Array(size - 4 - topic.length).map((_, i) => i % 251);
  const bytes = frame(0x30, [...topic, ...payload]);
  expect(bytes.length).toBe(size);
  return bytes;
}
const BIG_PUBLISH = bigPublish(BIG_SIZE);
const BIG_REMAINING_LENGTH = BIG_SIZE - 4;

type Step = { socket: number; direction: Direction; bytes: Uint8Array; malformed?: string };

/** A session with a reconnect: everything from CONNECT to DISCONNECT, then a second socket. */
const SESSION: readonly Step[] = [
  { socket: 1, direction: 'out', bytes: CONNECT },
  { socket: 1, direction: 'in', bytes: CONNACK },
  { socket: 1, direction: 'out', bytes: SUBSCRIBE },
  { socket: 1, direction: 'in', bytes: SUBACK },
  { socket: 1, direction: 'out', bytes: PUBLISH_QOS2 },
  { socket: 1, direction: 'in', bytes: PUBREC },
  { socket: 1, direction: 'out', bytes: PUBREL },
  { socket: 1, direction: 'in', bytes: PUBCOMP },
  { socket: 1, direction: 'out', bytes: PINGREQ },
  { socket: 1, direction: 'in', bytes: PINGRESP },
  { socket: 1, direction: 'out', bytes: BIG_PUBLISH },
  { socket: 1, direction: 'out', bytes: DISCONNECT },
  { socket: 2, direction: 'out', bytes: CONNECT },
  { socket: 2, direction: 'in', bytes: CONNACK },
  { socket: 2, direction: 'in', bytes: BIG_PUBLISH },
  { socket: 2, direction: 'out', bytes: PINGREQ },
  { socket: 2, direction: 'in', bytes: PINGRESP },
  { socket: 2, direction: 'out', bytes: DISCONNECT },
];

const START_MS = 1_700_000_000_123.456;

function capture(steps: readonly Step[]): CapturedPacket[] {
  return steps.map((step, i) => ({
    connectionId: 'c1',
    no: i + 1,
    direction: step.direction,
    // Sub-millisecond, irregular spacing, so the microsecond check means something.
    time: START_MS + i * 7.125 + (i % 3) * 0.001,
    socket: step.socket,
    bytes: step.bytes,
    ...(step.malformed ? { malformed: step.malformed } : {}),
  }));
}

const CLIENT = '192.168.1.20';
const SERVER = '192.168.1.10';
const CLIENT_PORTS: Record<number, number> = { 1: 51_001, 2: 51_777 };

function endpointsFor(serverPort: number, client = CLIENT, server = SERVER): (socket: number) => SocketEndpoints | undefined {
  return (socket) => {
    const clientPort = CLIENT_PORTS[socket];
    return clientPort === undefined ? undefined : { clientAddress: client, clientPort, serverAddress: server, serverPort };
  };
}

// ---------------------------------------------------------------------------------------------
// tshark plumbing.

const tempDir = mkdtempSync(join(tmpdir(), 'qoscope-pcapng-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
let fileCount = 0;

function save(bytes: Buffer): string {
  const file = join(tempDir, `capture-${++fileCount}.pcapng`);
  writeFileSync(file, bytes);
  return file;
}

/**
 * Runs tshark on a file and returns one row of fields per displayed frame. `-n` keeps name
 * resolution out of the way; desegmentation is tshark's default but is stated so a changed
 * preferences file cannot turn it off; `-d` maps a non-standard port to MQTT.
 */
function tshark(file: string, fields: readonly string[], { filter, serverPort }: { filter?: string; serverPort?: number } = {}): string[][] {
  const args = [
    '-n',
    '-r', file,
    '-o', 'tcp.desegment_tcp_streams:TRUE',
    '-o', 'tcp.check_checksum:TRUE',
    '-o', 'ip.check_checksum:TRUE',
    ...(serverPort !== undefined && serverPort !== 1883 ? ['-d', `tcp.port==${serverPort},mqtt`] : []),
    ...(filter ? ['-Y', filter] : []),
    '-T', 'fields',
    '-E', 'separator=/t',
    ...fields.flatMap((field) => ['-e', field]),
  ];
  const result = spawnSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(result.error).toBeUndefined();
  // tshark warns about running as root on stderr; anything about the file itself is a failure.
  expect(result.stderr).not.toMatch(/malformed|damaged|corrupt|isn't a capture file|error/i);
  expect(result.status).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** Frames tshark flags: malformed, bad checksums, expert warnings/errors, or TCP analysis notes. */
const PROBLEMS =
  '_ws.malformed || tcp.checksum.status != 1 || ip.checksum.status != 1 || ' +
  '_ws.expert.severity >= 0x00600000 || tcp.analysis.flags';

/** "1700000000.123456000" to whole microseconds, insisting nothing finer than µs was recorded. */
function epochToMicroseconds(text: string): bigint {
  const match = /^(\d+)\.(\d{6})(\d*)$/.exec(text);
  expect(match, `frame.time_epoch ${text}`).not.toBeNull();
  expect(/^0*$/.test(match![3]!)).toBe(true);
  return BigInt(match![1]!) * 1_000_000n + BigInt(match![2]!);
}

function typeOf(bytes: Uint8Array): number {
  return bytes[0]! >> 4;
}

/** What tshark should report for each input packet, in order. */
function expectedRows(packets: readonly CapturedPacket[], serverPort: number) {
  return packets.map((packet) => {
    const type = typeOf(packet.bytes);
    const qos = type === 3 ? (packet.bytes[0]! >> 1) & 0x03 : 0;
    const msgid = (type === 3 && qos > 0) || [5, 6, 7].includes(type) ? '1' : [8, 9].includes(type) ? String(SUBSCRIBE_ID) : '';
    // tshark reports a SUBSCRIBE's topic filter in mqtt.topic as well.
    const topic = type === 3 ? (packet.bytes === BIG_PUBLISH ? BIG_TOPIC : PUBLISH_TOPIC) : type === 8 ? SUBSCRIBE_TOPIC : '';
    const clientPort = String(CLIENT_PORTS[packet.socket]);
    return {
      source: packet.direction === 'out' ? CLIENT : SERVER,
      sourcePort: packet.direction === 'out' ? clientPort : String(serverPort),
      type: String(type),
      msgid,
      topic,
      length: String(packet.bytes === BIG_PUBLISH ? BIG_REMAINING_LENGTH : packet.bytes.length - 2),
      time: microseconds(packet),
    };
  });
}

const MQTT_FIELDS = ['frame.number', 'ip.src', 'tcp.srcport', 'mqtt.msgtype', 'mqtt.msgid', 'mqtt.topic', 'mqtt.len', 'frame.time_epoch'];

function checkDecodesAsSession(serverPort: number): void {
  const packets = capture(SESSION);
  const file = save(writePcapng(packets, endpointsFor(serverPort), { appName: 'QoScope test', comment: 'reference session' }));

  const rows = tshark(file, MQTT_FIELDS, { filter: 'mqtt', serverPort });
  const actual = rows.map(([, source, sourcePort, type, msgid, topic, length, time]) => ({
    source,
    sourcePort,
    type,
    msgid,
    topic,
    length,
    time: epochToMicroseconds(time!),
  }));
  // One MQTT message per frame, in input order, the big PUBLISHes reassembled into one each.
  expect(actual).toEqual(expectedRows(packets, serverPort));

  expect(tshark(file, ['frame.number'], { filter: PROBLEMS, serverPort })).toEqual([]);
}

function microseconds(packet: CapturedPacket): bigint {
  return BigInt(Math.round(packet.time * 1000));
}

/** The timestamps of every EPB (all blocks after the SHB and IDB), in µs. */
function epbTimes(out: Buffer): bigint[] {
  const times: bigint[] = [];
  let offset = out.readUInt32LE(4);
  offset += out.readUInt32LE(offset + 4);
  for (; offset < out.length; offset += out.readUInt32LE(offset + 4)) {
    times.push((BigInt(out.readUInt32LE(offset + 12)) << 32n) | BigInt(out.readUInt32LE(offset + 16)));
  }
  return times;
}

// ---------------------------------------------------------------------------------------------

describe('writePcapng file structure', () => {
  it('writes an SHB, one LINKTYPE_RAW IDB in microseconds, and well-formed EPBs that fit an IP datagram', () => {
    const packets = capture(SESSION);
    const out = writePcapng(packets, endpointsFor(1883), { appName: 'QoScope' });

    expect(out.readUInt32LE(0)).toBe(0x0a0d0d0a);
    expect(out.readUInt32LE(8)).toBe(0x1a2b3c4d);
    const shbLength = out.readUInt32LE(4);
    expect(out.readBigUInt64LE(16)).toBe(BigInt(out.length - shbLength));

    const blocks: { type: number; body: Buffer }[] = [];
    for (let offset = 0; offset < out.length; ) {
      const length = out.readUInt32LE(offset + 4);
      expect(length % 4).toBe(0);
      expect(out.readUInt32LE(offset + length - 4)).toBe(length);
      blocks.push({ type: out.readUInt32LE(offset), body: out.subarray(offset + 8, offset + length - 4) });
      offset += length;
    }
    const [shb, idb, ...epbs] = blocks;
    expect(shb!.type).toBe(0x0a0d0d0a);
    expect(idb!.type).toBe(1);
    expect(idb!.body.readUInt16LE(0)).toBe(101);
    expect(idb!.body.includes(Buffer.from([9, 0, 1, 0, 6]))).toBe(true); // if_tsresol = 6

    // Per socket: 3 handshake + 3 close segments; each packet one segment, the big ones two.
    const segments = SESSION.reduce((n, step) => n + Math.ceil(step.bytes.length / 65_495), 0);
    expect(epbs).toHaveLength(segments + 2 * 6);
    for (const epb of epbs) {
      expect(epb.type).toBe(6);
      const captured = epb.body.readUInt32LE(12);
      expect(captured).toBeLessThanOrEqual(65_535);
      expect(epb.body[20]! >> 4).toBe(4); // IPv4
      expect(epb.body.readUInt16BE(20 + 2)).toBe(captured); // IPv4 total length = the whole packet
    }
  });

  it('places the handshake just before the first packet and leaves a still-open last socket open', () => {
    const packets = capture(SESSION.slice(0, 2));
    const first = microseconds(packets[0]!);
    // SYN, SYN-ACK, ACK, CONNECT, CONNACK, and no FIN: the socket may still be connected.
    expect(epbTimes(writePcapng(packets, () => undefined))).toEqual([first - 3n, first - 2n, first - 1n, first, microseconds(packets[1]!)]);
  });

  it('never puts a reconnect\'s handshake before the previous socket\'s close', () => {
    const packets = capture([SESSION[0]!, { ...SESSION[11]!, socket: 1 }, { ...SESSION[12]!, socket: 2 }]);
    packets[2]!.time = packets[1]!.time + 0.001; // CONNECT 1 µs after the DISCONNECT
    const disconnect = microseconds(packets[1]!);
    const times = epbTimes(writePcapng(packets, () => undefined));
    // handshake, CONNECT, DISCONNECT, FIN exchange, then the second handshake and CONNECT.
    expect(times.slice(4)).toEqual([disconnect, disconnect, disconnect, disconnect, disconnect, disconnect, disconnect, disconnect + 1n]);
  });

  it('keeps every packet\'s own time even when the input is out of time order', () => {
    const packets = capture(SESSION.slice(0, 3));
    packets[1]!.time = packets[0]!.time - 5;
    expect(epbTimes(writePcapng(packets, () => undefined)).slice(3)).toEqual(packets.map(microseconds));
  });

  it('writes an empty file (header blocks only) for an empty capture', () => {
    const out = writePcapng([], () => undefined);
    const shbLength = out.readUInt32LE(4);
    expect(out.length).toBe(shbLength + out.readUInt32LE(shbLength + 4));
  });
});

describe.skipIf(!HAS_TSHARK)(`writePcapng decoded by tshark${HAS_TSHARK ? '' : ` (SKIPPED: ${TSHARK} is not installed)`}`, () => {
  it('decodes every MQTT packet of a two-socket session on port 1883, in order, with exact times', () => {
    checkDecodesAsSession(1883);
  });

  it.each([8883, 18_830])('decodes a session on non-standard port %i with -d tcp.port==PORT,mqtt', (port) => {
    checkDecodesAsSession(port);
  });

  it('writes valid IPv4 and TCP checksums on every frame, handshake and close included', () => {
    const file = save(writePcapng(capture(SESSION), endpointsFor(1883)));
    const rows = tshark(file, ['tcp.flags.str', 'ip.checksum.status', 'tcp.checksum.status']);
    expect(rows.length).toBeGreaterThan(SESSION.length);
    // 1 = Good; 2 would mean tshark did not check.
    for (const [, ip, tcp] of rows) expect([ip, tcp]).toEqual(['1', '1']);
    // Both sockets open with a handshake and, being followed by a reconnect or ending in
    // DISCONNECT, close with a FIN exchange.
    expect(rows.filter(([flags]) => flags!.includes('S')).length).toBe(4);
    expect(rows.filter(([flags]) => flags!.includes('F')).length).toBe(4);
  });

  it('tells the sockets apart as two TCP streams, each starting with a SYN from the client port', () => {
    const file = save(writePcapng(capture(SESSION), endpointsFor(1883)));
    const syns = tshark(file, ['tcp.stream', 'tcp.srcport', 'tcp.dstport'], { filter: 'tcp.flags.syn == 1 && tcp.flags.ack == 0' });
    expect(syns).toEqual([
      ['0', String(CLIENT_PORTS[1]), '1883'],
      ['1', String(CLIENT_PORTS[2]), '1883'],
    ]);
  });

  it('writes IPv6 sockets as IPv6 and IPv4-mapped addresses as plain IPv4', () => {
    const steps = SESSION.slice(0, 4);
    const v6 = save(writePcapng(capture(steps), endpointsFor(1883, '2001:db8::20', '2001:db8::10')));
    expect(tshark(v6, ['ipv6.src', 'mqtt.msgtype'], { filter: 'mqtt' })).toEqual([
      ['2001:db8::20', '1'],
      ['2001:db8::10', '2'],
      ['2001:db8::20', '8'],
      ['2001:db8::10', '9'],
    ]);
    expect(tshark(v6, ['frame.number'], { filter: PROBLEMS })).toEqual([]);

    const mapped = save(writePcapng(capture(steps), endpointsFor(1883, '::ffff:127.0.0.1', '::ffff:10.0.0.1')));
    expect(tshark(mapped, ['ip.src', 'mqtt.msgtype'], { filter: 'mqtt' })).toEqual([
      ['127.0.0.1', '1'],
      ['10.0.0.1', '2'],
      ['127.0.0.1', '8'],
      ['10.0.0.1', '9'],
    ]);
  });

  it('uses 127.0.0.1:<50000+socket> -> 127.0.0.1:1883 when a socket reported no endpoints', () => {
    const file = save(writePcapng(capture(SESSION), () => undefined));
    const rows = tshark(file, ['ip.src', 'tcp.srcport', 'ip.dst', 'tcp.dstport', 'mqtt.msgtype'], { filter: 'mqtt.msgtype == 1' });
    expect(rows).toEqual([
      ['127.0.0.1', '50001', '127.0.0.1', '1883', '1'],
      ['127.0.0.1', '50002', '127.0.0.1', '1883', '1'],
    ]);
  });

  it('writes a malformed packet as it crossed the wire, with the reason as the frame comment', () => {
    const broken = Uint8Array.of(0x30, 0x05, 0x00, 0x09, 0x61); // PUBLISH whose topic runs past the end
    const steps: Step[] = [...SESSION.slice(0, 2), { socket: 1, direction: 'out', bytes: broken, malformed: 'topic length 9 exceeds the packet' }];
    const file = save(writePcapng(capture(steps), endpointsFor(1883)));
    const rows = tshark(file, ['tcp.len', 'tcp.payload', 'frame.comment'], { filter: 'frame.comment contains "malformed"' });
    expect(rows).toEqual([['5', '3005000961', 'malformed: topic length 9 exceeds the packet']]);
  });
});
