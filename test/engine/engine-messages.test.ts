/**
 * The messages service as the log and topic views use it, over real traffic from mosquitto:
 * paging kept messages, searching them with MQTT filters and text, topic history and charts,
 * clearing and limits.
 */
import { expect, it } from 'vitest';
import { MessagesManager } from '../../src/main/engine/messagesManager';
import type { ViewStatus } from '../../src/shared/contract/messages';
import { ROW_PREVIEW_BYTES } from '../../src/shared/domain/message';
import { fromWire, unpackMessages } from '../../src/shared/domain/packedBatch';
import { mosquittoPub } from '../support/mosquittoClients';
import { EngineHarness, connectAndSubscribe, mosquittoFactory, profileFor, useBrokerAndHarness, waitFor, type TestBroker } from './harness';

let broker: TestBroker;
let harness: EngineHarness;
useBrokerAndHarness(
  mosquittoFactory(),
  (b) => (broker = b),
  (h) => (harness = h),
);

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function feed(id: string, messages: [topic: string, payload: string][]): Promise<void> {
  for (const [topic, message] of messages) await mosquittoPub({ port: broker.port, topic, message, qos: 1 });
  await waitFor(() => (harness.received(id).length >= messages.length ? true : undefined), `${messages.length} messages`, () => harness.describeMessages(id));
}

async function settled(manager: MessagesManager, status: ViewStatus): Promise<ViewStatus> {
  let latest = status;
  const sub = manager.onDidUpdateViews((all) => (latest = all.find((s) => s.viewId === status.viewId) ?? latest));
  try {
    return await waitFor(() => (latest.done ? latest : undefined), 'search done', () => JSON.stringify(latest));
  } finally {
    sub.dispose();
  }
}

async function topicsIn(manager: MessagesManager, status: ViewStatus): Promise<string[]> {
  const done = await settled(manager, status);
  const page = await manager.read(done.viewId, done.first, done.end - done.first);
  return unpackMessages(fromWire(page.messages)).map((m) => m.topic);
}

it('keeps every received message in the engine and pages through them in order', async () => {
  const manager = new MessagesManager(harness.registry);
  const id = await connectAndSubscribe(harness, profileFor(broker.port), 'page/#', 1);
  await feed(id, Array.from({ length: 30 }, (_, i) => [`page/${i % 3}`, `m${i}`] as [string, string]));
  const view = await manager.openView(id, {});
  expect(view).toMatchObject({ end: view.first + 30, store: { kept: 30, dropped: 0 } });
  const page = await manager.read(view.viewId, view.first + 10, 5);
  expect(unpackMessages(fromWire(page.messages)).map((m) => decode(m.payload))).toEqual(['m10', 'm11', 'm12', 'm13', 'm14']);
  manager.dispose();
});

it('searches kept messages with MQTT wildcards and text, and reports a bad filter in words', async () => {
  const manager = new MessagesManager(harness.registry);
  const id = await connectAndSubscribe(harness, profileFor(broker.port), '#', 1);
  await feed(id, [
    ['home/kitchen/temp', '21.5'],
    ['home/garage/door', 'OPEN'],
    ['office/kitchen/temp', '19'],
    ['home', 'root'],
  ]);
  expect(await topicsIn(manager, await manager.openView(id, { topicFilter: '+/kitchen/temp' }))).toEqual(['home/kitchen/temp', 'office/kitchen/temp']);
  expect(await topicsIn(manager, await manager.openView(id, { topicFilter: 'home/#' }))).toEqual(['home/kitchen/temp', 'home/garage/door', 'home']);
  expect(await topicsIn(manager, await manager.openView(id, { text: 'open' }))).toEqual(['home/garage/door']);
  manager.dispose();
});

it('answers topic history and a value series from everything kept, and clears', async () => {
  const manager = new MessagesManager(harness.registry);
  const id = await connectAndSubscribe(harness, profileFor(broker.port), 'sensor/#', 1);
  await feed(id, [
    ['sensor/t', '{"temp": 20, "unit": "C"}'],
    ['sensor/other', '99'],
    ['sensor/t', '{"temp": 21.5, "unit": "C"}'],
    ['sensor/t', '{"temp": 23, "unit": "C"}'],
  ]);
  const history = await manager.topicHistory(id, 'sensor/t', 2);
  expect(history.total).toBe(3);
  expect(unpackMessages(fromWire(history.messages)).map((m) => decode(m.payload))).toEqual(['{"temp": 21.5, "unit": "C"}', '{"temp": 23, "unit": "C"}']);
  expect((await manager.series(id, 'sensor/t', 'temp')).values).toEqual([20, 21.5, 23]);
  expect((await manager.series(id, 'sensor/other', '')).values).toEqual([99]);

  const cleared = await manager.clear(id);
  expect(cleared).toMatchObject({ kept: 0, dropped: 0 });
  expect((await manager.topicHistory(id, 'sensor/t', 10)).total).toBe(0);
  manager.dispose();
});

it('applies new limits to kept messages at once and says what was dropped', async () => {
  const manager = new MessagesManager(harness.registry);
  const id = await connectAndSubscribe(harness, profileFor(broker.port), 'many/#', 0);
  const lines = Array.from({ length: 1_500 }, (_, i) => `${i}`).join('\n');
  // One mosquitto_pub process, one message per line.
  const { spawn } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const pub = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'many/x', '-q', '1', '-l']);
    pub.on('error', reject);
    pub.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}`))));
    pub.stdin.end(`${lines}\n`);
  });
  const kept = () => harness.registry.store(id).stats.kept;
  await waitFor(() => (kept() >= 1_500 ? true : undefined), '1,500 messages', () => `${kept()}`);
  await manager.setLimits({ maxMessages: 1_000, maxBytes: 64 * 1024 * 1024 });
  expect(await manager.stats(id)).toMatchObject({ kept: 1_000, dropped: 500 });
  const view = await manager.openView(id, {});
  const oldest = unpackMessages(fromWire((await manager.read(view.viewId, view.first, 1)).messages))[0]!;
  expect(decode(oldest.payload)).toBe('500');
  manager.dispose();
});

it('lists carry a row preview of a large payload with its full size; the message itself is whole', async () => {
  const manager = new MessagesManager(harness.registry);
  const id = await connectAndSubscribe(harness, profileFor(broker.port), 'big/#', 1);
  const large = 'x'.repeat(ROW_PREVIEW_BYTES) + 'tail'.repeat(1000);
  await feed(id, [
    ['big/one', large],
    ['big/two', 'small'],
  ]);
  // The live feed (what the harness collected from onDidReceiveMessages).
  const [liveLarge, liveSmall] = harness.received(id);
  expect(liveLarge).toMatchObject({ topic: 'big/one', size: large.length });
  expect(liveLarge!.payload.byteLength).toBe(ROW_PREVIEW_BYTES);
  expect(decode(liveLarge!.payload)).toBe(large.slice(0, ROW_PREVIEW_BYTES));
  expect(liveSmall).toMatchObject({ topic: 'big/two' });
  expect(liveSmall!.size).toBeUndefined();
  // A log page.
  const view = await manager.openView(id, {});
  const page = unpackMessages(fromWire((await manager.read(view.viewId, view.first, 2)).messages));
  expect(page.map((m) => [m.payload.byteLength, m.size])).toEqual([
    [ROW_PREVIEW_BYTES, large.length],
    [5, undefined],
  ]);
  // The detail pane's fetch.
  expect(decode((await manager.message(id, page[0]!.seq))!.payload)).toBe(large);
  manager.dispose();
});
