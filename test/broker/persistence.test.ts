/**
 * The embedded broker keeps its state across restarts: retained messages (bytes and MQTT 5
 * properties as published), persistent sessions with the QoS 1/2 messages queued while their
 * client was away, and the wills of clients the last run never saw leave. A crash (kill -9 of the
 * browser-mode process) loses at most the last moments. Real MQTT.js clients throughout.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';
import { freePort } from '../support/freePort';
import { connectClient } from '../support/mqttClient';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let stateFile: string;
const brokers: EmbeddedBroker[] = [];
const clients: MqttClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qoscope-broker-state-'));
  stateFile = path.join(dir, 'broker', 'state.journal');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true).catch(() => undefined)));
  await Promise.all(brokers.splice(0).map((broker) => broker.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function startBroker(port: number, options: { stateFile?: string } = { stateFile: undefined }): Promise<string> {
  const broker = new EmbeddedBroker({ mqttPort: port, wsPort: 0, exact: { mqtt: true }, ...options });
  brokers.push(broker);
  const status = await broker.start();
  if (status.state !== 'running') throw new Error(`broker did not start: ${JSON.stringify(status)}`);
  return `mqtt://127.0.0.1:${status.mqttPort}`;
}

async function restart(port: number): Promise<string> {
  await brokers.pop()?.stop();
  return startBroker(port, { stateFile });
}

async function client(url: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const connected = await connectClient(url, options);
  clients.push(connected);
  return connected;
}

/** Subscribes and collects the PUBLISH packets that arrive, in order. */
async function collect(connected: MqttClient, filter: string, qos: 0 | 1 | 2 = 0): Promise<IPublishPacket[]> {
  const packets: IPublishPacket[] = [];
  connected.on('packetreceive', (packet) => {
    if (packet.cmd === 'publish') packets.push(packet);
  });
  await connected.subscribeAsync(filter, { qos });
  return packets;
}

describe('the embedded broker across a restart', () => {
  it('brings back retained messages with their bytes and MQTT 5 properties, and a deleted one stays deleted', async () => {
    const port = await freePort();
    const url = await startBroker(port, { stateFile });
    const publisher = await client(url, { protocolVersion: 5 });
    const binary = Buffer.from([0x00, 0xff, 0x80, 0x0a, 0x0d]);
    await publisher.publishAsync('home/kitchen/temp', '21.5', { retain: true, qos: 1 });
    await publisher.publishAsync('home/raw', binary, { retain: true, qos: 1 });
    await publisher.publishAsync('home/meta', '{"on":true}', {
      retain: true,
      qos: 1,
      properties: { contentType: 'application/json', userProperties: { site: 'lab' }, correlationData: Buffer.from([1, 2, 3]) },
    });
    await publisher.publishAsync('home/gone', 'soon deleted', { retain: true, qos: 1 });
    await publisher.publishAsync('home/gone', '', { retain: true, qos: 1 });
    await publisher.endAsync();

    const again = await restart(port);
    const reader = await client(again, { protocolVersion: 5 });
    const received = await collect(reader, 'home/#');
    await expect.poll(() => received.length).toBe(3);
    const byTopic = new Map(received.map((packet) => [packet.topic, packet]));
    expect([...byTopic.keys()].sort()).toEqual(['home/kitchen/temp', 'home/meta', 'home/raw']);
    expect(byTopic.get('home/kitchen/temp')?.payload.toString()).toBe('21.5');
    expect(Buffer.compare(byTopic.get('home/raw')!.payload as Buffer, binary)).toBe(0);
    expect(byTopic.get('home/meta')?.retain).toBe(true);
    expect(byTopic.get('home/meta')?.properties).toMatchObject({ contentType: 'application/json', userProperties: { site: 'lab' } });
    expect([...(byTopic.get('home/meta')?.properties?.correlationData ?? [])]).toEqual([1, 2, 3]);
  });

  it('keeps nothing when it has no state file (persistence off)', async () => {
    const port = await freePort();
    const url = await startBroker(port);
    const publisher = await client(url);
    await publisher.publishAsync('kept/not', 'x', { retain: true, qos: 1 });
    await brokers.pop()?.stop();
    const again = await startBroker(port);
    const reader = await client(again);
    const received = await collect(reader, 'kept/#');
    // A second, later retained message proves delivery works: only it arrives.
    const second = await client(again);
    await second.publishAsync('kept/now', 'y', { retain: true, qos: 1 });
    await expect.poll(() => received.map((packet) => packet.topic)).toEqual(['kept/now']);
  });

  for (const protocolVersion of [4, 5] as const) {
    it(`resumes an MQTT ${protocolVersion === 5 ? '5' : '3.1.1'} persistent session with every message queued before the restart, in order`, async () => {
      const port = await freePort();
      const url = await startBroker(port, { stateFile });
      const clientId = `persistent-v${protocolVersion}`;
      const session = protocolVersion === 5 ? { properties: { sessionExpiryInterval: 3600 } } : {};
      const subscriber = await client(url, { protocolVersion, clientId, clean: false, ...session });
      await subscriber.subscribeAsync('queue/#', { qos: 2 });
      await subscriber.endAsync();

      const publisher = await client(url, { protocolVersion });
      for (let i = 0; i < 100; i += 1) await publisher.publishAsync(`queue/${i % 2 === 0 ? 'one' : 'two'}`, `m${i}`, { qos: i % 2 === 0 ? 1 : 2 });
      await publisher.endAsync();

      const again = await restart(port);
      const received: IPublishPacket[] = [];
      const resumed = mqtt.connect(again, { protocolVersion, clientId, clean: false, reconnectPeriod: 0, ...session });
      clients.push(resumed);
      let sessionPresent: boolean | undefined;
      resumed.on('connect', (connack) => (sessionPresent = connack.sessionPresent));
      resumed.on('packetreceive', (packet) => {
        if (packet.cmd === 'publish') received.push(packet);
      });
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(100);
      expect(sessionPresent).toBe(true);
      const payloads = (qos: number) => received.filter((packet) => packet.qos === qos).map((packet) => packet.payload.toString());
      expect(payloads(1)).toEqual(Array.from({ length: 50 }, (_, i) => `m${2 * i}`));
      expect(payloads(2)).toEqual(Array.from({ length: 50 }, (_, i) => `m${2 * i + 1}`));

      // The session's subscription came back too: a message published now is delivered live.
      const live = await client(again, { protocolVersion });
      await live.publishAsync('queue/one', 'after', { qos: 1 });
      await expect.poll(() => received.at(-1)?.payload.toString()).toBe('after');
    });
  }

  it('does not bring back a clean session, nor messages for one', async () => {
    const port = await freePort();
    const url = await startBroker(port, { stateFile });
    const subscriber = await client(url, { clientId: 'clean-one', clean: true });
    await subscriber.subscribeAsync('clean/#', { qos: 1 });
    await subscriber.endAsync();
    const publisher = await client(url);
    await publisher.publishAsync('clean/x', 'for nobody', { qos: 1 });
    await publisher.endAsync();

    const again = await restart(port);
    const received: IPublishPacket[] = [];
    const resumed = mqtt.connect(again, { clientId: 'clean-one', clean: false, reconnectPeriod: 0 });
    clients.push(resumed);
    let sessionPresent: boolean | undefined;
    resumed.on('connect', (connack) => (sessionPresent = connack.sessionPresent));
    resumed.on('packetreceive', (packet) => {
      if (packet.cmd === 'publish') received.push(packet);
    });
    await expect.poll(() => sessionPresent).toBe(false);
    // Proof the connection delivers at all: subscribe and receive one live message.
    await resumed.subscribeAsync('clean/#', { qos: 1 });
    const live = await client(again);
    await live.publishAsync('clean/y', 'live', { qos: 1 });
    await expect.poll(() => received.map((packet) => packet.payload.toString())).toEqual(['live']);
  });

  it('reads past a torn end of its journal: what was written whole comes back', async () => {
    const port = await freePort();
    const url = await startBroker(port, { stateFile });
    const publisher = await client(url);
    await publisher.publishAsync('torn/a', 'whole', { retain: true, qos: 1 });
    await publisher.endAsync();
    await brokers.pop()?.stop();
    // A crash in the middle of a write: half a record at the end.
    await appendFile(stateFile, Buffer.from([0x40, 0x00, 0x00, 0x00, 0x12, 0x34]));
    const again = await startBroker(port, { stateFile });
    const reader = await client(again);
    const received = await collect(reader, 'torn/#');
    await expect.poll(() => received.map((packet) => packet.payload.toString())).toEqual(['whole']);
  });
});

