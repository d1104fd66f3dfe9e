/**
 * The engine takes plain QoS 0 PUBLISHes itself and hands every other packet to MQTT.js. Whatever
 * path a message takes, the log must show every message, in the order the broker sent them, with
 * its topic, payload, QoS and retain flag as sent, and the MQTT 5 properties of those that have
 * them; also when the network cuts packets at any byte.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { connectClient } from '../support/mqttClient';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { MessagesManager } from '../../src/main/engine/messagesManager';
import { fromWire, unpackMessages } from '../../src/shared/domain/packedBatch';
import { EngineHarness, mosquittoFactory, profileFor, useBrokerAndHarness, utf8, waitFor, type TestBroker } from './harness';

const MESSAGES = 300;

describe('plain QoS 0 publishes taken by the engine, the rest by MQTT.js (mosquitto)', () => {
  let broker: TestBroker;
  let harness: EngineHarness;
  // No limit on QoS 1 in flight: with one, mosquitto holds QoS 1 messages back while QoS 0 ones go
  // on, and the order tested here would be the broker's, not ours.
  useBrokerAndHarness(mosquittoFactory({ extraConfig: ['max_inflight_messages 0'] }), (b) => (broker = b), (h) => (harness = h));
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    // Last in, first out: the retained message is cleared before its publisher ends.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function publisher(protocolVersion: 4 | 5): Promise<MqttClient> {
    const client = await connectClient(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion });
    cleanups.push(() => client.endAsync(true));
    return client;
  }

  async function proxy(pieceBytes: number): Promise<TcpProxy> {
    const started = await startTcpProxy(broker.port);
    cleanups.push(() => started.close());
    started.splitDownstream(pieceBytes);
    return started;
  }

  it.each([4, 5] as const)('MQTT %s: QoS 0 and QoS 1 interleaved, cut into 7-byte pieces, arrive complete and in order', async (protocolVersion) => {
    const topic = `plain/v${protocolVersion}`;
    const pub = await publisher(protocolVersion);
    // A retained QoS 0 message is delivered on subscribing, with its retain flag.
    await pub.publishAsync(`${topic}/kept`, 'kept', { qos: 0, retain: true });
    cleanups.push(async () => void (await pub.publishAsync(`${topic}/kept`, '', { qos: 0, retain: true })));
    const link = await proxy(7);
    const id = await harness.create(profileFor(link.port, { protocolVersion }));
    await harness.registry.connect(id);
    await harness.registry.subscribe(id, { filter: `${topic}/#`, qos: 1 });
    const [kept] = await harness.waitForReceived(id, `${topic}/kept`);
    expect(kept?.retain).toBe(true);
    expect(new TextDecoder().decode(kept?.payload)).toBe('kept');

    for (let i = 0; i < MESSAGES; i += 1) {
      const withProperties = protocolVersion === 5 && i % 10 === 5;
      await pub.publishAsync(`${topic}/m`, `m${i}`, { qos: i % 2 === 0 ? 0 : 1, ...(withProperties ? { properties: { userProperties: { n: String(i) } } } : {}) });
    }
    const got = await harness.waitForReceived(id, `${topic}/m`, MESSAGES);
    expect(got.map((m) => new TextDecoder().decode(m.payload))).toEqual(Array.from({ length: MESSAGES }, (_, i) => `m${i}`));
    expect(got.map((m) => m.qos)).toEqual(Array.from({ length: MESSAGES }, (_, i) => (i % 2 === 0 ? 0 : 1)));
    expect(got.every((m) => !m.retain && !m.dup)).toBe(true);
    if (protocolVersion === 5) {
      const withProperties = got.filter((m) => m.properties?.userProperties);
      expect(withProperties.map((m) => m.properties?.userProperties)).toEqual(Array.from({ length: MESSAGES / 10 }, (_, k) => ({ n: String(k * 10 + 5) })));
    }
  });

  it('a burst published without waiting (read in paced batches) arrives complete and in order', async () => {
    const pub = await publisher(4);
    const id = await harness.create(profileFor(broker.port));
    await harness.registry.connect(id);
    await harness.registry.subscribe(id, { filter: 'plain/burst/#', qos: 1 });
    const count = 5_000;
    // Every 7th message is QoS 1 (MQTT.js's path), the rest plain QoS 0 (the engine's).
    await Promise.all(Array.from({ length: count }, (_, i) => pub.publishAsync('plain/burst/m', `b${i}`, { qos: i % 7 === 0 ? 1 : 0 })));
    // A burst's live batches carry only what views show: the whole of it is read from the store.
    await waitFor(() => (harness.spanned >= count ? true : undefined), `${count} messages`, () => `${harness.spanned} so far`);
    const manager = new MessagesManager(harness.registry);
    cleanups.push(async () => manager.dispose());
    const view = await manager.openView(id, {});
    const page = await manager.read(view.viewId, view.first, view.end - view.first);
    const got = unpackMessages(fromWire(page.messages));
    expect(got.map((m) => new TextDecoder().decode(m.payload))).toEqual(Array.from({ length: count }, (_, i) => `b${i}`));
    expect(got.map((m) => m.qos)).toEqual(Array.from({ length: count }, (_, i) => (i % 7 === 0 ? 1 : 0)));
  });

  it('a large QoS 0 payload arrives byte for byte, and the connection goes on', async () => {
    const pub = await publisher(4);
    const id = await harness.create(profileFor(broker.port));
    await harness.registry.connect(id);
    await harness.registry.subscribe(id, { filter: 'plain/large/#', qos: 0 });
    const large = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    await pub.publishAsync('plain/large/a', Buffer.from(large), { qos: 0 });
    await pub.publishAsync('plain/large/b', 'after', { qos: 0 });
    const [a] = await harness.waitForReceived(id, 'plain/large/a');
    const [b] = await harness.waitForReceived(id, 'plain/large/b');
    expect(a?.size).toBe(large.length);
    expect(await harness.registry.payload(id, a!.seq)).toEqual(large);
    expect(b?.payload).toEqual(utf8('after'));
  });
});
