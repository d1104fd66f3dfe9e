/**
 * The embedded broker's dashboard and settings as the engine serves them: who is connected (and
 * disconnecting one), retained messages (listing, reading, deleting), the event log with refusals,
 * `$SYS` statistics, users with topic rules, the LAN opt-in's safety rule, and capture of a
 * device's own packets (its QoS 2 handshake) for the inspector. Real MQTT.js clients throughout.
 */
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QoScopeApp } from '../../src/main/app';
import { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';
import { Inspector } from '../../src/main/inspector/inspector';
import { connectClient } from '../support/mqttClient';

const brokers: EmbeddedBroker[] = [];
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true).catch(() => undefined)));
  await Promise.all(brokers.splice(0).map((broker) => broker.stop()));
});

async function start(options: ConstructorParameters<typeof EmbeddedBroker>[0] = {}): Promise<{ broker: EmbeddedBroker; url: string }> {
  const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0, ...options });
  brokers.push(broker);
  const status = await broker.start();
  if (status.state !== 'running') throw new Error(JSON.stringify(status));
  return { broker, url: `mqtt://127.0.0.1:${status.mqttPort}` };
}

async function client(url: string, options: Parameters<typeof connectClient>[1] = {}): Promise<MqttClient> {
  const connected = await connectClient(url, options);
  clients.push(connected);
  return connected;
}

describe('the broker dashboard', () => {
  it('lists a connected client with what it said in CONNECT and its subscriptions, counts its messages, and disconnects it', async () => {
    const { broker, url } = await start();
    const device = await client(url, { clientId: 'esp32-kitchen', protocolVersion: 5, keepalive: 30, clean: true });
    await device.subscribeAsync('cmd/kitchen/#', { qos: 1 });
    await device.publishAsync('sensors/kitchen', '21.5', { qos: 1 });
    const row = (await broker.dashboard()).clients.find((candidate) => candidate.clientId === 'esp32-kitchen');
    expect(row).toMatchObject({ protocol: '5.0', keepalive: 30, cleanStart: true, transport: 'tcp', messagesIn: 1, subscriptions: [{ filter: 'cmd/kitchen/#', qos: 1 }] });
    expect(row?.address).toMatch(/^127\.0\.0\.1:\d+$/);

    let closed = false;
    device.on('close', () => (closed = true));
    await broker.disconnectClient('esp32-kitchen');
    await expect.poll(() => closed).toBe(true);
    expect((await broker.dashboard()).clients.map((candidate) => candidate.clientId)).not.toContain('esp32-kitchen');
    const log = (await broker.dashboard()).events.map((event) => `${event.kind}: ${event.text}`);
    expect(log.some((line) => line.startsWith('connect: esp32-kitchen connected from 127.0.0.1:') && line.includes('MQTT 5.0'))).toBe(true);
    expect(log).toContain('subscribe: esp32-kitchen subscribed to cmd/kitchen/# (QoS 1)');
    await expect(broker.disconnectClient('esp32-kitchen')).rejects.toThrow('esp32-kitchen is not connected');
  });

  it('lists offline persistent sessions with their queued messages', async () => {
    const { broker, url } = await start();
    const sleeper = await client(url, { clientId: 'sleepy', clean: false });
    await sleeper.subscribeAsync('wake/#', { qos: 1 });
    await sleeper.endAsync();
    const publisher = await client(url);
    for (let i = 0; i < 3; i += 1) await publisher.publishAsync('wake/up', `m${i}`, { qos: 1 });
    await expect.poll(async () => (await broker.dashboard()).sessions).toEqual([{ clientId: 'sleepy', queued: 3, subscriptions: [{ filter: 'wake/#', qos: 1 }] }]);
  });

  it('pages, reads and deletes retained messages; a subscriber sees the deletion', async () => {
    const { broker, url } = await start();
    const publisher = await client(url);
    for (const room of ['attic', 'bath', 'cellar']) await publisher.publishAsync(`house/${room}/temp`, `${room} 20`, { retain: true, qos: 1 });
    await publisher.publishAsync('house/raw', Buffer.from([0xff, 0x00]), { retain: true, qos: 1 });
    const page = await broker.retained({ search: 'house/', offset: 1, limit: 2 });
    expect(page).toMatchObject({ matching: 4, offset: 1, rows: [{ topic: 'house/bath/temp', bytes: 7, preview: 'bath 20' }, { topic: 'house/cellar/temp' }] });
    expect((await broker.retained({ search: 'raw', offset: 0, limit: 10 })).rows[0]).toMatchObject({ topic: 'house/raw', preview: 'ff 00' });
    expect([...((await broker.retainedMessage('house/raw'))?.payload ?? [])]).toEqual([0xff, 0x00]);

    await broker.deleteRetained('house/bath/temp');
    expect((await broker.retained({ search: 'house/', offset: 0, limit: 10 })).rows.map((row) => row.topic)).toEqual(['house/attic/temp', 'house/cellar/temp', 'house/raw']);
    const late = await client(url);
    const seen: string[] = [];
    late.on('message', (topic) => seen.push(topic));
    await late.subscribeAsync('house/#');
    await expect.poll(() => seen.sort()).toEqual(['house/attic/temp', 'house/cellar/temp', 'house/raw']);
  });

  it('publishes mosquitto-style $SYS statistics that count clients and messages', async () => {
    const { broker, url } = await start();
    const reader = await client(url);
    const sys = new Map<string, string>();
    reader.on('message', (topic, payload) => sys.set(topic, payload.toString()));
    await reader.subscribeAsync('$SYS/broker/#');
    (broker as unknown as { publishSys(): void }).publishSys();
    await expect.poll(() => sys.get('$SYS/broker/clients/connected')).toBe('1');
    expect(sys.get('$SYS/broker/uptime')).toMatch(/^\d+ seconds$/);
  });
});

