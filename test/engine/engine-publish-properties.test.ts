/**
 * MQTT 5 publish properties set in QoScope reach a real subscriber on another client, as sent:
 * content type, response topic, correlation data (binary), user properties (a repeated name
 * included, in order), message expiry and the payload format indicator. A 3.1.1 connection
 * refuses them with a reason, and nothing goes out.
 */
import type { IPublishPacket } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { connectClient } from '../support/mqttClient';
import { EngineHarness, mosquittoFactory, profileFor, quietPeriod, useBrokerAndHarness, utf8, waitFor, type TestBroker } from './harness';

describe('publish properties (mosquitto)', () => {
  let broker: TestBroker;
  let harness: EngineHarness;
  useBrokerAndHarness(mosquittoFactory(), (b) => (broker = b), (h) => (harness = h));

  async function subscriber(filter: string): Promise<{ seen: IPublishPacket[]; end(): Promise<void> }> {
    const client = await connectClient(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5, clientId: `sub-${Math.random().toString(16).slice(2, 10)}` });
    const seen: IPublishPacket[] = [];
    client.on('message', (_topic, _payload, packet) => seen.push(packet));
    await client.subscribeAsync(filter, { qos: 1 });
    return { seen, end: () => client.endAsync(true) };
  }

  it('reach a subscriber on the wire, and the log records them on the message sent', async () => {
    const sub = await subscriber('props/#');
    try {
      const id = await harness.create(profileFor(broker.port, { protocolVersion: 5 }));
      await harness.registry.connect(id);
      await harness.registry.publish(id, {
        topic: 'props/a',
        payload: utf8('{"t":1}'),
        qos: 1,
        retain: false,
        properties: {
          contentType: 'application/json',
          responseTopic: 'props/reply',
          correlationData: new Uint8Array([0x00, 0xff, 0x10]),
          userProperties: [
            { name: 'site', value: 'north' },
            { name: 'tag', value: 'one' },
            { name: 'tag', value: 'two' },
          ],
          messageExpiryInterval: 3600,
          payloadFormatIndicator: true,
        },
      });
      const packet = await waitFor(() => sub.seen[0], 'the subscriber to receive the message', () => `${sub.seen.length} received`);
      const p = packet.properties ?? {};
      expect(p.contentType).toBe('application/json');
      expect(p.responseTopic).toBe('props/reply');
      expect([...(p.correlationData ?? [])]).toEqual([0x00, 0xff, 0x10]);
      expect(p.userProperties).toEqual({ site: 'north', tag: ['one', 'two'] });
      expect(p.payloadFormatIndicator).toBe(true);
      // The broker passes on what remains of the expiry: set, and never more than was sent.
      expect(p.messageExpiryInterval).toBeGreaterThan(0);
      expect(p.messageExpiryInterval).toBeLessThanOrEqual(3600);
      const sent = await harness.waitForMessages((all) => all.find((m) => m.direction === 'out' && m.topic === 'props/a'), 'the sent message in the log');
      expect(sent?.properties?.contentType).toBe('application/json');
      expect(sent?.properties?.userProperties).toEqual({ site: 'north', tag: ['one', 'two'] });
    } finally {
      await sub.end();
    }
  });

  it('with a topic alias the subscriber still gets the topic', async () => {
    const sub = await subscriber('alias/#');
    try {
      const id = await harness.create(profileFor(broker.port, { protocolVersion: 5 }));
      await harness.registry.connect(id);
      await harness.registry.publish(id, { topic: 'alias/x', payload: utf8('1'), qos: 1, retain: false, properties: { topicAlias: 1 } });
      const packet = await waitFor(() => sub.seen[0], 'the aliased message', () => `${sub.seen.length} received`);
      expect(packet.topic).toBe('alias/x');
    } finally {
      await sub.end();
    }
  });

  it('are refused on a 3.1.1 connection, and nothing is sent', async () => {
    const sub = await subscriber('v4/#');
    try {
      const id = await harness.create(profileFor(broker.port, { protocolVersion: 4 }));
      await harness.registry.connect(id);
      await expect(
        harness.registry.publish(id, { topic: 'v4/a', payload: utf8('x'), qos: 0, retain: false, properties: { contentType: 'text/plain' } }),
      ).rejects.toThrow(/need an MQTT 5 connection/);
      await quietPeriod(300);
      expect(sub.seen).toEqual([]);
      expect(harness.sent(id)).toEqual([]);
    } finally {
      await sub.end();
    }
  });
});
