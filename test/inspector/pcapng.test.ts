/**
 * The pcapng export is only useful if Wireshark decodes it, as MQTT and without *Decode As*, so
 * most of these tests hand the file to the real tshark and check what it makes of it: MQTT fields,
 * addresses and ports, timestamps. The block-structure tests need no tshark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePcapng, type SocketEndpoints } from '../../src/main/inspector/pcapng';
import type { CapturedPacket, Direction } from '../../src/shared/inspector/packets/types';

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
 * resolution out of the way. There is deliberately no `-d` (Decode As): the file must say MQTT.
 */
function tshark(file: string, fields: readonly string[], { filter }: { filter?: string } = {}): string[][] {
  const args = ['-n', '-r', file, ...(filter ? ['-Y', filter] : []), '-T', 'fields', '-E', 'separator=/t', ...fields.flatMap((field) => ['-e', field])];
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

/** Frames tshark flags: malformed, or expert warnings and errors. */
const PROBLEMS = '_ws.malformed || _ws.expert.severity >= 0x00600000';

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
      destinationPort: packet.direction === 'out' ? String(serverPort) : clientPort,
      type: String(type),
      msgid,
      topic,
      length: String(packet.bytes === BIG_PUBLISH ? BIG_REMAINING_LENGTH : packet.bytes.length - 2),
      time: microseconds(packet),
    };
  });
}

const MQTT_FIELDS = ['frame.number', 'ip.src', 'exported_pdu.src_port', 'exported_pdu.dst_port', 'mqtt.msgtype', 'mqtt.msgid', 'mqtt.topic', 'mqtt.len', 'frame.time_epoch'];

