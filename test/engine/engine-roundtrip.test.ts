/**
 * What a user sees in the log when messages go out and come back: exact bytes, the QoS and
 * RETAIN they were delivered with, and both directions recorded. Run against both brokers and
 * both transports, because a workbench that only works with one of them is not a workbench.
 */
import { describe, expect, it } from 'vitest';
import type { QoS } from '../../src/shared/domain/message';
import type { Transport } from '../../src/shared/domain/profile';
import { mosquittoPub } from '../support/mosquittoClients';
import { BROKERS, EngineHarness, describeMessage, connectAndSubscribe, profileFor, quietPeriod, utf8, type TestBroker, useBrokerAndHarness } from './harness';

const BINARY = new Uint8Array([0xff, 0x00, 0xfe, 0x80, 0x0a]);
// Multi-byte UTF-8 (2, 3 and 4 bytes) so a wrong decode/encode anywhere changes the bytes.
const TEXT = utf8('héllo ✓ 🌡 {"t":21.5}');

describe.each(BROKERS)('$name', (factory) => {
  let broker: TestBroker;
  let harness: EngineHarness;

  useBrokerAndHarness(factory, (started) => (broker = started), (fresh) => (harness = fresh));

  describe.each<{ transport: Transport; label: string }>([
    { transport: 'mqtt', label: 'TCP' },
    { transport: 'ws', label: 'WebSocket' },
  ])('over $label', ({ transport }) => {
    const profile = (protocolVersion: 4 | 5) =>
      transport === 'ws'
        ? profileFor(broker.wsPort, { transport, path: broker.wsPath, protocolVersion })
        : profileFor(broker.port, { transport, protocolVersion });

    describe.each<{ version: 4 | 5; label: string }>([
      { version: 4, label: 'MQTT 3.1.1' },
      { version: 5, label: 'MQTT 5.0' },
    ])('$label', ({ version }) => {
      it('shows the subscription as granted QoS 2 after SUBACK', async () => {
        const id = await harness.create(profile(version));
        await harness.registry.connect(id);
        const info = await harness.registry.subscribe(id, { filter: 't/#', qos: 2 });
        expect(info.subscriptions).toEqual([{ filter: 't/#', qos: 2, status: 'active', grantedQos: 2 }]);
        // The list the UI renders must agree with what subscribe() returned.
        expect(harness.info(id).subscriptions).toEqual(info.subscriptions);
      });

      it.each<QoS>([0, 1, 2])('round-trips binary and UTF-8 payloads at QoS %i', async (qos) => {
        const id = await connectAndSubscribe(harness, profile(version), 't/#', 2);
        const topic = `t/q${qos}`;

        await harness.registry.publish(id, { topic, payload: BINARY, qos, retain: false });
        await harness.registry.publish(id, { topic, payload: TEXT, qos, retain: false });
        const received = await harness.waitForReceived(id, topic, 2);

        expect(received.map((m) => ({ payload: m.payload, qos: m.qos, retain: m.retain, dup: m.dup, direction: m.direction }))).toEqual([
          { payload: BINARY, qos, retain: false, dup: false, direction: 'in' },
          { payload: TEXT, qos, retain: false, dup: false, direction: 'in' },
        ]);
        // The log shows what we sent too, byte for byte, before what came back.
        const sent = harness.sent(id, topic);
        expect(sent.map((m) => ({ payload: m.payload, qos: m.qos, retain: m.retain }))).toEqual([
          { payload: BINARY, qos, retain: false },
          { payload: TEXT, qos, retain: false },
        ]);
        expect(sent[0]!.seq).toBeLessThan(received[0]!.seq);
      });
    });
  });

  describe.each<{ version: 4 | 5; label: string }>([
    { version: 4, label: 'MQTT 3.1.1' },
    { version: 5, label: 'MQTT 5.0' },
  ])('retained messages from an outside publisher ($label)', ({ version }) => {
    it('are delivered to a late subscriber, and an empty retained publish clears them', async () => {
      const topic = `retained/v${version}`;
      // mosquitto_pub is an independent client: the engine must not only understand itself.
      await mosquittoPub({ port: broker.port, topic, message: Buffer.from([0x00, 0xff, 0x41]), qos: 2, retain: true });

      const late = await connectAndSubscribe(harness, profileFor(broker.port, { protocolVersion: version }), topic, 2);
      const [retained] = await harness.waitForReceived(late, topic, 1);
      expect(retained).toMatchObject({ direction: 'in', qos: 2, retain: true, payload: new Uint8Array([0x00, 0xff, 0x41]) });

      await mosquittoPub({ port: broker.port, topic, message: '', nullMessage: true, qos: 1, retain: true });
      // The subscriber that was already there sees the (empty, live) clearing publish...
      const live = await harness.waitForReceived(late, topic, 2);
      expect(live[1]).toMatchObject({ payload: new Uint8Array(), retain: false });

      // ...and a subscriber arriving afterwards gets nothing for that topic.
      const later = await connectAndSubscribe(harness, profileFor(broker.port, { protocolVersion: version }), topic, 2);
      await quietPeriod(500);
      expect(harness.received(later).map(describeMessage)).toEqual([]);
    });
  });

  it('delivers a 500-message QoS 0 burst complete, in order, in fewer events than messages', async () => {
    const count = 500;
    const id = await connectAndSubscribe(harness, profileFor(broker.port), 'burst/#', 0);
    const payloads = Array.from({ length: count }, (_, i) => utf8(String(i)));
    // Not awaited one by one: a burst is what a firehose looks like to the engine.
    await Promise.all(payloads.map((payload) => harness.registry.publish(id, { topic: 'burst/n', payload, qos: 0, retain: false })));

    const received = await harness.waitForReceived(id, 'burst/n', count);
    expect(received).toHaveLength(count);
    expect(received.map((m) => new TextDecoder().decode(m.payload))).toEqual(payloads.map((_, i) => String(i)));
    for (let i = 1; i < received.length; i++) expect(received[i]!.seq).toBeGreaterThan(received[i - 1]!.seq);

    const eventsWithBurst = harness.batches.filter((batch) => batch.some((m) => m.direction === 'in' && m.topic === 'burst/n'));
    // One event per message would mean batching is off and the UI wakes 500 times; at one batch
    // per interval a local burst fits in a handful, so even a slow machine stays far below this.
    expect(eventsWithBurst.length, `${eventsWithBurst.length} events for ${count} messages`).toBeLessThan(count / 10);
  });
});
