/**
 * Self-test for the mosquitto harness: if these fail, every broker-backed test
 * would fail for reasons that have nothing to do with QoScope.
 */
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type RunningMosquitto } from './mosquitto';
import { mosquittoPub, mosquittoSub, startMosquittoSub } from './mosquittoClients';
import { connectClient, nextMessage } from './mqttClient';

// Everything a test starts is torn down here, even when an assertion throws.
const brokers: RunningMosquitto[] = [];
const clients: MqttClient[] = [];

async function broker(...args: Parameters<typeof startMosquitto>): Promise<RunningMosquitto> {
  const b = await startMosquitto(...args);
  brokers.push(b);
  return b;
}

async function client(...args: Parameters<typeof connectClient>): Promise<MqttClient> {
  const c = await connectClient(...args);
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await Promise.all(brokers.splice(0).map((b) => b.stop()));
});

describe('mosquitto harness', () => {
  it('delivers a mosquitto_pub message to a ready mosquitto_sub', async () => {
    const b = await broker();
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);

    const sub = startMosquittoSub({ port: b.port, topic: 'harness/#', count: 3, qos: 1 });
    await sub.ready;
    // Awkward on purpose: a space in the topic, a multi-line, an empty and a binary payload.
    await mosquittoPub({ port: b.port, topic: 'harness/a b', message: 'line one\nline two', qos: 1 });
    await mosquittoPub({ port: b.port, topic: 'harness/empty', message: '', nullMessage: true, protocol: '5' });
    await mosquittoPub({ port: b.port, topic: 'harness/bin', message: Buffer.from([0xff, 0x00, 0x01]), qos: 2 });

    const messages = await sub.result;
    expect(messages, b.logs()).toEqual([
      { topic: 'harness/a b', payload: 'line one\nline two', payloadBytes: Buffer.from('line one\nline two'), qos: 1, retain: false },
      { topic: 'harness/empty', payload: '', payloadBytes: Buffer.alloc(0), qos: 0, retain: false },
      // Delivered at min(publish QoS 2, subscription QoS 1).
      expect.objectContaining({ topic: 'harness/bin', payloadBytes: Buffer.from([0xff, 0x00, 0x01]), qos: 1 }),
    ]);
  });

  it('returns what arrived when mosquitto_sub times out, and sees retained messages', async () => {
    const b = await broker();
    await mosquittoPub({ port: b.port, topic: 'harness/retained', message: 'kept', retain: true });

    // Asks for 3 but only the retained one exists: resolves after -W instead of rejecting.
    const messages = await mosquittoSub({ port: b.port, topic: 'harness/retained', count: 3, timeoutSeconds: 1 });
    expect(messages).toEqual([
      { topic: 'harness/retained', payload: 'kept', payloadBytes: Buffer.from('kept'), qos: 0, retain: true },
    ]);
  });

  it('enforces username/password when users are given', async () => {
    const b = await broker({ users: [{ username: 'alice', password: 'right' }, { username: 'bob', password: 'other' }] });

    const refused = await connectClient(b.url, { username: 'alice', password: 'wrong' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Error);
    const { code, message } = refused as Error & { code?: unknown };
    // MQTT 3.1.1 CONNACK 4 = bad user name or password, 5 = not authorized.
    // Mosquitto 2.0.11 answers a wrong password with 5, so accept either.
    expect(code === 4 || code === 5 || /bad user ?name or password|not authori[sz]ed/i.test(message), `${code} ${message}`).toBe(true);

    await expect(connectClient(b.url)).rejects.toThrow(); // anonymous is off too

    const alice = await client(b.url, { username: 'alice', password: 'right' });
    expect(alice.connected).toBe(true);
    const bob = await client(b.url, { username: 'bob', password: 'other' });
    expect(bob.connected).toBe(true);
    await mosquittoPub({ port: b.port, topic: 't', message: 'm', username: 'bob', password: 'other' });
    await expect(mosquittoPub({ port: b.port, topic: 't', message: 'm', username: 'bob', password: 'nope' })).rejects.toThrow(
      /mosquitto_pub/,
    );

    // stop() deletes the temp dir; restart() must rebuild config and password file.
    await b.stop();
    await b.restart();
    await mosquittoPub({ port: b.port, topic: 't', message: 'm', username: 'alice', password: 'right' });
  });

  it('restart() and kill() keep the same port', async () => {
    const b = await broker();
    const { port } = b;

    await b.restart();
    expect(b.port).toBe(port);
    const c1 = await client(b.url);
    const next = nextMessage(c1, 'after/+');
    await c1.subscribeAsync('after/#');
    await mosquittoPub({ port, topic: 'after/restart', message: 'hi' });
    const msg = await next;
    expect(msg.topic).toBe('after/restart');
    expect(msg.payload.toString()).toBe('hi');

    // A vanished broker: the client notices, and the broker comes back on the same port.
    const closed = new Promise<void>((resolve) => c1.once('close', () => resolve()));
    await b.kill();
    await closed;
    await expect(connectClient(b.url)).rejects.toThrow();
    await b.restart();
    const c2 = await client(b.url);
    expect(c2.connected).toBe(true);
    expect(b.logs()).toContain('[harness] --- restart ---');
  });

  it('accepts mqtt.js over websockets', async () => {
    const b = await broker({ websockets: true });
    expect(b.wsPort).toBeTypeOf('number');
    expect(b.wsPort).not.toBe(b.port);
    expect(b.wsUrl).toBe(`ws://127.0.0.1:${b.wsPort}`);

    const ws = await client(`ws://127.0.0.1:${b.wsPort}`);
    const next = nextMessage(ws, 'ws/test');
    await ws.subscribeAsync('ws/test', { qos: 1 });
    await mosquittoPub({ port: b.port, topic: 'ws/test', message: 'over ws', qos: 1 });
    const msg = await next;
    expect(msg.payload.toString()).toBe('over ws');
    expect(msg.packet.qos).toBe(1);
  });

  it('rejects with the logs when the config is broken', async () => {
    await expect(startMosquitto({ extraConfig: ['this_is_not_an_option 1'] })).rejects.toThrow(/Logs:[\s\S]*Error/);
  });
});