function checkDecodesAsSession(serverPort: number): void {
  const packets = capture(SESSION);
  const file = save(writePcapng(packets, endpointsFor(serverPort), { appName: 'QoScope test', comment: 'reference session' }));

  const rows = tshark(file, MQTT_FIELDS, { filter: 'mqtt' });
  const actual = rows.map(([, source, sourcePort, destinationPort, type, msgid, topic, length, time]) => ({
    source,
    sourcePort,
    destinationPort,
    type,
    msgid,
    topic,
    length,
    time: epochToMicroseconds(time!),
  }));
  // One MQTT message per frame, in input order, the big PUBLISHes whole.
  expect(actual).toEqual(expectedRows(packets, serverPort));

  expect(tshark(file, ['frame.number'], { filter: PROBLEMS })).toEqual([]);
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

/** The blocks of a file: type and body (between the length fields). */
function blocksOf(out: Buffer): { type: number; body: Buffer }[] {
  const blocks: { type: number; body: Buffer }[] = [];
  for (let offset = 0; offset < out.length; ) {
    const length = out.readUInt32LE(offset + 4);
    expect(length % 4).toBe(0);
    expect(out.readUInt32LE(offset + length - 4)).toBe(length);
    blocks.push({ type: out.readUInt32LE(offset), body: out.subarray(offset + 8, offset + length - 4) });
    offset += length;
  }
  return blocks;
}

describe('writePcapng file structure', () => {
  it('writes an SHB, one exported-PDU IDB in microseconds, and one EPB per MQTT packet naming the mqtt dissector', () => {
    const packets = capture(SESSION);
    const out = writePcapng(packets, endpointsFor(1883), { appName: 'QoScope' });

    expect(out.readUInt32LE(0)).toBe(0x0a0d0d0a);
    expect(out.readUInt32LE(8)).toBe(0x1a2b3c4d);
    const shbLength = out.readUInt32LE(4);
    expect(out.readBigUInt64LE(16)).toBe(BigInt(out.length - shbLength));

    const [shb, idb, ...epbs] = blocksOf(out);
    expect(shb!.type).toBe(0x0a0d0d0a);
    expect(idb!.type).toBe(1);
    expect(idb!.body.readUInt16LE(0)).toBe(252); // LINKTYPE_WIRESHARK_UPPER_PDU
    expect(idb!.body.includes(Buffer.from([9, 0, 1, 0, 6]))).toBe(true); // if_tsresol = 6

    expect(epbs).toHaveLength(SESSION.length);
    epbs.forEach((epb, i) => {
      expect(epb.type).toBe(6);
      const captured = epb.body.readUInt32LE(12);
      const data = epb.body.subarray(20, 20 + captured);
      // First tag: dissector name (12), length 4, "mqtt"; the packet's bytes end the frame.
      expect(data.subarray(0, 8)).toEqual(Buffer.from([0, 12, 0, 4, ...Buffer.from('mqtt')]));
      expect(data.subarray(captured - SESSION[i]!.bytes.length)).toEqual(Buffer.from(SESSION[i]!.bytes));
    });
  });

  it('keeps every packet\'s own time, even when the input is out of time order', () => {
    const packets = capture(SESSION.slice(0, 3));
    packets[1]!.time = packets[0]!.time - 5;
    expect(epbTimes(writePcapng(packets, () => undefined))).toEqual(packets.map(microseconds));
  });

  it('writes an empty file (header blocks only) for an empty capture', () => {
    const out = writePcapng([], () => undefined);
    const shbLength = out.readUInt32LE(4);
    expect(out.length).toBe(shbLength + out.readUInt32LE(shbLength + 4));
  });
});

describe.skipIf(!HAS_TSHARK)(`writePcapng decoded by tshark${HAS_TSHARK ? '' : ` (SKIPPED: ${TSHARK} is not installed)`}`, () => {
  it.each([1883, 8883, 18_830])('decodes every MQTT packet of a two-socket session on port %i as MQTT, in order, with exact times and the real ports', (port) => {
    checkDecodesAsSession(port);
  });

  it('writes IPv6 sockets as IPv6 and IPv4-mapped addresses as plain IPv4', () => {
    const steps = SESSION.slice(0, 4);
    const v6 = save(writePcapng(capture(steps), endpointsFor(18_830, '2001:db8::20', '2001:db8::10')));
    expect(tshark(v6, ['ipv6.src', 'ipv6.dst', 'mqtt.msgtype'], { filter: 'mqtt' })).toEqual([
      ['2001:db8::20', '2001:db8::10', '1'],
      ['2001:db8::10', '2001:db8::20', '2'],
      ['2001:db8::20', '2001:db8::10', '8'],
      ['2001:db8::10', '2001:db8::20', '9'],
    ]);
    expect(tshark(v6, ['frame.number'], { filter: PROBLEMS })).toEqual([]);

    const mapped = save(writePcapng(capture(steps), endpointsFor(18_830, '::ffff:127.0.0.1', '::ffff:10.0.0.1')));
    expect(tshark(mapped, ['ip.src', 'ip.dst', 'mqtt.msgtype'], { filter: 'mqtt' })).toEqual([
      ['127.0.0.1', '10.0.0.1', '1'],
      ['10.0.0.1', '127.0.0.1', '2'],
      ['127.0.0.1', '10.0.0.1', '8'],
      ['10.0.0.1', '127.0.0.1', '9'],
    ]);
  });

  it('invents no addresses or ports for a socket that reported none, and still decodes it as MQTT', () => {
    const file = save(writePcapng(capture(SESSION), () => undefined));
    const rows = tshark(file, ['ip.src', 'exported_pdu.src_port', 'ip.dst', 'exported_pdu.dst_port', 'mqtt.msgtype'], { filter: 'mqtt.msgtype == 1' });
    expect(rows).toEqual([
      ['', '', '', '', '1'],
      ['', '', '', '', '1'],
    ]);
  });

  it('writes a malformed packet as it crossed the wire, with the reason as the frame comment', () => {
    const broken = Uint8Array.of(0x30, 0x05, 0x00, 0x09, 0x61); // PUBLISH whose topic runs past the end
    const steps: Step[] = [...SESSION.slice(0, 2), { socket: 1, direction: 'out', bytes: broken, malformed: 'topic length 9 exceeds the packet' }];
    const file = save(writePcapng(capture(steps), endpointsFor(1883)));
    const rows = tshark(file, ['mqtt.msgtype', 'exported_pdu.exported_pdu', 'frame.comment'], { filter: 'frame.comment contains "malformed"' });
    expect(rows).toEqual([['3', '3005000961', 'malformed: topic length 9 exceeds the packet']]);
  });

  it('cuts a packet larger than Wireshark reads in one frame, keeps its full length, and says so; the file still opens', () => {
    const huge = bigPublish(1_000_000);
    const file = save(writePcapng(capture([...SESSION.slice(0, 2), { socket: 1, direction: 'out', bytes: huge }, SESSION[11]!]), endpointsFor(18_830)));
    const rows = tshark(file, ['mqtt.msgtype', 'mqtt.topic', 'mqtt.len', 'frame.cap_len', 'frame.comment'], { filter: 'mqtt' });
    expect(rows.map(([type]) => type)).toEqual(['1', '2', '3', '14']);
    const [, topic, length, capturedLength, comment] = rows[2]!;
    expect([topic, length, capturedLength]).toEqual([BIG_TOPIC, String(1_000_000 - 4), '262144']);
    expect(comment).toMatch(/^1000000 bytes; the first \d+ are kept, the most Wireshark reads of one frame \(the JSON export holds them all\)$/);
  });
});
