/**
 * The pcapng export of a real session opens in tshark as MQTT with no *Decode As*, on a broker
 * port that is not 1883 and over WebSocket, and names the addresses and ports the TCP connection
 * really used (as the broker saw them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inspector } from '../../src/main/inspector/inspector';
import type { ConnectionProfile } from '../../src/shared/domain/profile';
import { EngineHarness, profileFor, utf8, WAIT_MS, quietPeriod } from '../engine/harness';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { hasTshark, TSHARK } from '../support/tshark';

let dir: string;
let broker: RunningMosquitto;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qoscope-export-'));
  broker = await startMosquitto({ websockets: true });
});
afterAll(async () => {
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** One row per MQTT frame, fields as tshark names them; no -d option, as a user opening the file. */
function tsharkFields(file: string, fields: readonly string[]): string[][] {
  const result = spawnSync(TSHARK, ['-n', '-r', file, '-Y', 'mqtt', '-T', 'fields', '-E', 'separator=/t', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
  });
  expect(result.stderr).not.toMatch(/damaged|corrupt|isn't a capture file|error/i);
  expect(result.status).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** The client port mosquitto logged for this client id (written ::ffff:127.0.0.1 by its websockets listener). */
function clientPortLogged(clientId: string): number | undefined {
  const line = [...broker.logs().matchAll(/New client connected from (?:::ffff:)?127\.0\.0\.1:(\d+) as (\S+) /g)].find((m) => m[2] === clientId);
  return line ? Number(line[1]) : undefined;
}

/** Connect, subscribe, publish QoS 1 to ourselves, disconnect; then export and read the export with tshark. */
async function exportSession(profile: ConnectionProfile): Promise<{ expected: string[][]; decoded: string[][] }> {
  const inspector = new Inspector();
  const engine = new EngineHarness(inspector);
  try {
    const id = await engine.create(profile);
    await engine.registry.connect(id);
    await engine.registry.subscribe(id, { filter: 'export/#', qos: 1 });
    await engine.registry.publish(id, { topic: 'export/reading', payload: utf8('21.5'), qos: 1, retain: false });
    await engine.waitForReceived(id, 'export/reading');
    // Our PUBACK for the echo may leave just after the message is reported.
    for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; await quietPeriod(20)) {
      const rows = await inspector.rows(id, 0, 100);
      if (rows.filter((r) => r.type === 'PUBACK').length >= 2) break;
    }
    await engine.registry.disconnect(id);

    const rows = await inspector.rows(id, 0, 100);
    const details = await Promise.all(rows.map((row) => inspector.packet(id, row.no)));
    const clientPort = clientPortLogged(profile.clientId);
    expect(clientPort, broker.logs()).toBeDefined();
    const ports = (direction: 'in' | 'out') => (direction === 'out' ? [clientPort, profile.port] : [profile.port, clientPort]).map(String);
    const expected = details.map((detail) => {
      const packet = detail!.packet;
      const type = packet.bytes[0]! >> 4;
      const topic = type === 3 ? 'export/reading' : type === 8 ? 'export/#' : '';
      return [String(type), topic, ...ports(packet.direction), '127.0.0.1', '127.0.0.1'];
    });

    const exported = await inspector.exportPcapng(id);
    const file = path.join(dir, `${profile.transport}-${exported.fileName}`);
    await writeFile(file, exported.bytes);
    const decoded = tsharkFields(file, ['mqtt.msgtype', 'mqtt.topic', 'exported_pdu.src_port', 'exported_pdu.dst_port', 'ip.src', 'ip.dst']);
    return { expected, decoded };
  } finally {
    await engine.dispose();
  }
}

describe.skipIf(!hasTshark)('pcapng export read by tshark without Decode As', () => {
  it('a session with mosquitto on a port other than 1883 decodes as MQTT, packet by packet, with the real ports', async () => {
    expect(broker.port).not.toBe(1883);
    const { expected, decoded } = await exportSession(profileFor(broker.port));
    expect(expected.map(([type]) => type)).toEqual(expect.arrayContaining(['1', '2', '8', '9', '3', '4', '14']));
    expect(decoded).toEqual(expected);
  });

  it('a session over WebSocket decodes as MQTT too, from the WebSocket listener\'s port', async () => {
    if (broker.wsPort === undefined) throw new Error('mosquitto started without its websockets listener');
    const { expected, decoded } = await exportSession(profileFor(broker.wsPort, { transport: 'ws', path: '/mqtt' }));
    expect(expected.map(([type]) => type)).toEqual(expect.arrayContaining(['1', '2', '8', '9', '3', '4', '14']));
    expect(decoded).toEqual(expected);
  });
});
