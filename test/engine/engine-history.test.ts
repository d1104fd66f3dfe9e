/**
 * The engine with history on disk, over real traffic from the embedded broker: a second engine
 * on the same data folder (a restart) has the messages, Clear and deleting the connection remove
 * the files, and a connection with history turned off writes nothing.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConnectionRegistry } from '../../src/main/engine/connectionRegistry';
import { MessagesManager } from '../../src/main/engine/messagesManager';
import { HistoryFolder } from '../../src/main/store/durable/historyFolder';
import { Inspector } from '../../src/main/inspector/inspector';
import { listSegmentFiles } from '../../src/main/store/durable/segmentFiles';
import { embeddedBrokerFactory, profileFor, waitFor, type TestBroker } from './harness';

let broker: TestBroker;
let dataDir: string;
beforeEach(async () => {
  broker = await embeddedBrokerFactory.start();
  dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-engine-history-'));
});
afterEach(async () => {
  await broker.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function publish(count: number, topic = 'history/a'): Promise<void> {
  const client = await mqtt.connectAsync({ host: '127.0.0.1', port: broker.port, reconnectPeriod: 0 });
  for (let i = 0; i < count; i += 1) await client.publishAsync(topic, `m${i}`, { qos: 1 });
  await client.endAsync();
}

/** An engine with history in `dataDir`, its one connection subscribed to history/#. */
async function engine(id?: string, history?: boolean, inspector?: Inspector) {
  const registry = new ConnectionRegistry(inspector, new HistoryFolder(dataDir));
  const profile = { ...profileFor(broker.port), ...(history === undefined ? {} : { history }) };
  registry.restore(id ? [{ id, profile }] : [], async () => undefined);
  const info = id ? (await registry.list())[0]! : await registry.create(profile);
  await registry.connect(info.id);
  await registry.subscribe(info.id, { filter: 'history/#', qos: 1 });
  return { registry, id: info.id, messages: new MessagesManager(registry), dir: new HistoryFolder(dataDir).connectionDir(info.id) };
}

it('a restart on the same data folder finds the messages of the previous run', async () => {
  const first = await engine();
  await publish(20);
  await waitFor(() => (first.registry.store(first.id).size === 20 ? true : undefined), '20 messages', () => String(first.registry.store(first.id).size));
  await first.registry.dispose();

  const second = await engine(first.id);
  const store = second.registry.store(second.id);
  expect(store.size).toBe(20);
  expect(new TextDecoder().decode(store.payload(store.end - 1))).toBe('m19');
  await publish(1, 'history/b');
  await waitFor(() => (store.size === 21 ? true : undefined), '21 messages', () => String(store.size));
  expect((await second.messages.stats(second.id)).history).toMatchObject({ restarts: [store.first + 20] });

  // History limits set in Limits reach the open histories (and are saved with the others).
  const retention = { maxMessages: 5_000, maxBytes: 64 * 1024 * 1024, maxAgeMs: 2 * 24 * 3600 * 1000 };
  await second.messages.setLimits({ ...(await second.messages.limits()), history: retention });
  expect((await second.messages.stats(second.id)).history?.retention).toEqual(retention);

  // Clear forgets the messages on disk too.
  await second.messages.clear(second.id);
  expect(listSegmentFiles(path.join(second.dir, 'messages'))).toEqual([]);
  // Deleting the connection deletes its folder.
  await publish(1);
  await waitFor(() => (store.size === 1 ? true : undefined), '1 message', () => String(store.size));
  await second.registry.remove(second.id);
  expect(fs.existsSync(second.dir)).toBe(false);
  await second.registry.dispose();
});

it('a connection with history off keeps messages in memory only, and turning it off deletes what was on disk', async () => {
  const off = await engine(undefined, false);
  await publish(5);
  await waitFor(() => (off.registry.store(off.id).size === 5 ? true : undefined), '5 messages', () => String(off.registry.store(off.id).size));
  await off.registry.dispose();
  expect(fs.existsSync(off.dir)).toBe(false);
  expect((await off.messages.stats(off.id)).history).toBeUndefined();

  const on = await engine();
  await publish(5);
  await waitFor(() => (on.registry.store(on.id).size === 5 ? true : undefined), '5 messages', () => String(on.registry.store(on.id).size));
  await on.registry.disconnect(on.id);
  const { hasPassword: _p, hasPassphrase: _q, ...profile } = (await on.registry.list())[0]!.profile;
  await on.registry.update(on.id, { ...profile, history: false });
  expect(fs.existsSync(on.dir)).toBe(false);
  expect(on.registry.store(on.id).size).toBe(5);
  await on.registry.dispose();
});

it('the packet capture comes back after a restart too, kept apart from the messages, and Clear empties it', async () => {
  const first = await engine(undefined, undefined, new Inspector());
  await publish(3);
  await waitFor(() => (first.registry.store(first.id).size === 3 ? true : undefined), '3 messages', () => String(first.registry.store(first.id).size));
  await first.registry.disconnect(first.id);
  await first.registry.dispose();
  // What the first run captured, read straight from its files by a fresh capture.
  const inspector = new Inspector();
  const second = await engine(first.id, undefined, inspector);
  await second.registry.disconnect(second.id);
  const rows = await inspector.rows(second.id, 1, 100);
  const types = rows.map((row) => `${row.direction} ${row.type}`);
  // The first run: CONNECT … DISCONNECT with three PUBLISHes received; then this run's own.
  expect(types.slice(0, 2)).toEqual(['out CONNECT', 'in CONNACK']);
  expect(types.filter((type) => type === 'in PUBLISH').length).toBeGreaterThanOrEqual(3);
  expect(types.filter((type) => type === 'out CONNECT')).toHaveLength(2);
  expect(rows.find((row) => row.type === 'PUBLISH')?.topic).toBe('history/a');
  expect(fs.readdirSync(path.join(second.dir, 'packets')).length).toBeGreaterThan(0);
  // Limits shows the packets' disk use next to the messages'.
  const firstRun = types.indexOf('out CONNECT', 1);
  expect((await second.messages.stats(second.id)).history?.packets?.diskPackets).toBeGreaterThanOrEqual(firstRun);
  await inspector.clear(second.id);
  expect(listSegmentFiles(path.join(second.dir, 'packets'))).toEqual([]);
  // Messages are kept apart: clearing packets left them alone.
  expect(second.registry.store(second.id).size).toBe(3);
  await second.registry.dispose();
});
