/**
 * Last will as a user watching with the engine sees it: the broker publishes it when another
 * client vanishes, and keeps quiet when that client says goodbye properly.
 */
import type { MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { connectClient } from '../support/mqttClient';
import { BROKERS, EngineHarness, describeMessage, connectAndSubscribe, profileFor, quietPeriod, useHarness, useStarted, utf8, type TestBroker } from './harness';

describe.each(BROKERS)('$name', (factory) => {
  let broker: TestBroker;
  let harness: EngineHarness;
  let other: MqttClient | undefined;

  useStarted(
    () => factory.start(),
    (b) => (broker = b),
  );
  useHarness((h) => (harness = h), {
    beforeDispose: async () => {
      await other?.endAsync(true);
      other = undefined;
    },
  });

  /** A device with a will, connected with MQTT.js (not the engine) so the engine only watches. */
  async function deviceWithWill(topic: string): Promise<MqttClient> {
    other = await connectClient(`mqtt://127.0.0.1:${broker.port}`, {
      clientId: `will-${Math.random().toString(16).slice(2, 10)}`,
      will: { topic, payload: Buffer.from('device lost'), qos: 1, retain: false },
    });
    return other;
  }

  it('delivers the will when the device vanishes without DISCONNECT', async () => {
    const watcher = await connectAndSubscribe(harness, profileFor(broker.port), 'will/#', 1);
    const device = await deviceWithWill('will/vanished');

    // Destroying the socket is what a pulled cable or a crash looks like to the broker.
    device.stream.destroy();

    const [will] = await harness.waitForReceived(watcher, 'will/vanished');
    expect(will).toMatchObject({ direction: 'in', topic: 'will/vanished', payload: utf8('device lost'), qos: 1, retain: false });
  });

  it('does not deliver the will after a clean DISCONNECT', async () => {
    const watcher = await connectAndSubscribe(harness, profileFor(broker.port), 'will/#', 1);
    const device = await deviceWithWill('will/clean');

    await device.endAsync();
    // A marker published after the goodbye shows the watcher is still receiving; the extra quiet
    // period covers a broker that would publish the will a little later than that.
    await harness.registry.publish(watcher, { topic: 'will/marker', payload: utf8('after'), qos: 1, retain: false });
    await harness.waitForReceived(watcher, 'will/marker');
    await quietPeriod(500);

    expect(harness.received(watcher, 'will/clean').map(describeMessage)).toEqual([]);
  });
});
