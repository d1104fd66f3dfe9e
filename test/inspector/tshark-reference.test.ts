/**
 * tshark as the reference decoder: a real session between QoScope and mosquitto is captured on
 * loopback by tshark while QoScope's own tap records it. Every MQTT packet tshark finds must be
 * byte-identical to ours, every field tshark decodes must sit at the same bytes with the same
 * value in our decoding, and our pcapng export must decode in tshark to the same packets.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inspector } from '../../src/main/inspector/inspector';
import { decodePacket } from '../../src/shared/inspector/packets/decodePacket';
import type { CapturedPacket, Field } from '../../src/shared/inspector/packets/types';
import { EngineHarness, profileFor } from '../engine/harness';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { hasTshark, readMqttPdus, startLoopbackCapture, type TsharkField, type TsharkPdu } from '../support/tshark';

/** Bit fields share one byte with their siblings; tshark's name says which of ours it means. */
const BIT_FIELDS: Record<string, RegExp> = {
  'mqtt.msgtype': /^Packet type$/,
  'mqtt.dupflag': /^DUP$/,
  'mqtt.qos': /^QoS$/,
  'mqtt.retain': /^RETAIN$/,
  'mqtt.hdr_reserved': /^Reserved flags$/,
  'mqtt.conflag.uname': /^User name flag$/,
  'mqtt.conflag.passwd': /^Password flag$/,
  'mqtt.conflag.retain': /^Will retain$/,
  'mqtt.conflag.qos': /^Will QoS$/,
  'mqtt.conflag.willflag': /^Will flag$/,
  'mqtt.conflag.cleansess': /^Clean (start|session)$/,
  'mqtt.conflag.reserved': /^Reserved$/,
  'mqtt.conack.flags.sp': /^Session present$/,
  'mqtt.conack.flags.reserved': /^Reserved$/,
  'mqtt.subscription_options.qos': /^(Maximum )?QoS$/,
  'mqtt.subscription_options.nl': /^No Local$/,
  'mqtt.subscription_options.rap': /^Retain As Published$/,
  'mqtt.subscription_options.retain_handling': /^Retain Handling$/,
  'mqtt.subscription_options.reserved': /^Reserved$/,
};

function flatten(fields: readonly Field[], out: Field[] = []): Field[] {
  for (const field of fields) {
    out.push(field);
    if (field.children) flatten(field.children, out);
  }
  return out;
}

/** Numbers a value mentions: 0x.., 0b.. and decimals ("2 (exactly once)" → [2]). */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/0x[0-9a-f]+|0b[01]+|\d+/gi)].map(([token]) =>
    token.startsWith('0b') || token.startsWith('0B') ? parseInt(token.slice(2), 2) : Number(token),
  );
}

function sameValue(tshark: TsharkField, ours: Field): boolean {
  const value = tshark.value;
  if (/^(0x[0-9a-f]+|-?\d+)$/i.test(value)) return numbersIn(ours.value).includes(Number(value));
  if (value === 'True' || value === 'False') return numbersIn(ours.value).includes(value === 'True' ? 1 : 0);
  // tshark shows binary data as colon-separated hex: same range means same bytes.
  if (/^([0-9a-f]{2}:)*[0-9a-f]{2}$/i.test(value)) return true;
  return ours.value === value || ours.value.includes(value);
}