describe('the embedded broker after a crash (kill -9 of browser mode)', () => {
  it('brings back retained messages, a session and its queue, and publishes the will of a client it never saw leave', async () => {
    const mqttPort = await freePort();
    const args = ['out/main/server.js', '--port', '0', '--broker-port', String(mqttPort), '--broker-ws-port', '0', '--data-dir', dir];
    const first = await runUntilBrokerUp(args);
    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const subscriber = await connectClient(url, { clientId: 'crash-sub', clean: false });
    await subscriber.subscribeAsync(['crash/#', 'last/will'], { qos: 1 });
    await subscriber.endAsync();
    const device = await connectClient(url, { clientId: 'crash-device', will: { topic: 'last/will', payload: Buffer.from('device lost'), qos: 1, retain: false } });
    device.on('error', () => undefined);
    const publisher = await connectClient(url);
    await publisher.publishAsync('crash/retained', 'kept', { retain: true, qos: 1 });
    for (let i = 0; i < 20; i += 1) await publisher.publishAsync('crash/queued', `q${i}`, { qos: 1 });
    await publisher.endAsync();
    // The journal is written within a fraction of a second; a second is the promise.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    device.end(true);

    const second = await runUntilBrokerUp(args);
    try {
      const received: IPublishPacket[] = [];
      const resumed = mqtt.connect(url, { clientId: 'crash-sub', clean: false, reconnectPeriod: 0 });
      resumed.on('packetreceive', (packet) => {
        if (packet.cmd === 'publish') received.push(packet);
      });
      const payloads = () => received.map((packet) => packet.payload.toString());
      await expect.poll(() => payloads().filter((payload) => payload.startsWith('q')), { timeout: 15_000 }).toEqual(Array.from({ length: 20 }, (_, i) => `q${i}`));
      await expect.poll(payloads, { timeout: 15_000 }).toContain('device lost');
      await resumed.endAsync();

      const reader = await connectClient(url);
      const retained = await collect(reader, 'crash/retained');
      await expect.poll(() => retained.map((packet) => packet.payload.toString())).toEqual(['kept']);
      await reader.endAsync();
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
  });
});

function runUntilBrokerUp(args: string[]): Promise<ReturnType<typeof spawn>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/Embedded broker: mqtt/.test(stdout)) resolve(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`browser mode exited (${code}) before its broker was up:\n${stdout}\n${stderr}`)));
  });
}
