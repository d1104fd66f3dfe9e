/**
 * The embedded broker's TLS listeners (MQTT over TLS and WebSocket over TLS): with a self-signed
 * pair made for the run, whose fingerprint the status shows and a client sees, or with the user's
 * own certificate and key. Real MQTT.js clients verifying the certificate, on 127.0.0.1.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import mqtt from 'mqtt';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';
import { DEFAULT_BROKER_TLS } from '../../src/shared/domain/brokerTls';
import { freePort } from '../support/freePort';

const brokers: EmbeddedBroker[] = [];
const clients: mqtt.MqttClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true).catch(() => undefined)));
  await Promise.all(brokers.splice(0).map((broker) => broker.stop()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function brokerWithTls(tls: Partial<typeof DEFAULT_BROKER_TLS>) {
  const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0 });
  brokers.push(broker);
  await broker.start();
  const [mqttsPort, wssPort] = [await freePort(), await freePort()];
  await broker.updateSettings({ tls: { ...DEFAULT_BROKER_TLS, enabled: true, mqttsPort, wssPort, ...tls } });
  return { broker, status: await broker.status(), mqttsPort, wssPort };
}

async function roundTrip(url: string, ca: string): Promise<{ payload: string; fingerprint: string | undefined }> {
  const client = await mqtt.connectAsync(url, { ca, rejectUnauthorized: true, reconnectPeriod: 0, connectTimeout: 5000 });
  clients.push(client);
  const got = new Promise<string>((resolve) => client.on('message', (_topic, payload) => resolve(payload.toString())));
  await client.subscribeAsync('tls/check', { qos: 1 });
  await client.publishAsync('tls/check', 'over tls', { qos: 1 });
  const socket = (client as unknown as { stream: TLSSocket & { socket?: TLSSocket } }).stream;
  const peer = (typeof socket.getPeerCertificate === 'function' ? socket : socket.socket)?.getPeerCertificate?.();
  return { payload: await got, fingerprint: peer?.fingerprint256 };
}

describe('TLS listeners with a certificate made for this run', () => {
  it('serve MQTT and WebSocket over TLS to clients that trust it, and show the fingerprint the client sees', async () => {
    const { broker, status, mqttsPort, wssPort } = await brokerWithTls({ source: 'generated' });
    expect(status).toMatchObject({ state: 'running', tls: { mqttsPort, wssPort, generated: true } });
    const cert = await broker.tlsCertificate();
    expect(cert).toContain('BEGIN CERTIFICATE');
    const fingerprint = new X509Certificate(cert!).fingerprint256;
    expect(status.state === 'running' && status.tls?.fingerprint).toBe(fingerprint);

    const overMqtts = await roundTrip(`mqtts://127.0.0.1:${mqttsPort}`, cert!);
    expect(overMqtts).toEqual({ payload: 'over tls', fingerprint });
    expect((await roundTrip(`wss://127.0.0.1:${wssPort}/mqtt`, cert!)).payload).toBe('over tls');
  });

  it('is refused by a client that does not trust it', async () => {
    const { mqttsPort } = await brokerWithTls({ source: 'generated' });
    await expect(mqtt.connectAsync(`mqtts://127.0.0.1:${mqttsPort}`, { rejectUnauthorized: true, reconnectPeriod: 0, connectTimeout: 5000 })).rejects.toThrow(/self.signed|unable to verify/i);
  });
});

describe("TLS listeners with the user's certificate and key", () => {
  it('present that certificate', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-tls-'));
    dirs.push(dir);
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
    await writeFile(path.join(dir, 'broker.crt'), pems.cert);
    await writeFile(path.join(dir, 'broker.key'), pems.private);
    const { status, mqttsPort } = await brokerWithTls({ source: 'files', certFile: path.join(dir, 'broker.crt'), keyFile: path.join(dir, 'broker.key') });
    expect(status).toMatchObject({ state: 'running', tls: { generated: false, fingerprint: new X509Certificate(pems.cert).fingerprint256 } });
    expect((await roundTrip(`mqtts://127.0.0.1:${mqttsPort}`, pems.cert)).payload).toBe('over tls');
  });

  it('name the file that is missing, or the key that does not match, and the broker stays stopped', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-tls-'));
    dirs.push(dir);
    const missing = path.join(dir, 'nope.crt');
    const first = await brokerWithTls({ source: 'files', certFile: missing, keyFile: path.join(dir, 'nope.key') });
    expect(first.status).toMatchObject({ state: 'stopped' });
    expect(first.status.state === 'stopped' && first.status.error).toContain(`Could not read the certificate ${missing}: no such file`);

    const [a, b] = [await generate(undefined, { keyType: 'ec' }), await generate(undefined, { keyType: 'ec' })];
    await writeFile(path.join(dir, 'a.crt'), a.cert);
    await writeFile(path.join(dir, 'b.key'), b.private);
    const second = await brokerWithTls({ source: 'files', certFile: path.join(dir, 'a.crt'), keyFile: path.join(dir, 'b.key') });
    expect(second.status.state === 'stopped' && second.status.error).toContain(`The key in ${path.join(dir, 'b.key')} does not match the certificate`);
  });

  it('a TLS port another program holds stops the broker with the port named, and nothing is left listening', async () => {
    const taken = await freePort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
    try {
      const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0 });
      brokers.push(broker);
      const before = await broker.start();
      const plainPort = before.state === 'running' ? before.mqttPort : 0;
      await broker.updateSettings({ tls: { ...DEFAULT_BROKER_TLS, enabled: true, mqttsPort: taken, wssPort: await freePort() } });
      const status = await broker.status();
      expect(status.state === 'stopped' && status.error).toContain(`127.0.0.1:${taken}: the port is already in use`);
      const offered = Number((status.state === 'stopped' ? status.error : '')?.match(/Port (\d+) is free\.$/)?.[1]);
      expect(offered).toBeGreaterThan(taken);
      await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${plainPort}`, { reconnectPeriod: 0, connectTimeout: 2000 })).rejects.toThrow();
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