function compareFields(pdu: TsharkPdu, packet: CapturedPacket): string[] {
  const decoded = decodePacket(packet.bytes, { protocolVersion: 5, revealSecrets: true });
  const ours = flatten(decoded.fields);
  const problems: string[] = [];
  for (const field of pdu.fields) {
    if (field.length === 0) continue;
    const start = field.pos - pdu.pos;
    const end = start + field.length;
    // tshark splits a length-prefixed string into a length field and a value field; ours is one
    // field over both, with a Length child, so a value may start 2 bytes after our field does.
    let candidates = ours.filter(
      (f) => f.end === end && (f.start === start || (f.start === start - 2 && f.children?.[0]?.name === 'Length')),
    );
    const bit = BIT_FIELDS[field.name];
    if (field.bitmask !== 0 && bit) candidates = candidates.filter((f) => bit.test(f.name));
    const where = `#${packet.no} ${decoded.type} ${field.name}=${JSON.stringify(field.value)} at [${start}, ${end})`;
    if (candidates.length === 0) problems.push(`${where}: QoScope has no field there`);
    else if (!candidates.some((f) => sameValue(field, f))) {
      problems.push(`${where}: QoScope says ${candidates.map((f) => `${f.name}=${JSON.stringify(f.value)}`).join(', ')}`);
    }
  }
  return problems;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe.skipIf(!hasTshark)('tshark as the reference decoder (a real loopback session with mosquitto)', () => {
  let dir: string;
  let broker: RunningMosquitto;
  let captured: CapturedPacket[] = [];
  let live: TsharkPdu[] = [];
  let inspector: Inspector;
  let id: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qoscope-tshark-'));
    broker = await startMosquitto({ users: [{ username: 'lab', password: 's3cret-pw' }] });
    const file = path.join(dir, 'live.pcapng');
    const capture = await startLoopbackCapture(broker.port, file);
    inspector = new Inspector();
    const engine = new EngineHarness(inspector);
    try {
      id = await engine.create(
        profileFor(broker.port, {
          protocolVersion: 5,
          username: 'lab',
          password: 's3cret-pw',
          keepalive: 1,
          will: { topic: 'lab/will', payload: 'gone', qos: 1, retain: true },
        }),
      );
      await engine.registry.connect(id);
      await engine.registry.subscribe(id, { filter: 'lab/#', qos: 2, retainAsPublished: true, retainHandling: 1 });
      for (const qos of [0, 1, 2] as const) {
        await engine.registry.publish(id, { topic: `lab/q${qos}`, payload: Buffer.from(`qos ${qos}`), qos, retain: false });
      }
      await engine.registry.publish(id, { topic: 'lab/retained', payload: Buffer.from('kept'), qos: 1, retain: true });
      await engine.waitForReceived(id, 'lab/retained');
      await engine.waitForReceived(id, 'lab/q2');
      // Keepalive 1 s: stay idle until a PINGREQ/PINGRESP pair has crossed.
      await waitForPing(inspector, id);
      await engine.registry.unsubscribe(id, 'lab/#');
      await engine.registry.publish(id, { topic: 'lab/retained', payload: new Uint8Array(), qos: 1, retain: true });
      await engine.registry.disconnect(id);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await capture.stop();
      await engine.dispose();
    }
    const rows = await inspector.rows(id, 0, 10_000);
    const details = await Promise.all(rows.map((row) => inspector.packet(id, row.no)));
    captured = details.flatMap((detail) => (detail ? [detail.packet] : []));
    live = readMqttPdus(file, broker.port);
  }, 60_000);

  afterAll(async () => {
    await broker?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sees every packet QoScope recorded, byte for byte, in each direction', () => {
    const types = new Set(captured.map((p) => p.bytes[0]! >> 4));
    // CONNECT … DISCONNECT except AUTH: the session really exercised the protocol.
    expect([...types].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const ours = (direction: 'in' | 'out') => captured.filter((p) => p.direction === direction).map((p) => hex(p.bytes));
    expect(live.some((p) => p.bytes === ours('out')[0]), 'tshark saw our CONNECT').toBe(true);
    const theirs = (fromClient: boolean) => live.filter((p) => (p.srcPort !== broker.port) === fromClient).map((p) => p.bytes);
    expect(theirs(true)).toEqual(ours('out'));
    expect(theirs(false)).toEqual(ours('in'));
  });

  it('decodes every field tshark decodes at the same bytes, with the same value', () => {
    const problems: string[] = [];
    let compared = 0;
    for (const pdu of live) {
      const packet = captured.find((p) => hex(p.bytes) === pdu.bytes);
      if (!packet) continue;
      compared += pdu.fields.length;
      problems.push(...compareFields(pdu, packet));
    }
    expect(compared).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('exports a pcapng that tshark decodes to the same packets, from the same ports, with no Decode As', async () => {
    const exported = await inspector.exportPcapng(id);
    const file = path.join(dir, exported.fileName);
    await writeFile(file, exported.bytes);
    const decoded = readMqttPdus(file);
    expect(decoded.map((p) => p.bytes)).toEqual(captured.map((p) => hex(p.bytes)));
    expect(decoded.map((p) => p.srcPort === broker.port)).toEqual(captured.map((p) => p.direction === 'in'));
  });
});

async function waitForPing(inspector: Inspector, id: string): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    const rows = await inspector.rows(id, 0, 10_000);
    if (rows.some((r) => r.type === 'PINGRESP')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no PINGREQ/PINGRESP within 6 s at keepalive 1 s');
}
