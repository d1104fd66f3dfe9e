/**
 * What the embedded broker (Aedes 2.0.0-beta.1 with patches/aedes+2.0.0-beta.1.patch) does on the
 * wire for MQTT 5 clients, checked with real MQTT.js clients: the rules the Paho suite and
 * `qoscope check` found it breaking before those patches.
 */
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { Framer } from '../../src/shared/inspector/packets/framer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';
import { startEmbeddedBroker } from '../support/embeddedBroker';
import { connectClient } from '../support/mqttClient';

let broker: EmbeddedBroker;
let url: string;
beforeAll(async () => ({ broker, url } = await startEmbeddedBroker()));
afterAll(async () => broker.stop());

const v5 = { protocolVersion: 5 as const };
let seq = 0;
const unique = (name: string) => `conformance/${name}/${Date.now()}-${(seq += 1)}`;

function collect(client: MqttClient): IPublishPacket[] {
  const packets: IPublishPacket[] = [];
  client.on('message', (_topic, _payload, packet) => packets.push(packet));
  return packets;
}

describe('the embedded broker, MQTT 5 on the wire', () => {
  it('a will is published with its user properties and without Will Delay Interval (a CONNECT-only property)', async () => {
    const topic = unique('will');
    const watcher = await connectClient(url, v5);
    const seen = collect(watcher);
    await watcher.subscribeAsync(topic, { qos: 1 });
    const dying = await connectClient(url, {
      ...v5,
      will: { topic, payload: Buffer.from('gone'), qos: 1, retain: false, properties: { willDelayInterval: 0, userProperties: { site: 'lab' } } },
    });
    // Vanish without DISCONNECT, as a device that loses power does.
    dying.stream.destroy();
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]?.payload.toString()).toBe('gone');
    expect(seen[0]?.properties?.userProperties).toEqual({ site: 'lab' });
    expect(seen[0]?.properties).not.toHaveProperty('willDelayInterval');
    await watcher.endAsync();
  });

  it('a PUBLISH larger than the client’s Maximum Packet Size is not sent; the smaller ones are', async () => {
    const topic = unique('size');
    const small = await connectClient(url, { ...v5, properties: { maximumPacketSize: 200 } });
    const seen = collect(small);
    await small.subscribeAsync(topic, { qos: 1 });
    const publisher = await connectClient(url, v5);
    await publisher.publishAsync(topic, 'x'.repeat(1000), { qos: 1 });
    await publisher.publishAsync(topic, 'small', { qos: 1 });
    await expect.poll(() => seen.map((p) => p.payload.toString())).toEqual(['small']);
    await Promise.all([small.endAsync(), publisher.endAsync()]);
  });

  it('no more unacknowledged QoS 1 PUBLISHes than the client’s Receive Maximum; the rest follow as acks come', async () => {
    const topic = unique('receive-max');
    const held: (() => void)[] = [];
    const slow = await connectClient(url, {
      ...v5,
      properties: { receiveMaximum: 2 },
      // Acknowledge only when the test says so.
      customHandleAcks: (_topic, _message, _packet, done) => held.push(() => done(0)),
    });
    await slow.subscribeAsync(topic, { qos: 1 });
    // PUBLISHes counted as they cross the socket: MQTT.js reads no further while an ack is held.
    const framer = new Framer();
    let onWire = 0;
    slow.stream.on('data', (chunk: Buffer) => {
      for (const frame of framer.push(chunk)) if ((frame.bytes[0] ?? 0) >> 4 === 3) onWire += 1;
    });
    const publisher = await connectClient(url, v5);
    for (let i = 1; i <= 6; i += 1) await publisher.publishAsync(topic, `m${i}`, { qos: 1 });
    await expect.poll(() => onWire).toBe(2);
    // Give a broker that ignores the limit every chance to send a third.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onWire).toBe(2);
    // Each acknowledgement lets exactly one more through.
    for (let acked = 1; acked <= 4; acked += 1) {
      await expect.poll(() => held.length).toBeGreaterThan(0);
      held.shift()?.();
      await expect.poll(() => onWire).toBe(2 + acked);
    }
    held.splice(0).forEach((ack) => ack());
    await Promise.all([slow.endAsync(true), publisher.endAsync()]);
  });

  it('shared subscriptions: each message goes to one member of the group, and a plain subscriber still gets all', async () => {
    const topic = unique('shared');
    const [a, b, plain] = await Promise.all([connectClient(url, v5), connectClient(url, v5), connectClient(url, v5)]);
    const [seenA, seenB, seenPlain] = [collect(a), collect(b), collect(plain)];
    await a.subscribeAsync(`$share/workers/${topic}/#`, { qos: 1 });
    await b.subscribeAsync(`$share/workers/${topic}/#`, { qos: 1 });
    await plain.subscribeAsync(`${topic}/#`, { qos: 1 });
    const publisher = await connectClient(url, v5);
    for (let i = 0; i < 10; i += 1) await publisher.publishAsync(`${topic}/job`, `j${i}`, { qos: 1 });
    await expect.poll(() => seenA.length + seenB.length).toBe(10);
    await expect.poll(() => seenPlain.length).toBe(10);
    const shared = [...seenA, ...seenB].map((p) => p.payload.toString()).sort();
    expect(shared).toEqual(Array.from({ length: 10 }, (_, i) => `j${i}`).sort());
    expect(seenA.length).toBeGreaterThan(0);
    expect(seenB.length).toBeGreaterThan(0);
    // A member that leaves: the rest of the group gets everything.
    await a.unsubscribeAsync(`$share/workers/${topic}/#`);
    const before = seenB.length;
    for (let i = 10; i < 14; i += 1) await publisher.publishAsync(`${topic}/job`, `j${i}`, { qos: 1 });
    await expect.poll(() => seenB.length).toBe(before + 4);
    await Promise.all([a.endAsync(), b.endAsync(), plain.endAsync(), publisher.endAsync()]);
  });

  it('a session resumed with Clean Start 0 gets its queued QoS 1 and 2 messages, in order, whatever expiry the new connection asks', async () => {
    const topic = unique('resume');
    const clientId = `resume-${seq}`;
    const first = await connectClient(url, { ...v5, clientId, clean: true, properties: { sessionExpiryInterval: 600 } });
    await first.subscribeAsync(topic, { qos: 2 });
    await first.endAsync();
    const publisher = await connectClient(url, v5);
    for (let i = 1; i <= 10; i += 1) await publisher.publishAsync(topic, `q${i}`, { qos: (i % 2 === 0 ? 2 : 1) as 1 | 2 });
    await publisher.endAsync();
    // Clean Start 0 and no Session Expiry Interval (0: the session ends with this connection).
    const resumed = mqtt.connect(url, { ...v5, clientId, clean: false, reconnectPeriod: 0 });
    // In the order they cross the wire (MQTT.js hands a QoS 2 message to 'message' only at its PUBREL).
    const onWire: string[] = [];
    resumed.on('packetreceive', (packet) => packet.cmd === 'publish' && onWire.push(packet.payload.toString()));
    await expect.poll(() => onWire.length).toBe(10);
    expect(onWire).toEqual(Array.from({ length: 10 }, (_, i) => `q${i + 1}`));
    await resumed.endAsync();
  });
});