describe('broker users and topic rules', () => {
  it('refuses a wrong password with reason shown in the event log, and applies a user\'s rules', async () => {
    const { broker, url } = await start();
    await broker.saveUser({ username: 'alice', password: 'correct horse', rules: [{ access: 'readwrite', pattern: 'devices/%u/#' }] });
    await broker.updateSettings({ anonymous: false, restrictTopics: true });
    await expect(connectClient(url, { username: 'alice', password: 'wrong', protocolVersion: 5 })).rejects.toMatchObject({ code: 134 });
    await expect(connectClient(url, { protocolVersion: 4 })).rejects.toMatchObject({ code: 5 });
    const events = (await broker.dashboard()).events.filter((event) => event.kind === 'refused').map((event) => event.text);
    expect(events).toContain('wrong password for alice');

    const alice = await client(url, { username: 'alice', password: 'correct horse', protocolVersion: 5 });
    // MQTT.js rejects a SUBACK with any refusal in it; the SUBACK itself says which one.
    const suback = await alice.subscribeAsync(['devices/alice/#', 'devices/bob/#'], { qos: 1 }).then(
      () => undefined,
      (error: { packet?: { granted?: number[] } }) => error.packet?.granted,
    );
    expect(suback).toEqual([1, 135]);
    // The password is kept only as hashes, and a new user without one is refused at the field.
    expect(JSON.stringify(await broker.settingsView())).not.toContain('correct horse');
    await expect(broker.saveUser({ username: 'bob', rules: [] })).rejects.toMatchObject({ code: 'broker.invalid-setting', detail: { field: 'password' } });
  });

  it('listens on the network only with authentication on, and says why not otherwise', async () => {
    const { broker } = await start();
    await expect(broker.updateSettings({ lan: true })).rejects.toThrow('Listening on the network needs anonymous access off');
    await broker.saveUser({ username: 'alice', password: 'pw', rules: [] });
    await expect(broker.updateSettings({ lan: true })).rejects.toThrow('Listening on the network needs anonymous access off');
    expect(await broker.updateSettings({ anonymous: false, lan: true })).toMatchObject({ lan: true, anonymous: false });
    await expect.poll(async () => (await broker.status()).state).toBe('running');
    expect(await broker.status()).toMatchObject({ host: '0.0.0.0' });
    // Turning anonymous back on while on the network is refused, and nothing is saved half-way.
    await expect(broker.updateSettings({ anonymous: true })).rejects.toThrow('anonymous access off');
    expect(await broker.settingsView()).toMatchObject({ lan: true, anonymous: false });
  });
});

describe('broker settings across a restart of the app', () => {
  it('keeps users (as hashes), topic rules, anonymous off and allowed origins in broker.json', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-broker-settings-'));
    try {
      const first = new QoScopeApp({ dataDir, broker: { mqttPort: 0, wsPort: 0 } });
      await first.start();
      await first.broker.saveUser({ username: 'alice', password: 'pw', rules: [{ access: 'read', pattern: 'devices/%u/#' }] });
      await first.broker.updateSettings({ anonymous: false, restrictTopics: true, allowedOrigins: ['http://localhost:3000'] });
      await first.dispose();

      const second = new QoScopeApp({ dataDir, broker: { mqttPort: 0, wsPort: 0 } });
      try {
        const status = await second.start();
        expect(await second.broker.settingsView()).toMatchObject({
          anonymous: false,
          restrictTopics: true,
          allowedOrigins: ['http://localhost:3000'],
          users: [{ username: 'alice', rules: [{ access: 'read', pattern: 'devices/%u/#' }] }],
        });
        const url = `mqtt://127.0.0.1:${status.state === 'running' ? status.mqttPort : 0}`;
        await expect(connectClient(url, { protocolVersion: 5 })).rejects.toMatchObject({ code: 135 });
        (await client(url, { username: 'alice', password: 'pw' })).end(true);
      } finally {
        await second.dispose();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('capturing a device from the broker side', () => {
  it('captures every packet of a client that connects after capture is on, with its QoS 2 handshake, for the inspector', async () => {
    const inspector = new Inspector();
    const { broker, url } = await start({ captureSink: inspector });
    await broker.updateSettings({ capture: true });
    const device = await client(url, { clientId: 'phone', protocolVersion: 5 });
    await device.publishAsync('phone/photo', 'jpeg bytes', { qos: 2 });
    const row = (await broker.dashboard()).clients.find((candidate) => candidate.clientId === 'phone');
    expect(row?.captureId).toBeDefined();
    const captureId = row!.captureId!;
    await expect.poll(async () => (await inspector.rows(captureId, 1, 20)).map((packet) => `${packet.direction} ${packet.type}`)).toEqual([
      'out CONNECT',
      'in CONNACK',
      'out PUBLISH',
      'in PUBREC',
      'out PUBREL',
      'in PUBCOMP',
    ]);
    const pcapng = await inspector.exportPcapng(captureId);
    expect(pcapng.bytes.byteLength).toBeGreaterThan(100);
  });
});
