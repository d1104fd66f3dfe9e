/**
 * TLS as the user meets it, against Debian mosquitto with a PKI made for this run: trusting the
 * broker's CA connects (and the wire tap still shows MQTT, not ciphertext), every way TLS can fail
 * is said in words that point at the fix, and bad certificate files stop connect() before anything
 * touches the network.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RECONNECT_PERIOD_MS } from '../../src/main/engine/session';
import { openSocket } from '../../src/main/engine/socketFactory';
import type { SocketEndpoints } from '../../src/main/wire/wireObservers';
import { checkTlsFiles, prepareTls } from '../../src/main/engine/tls/prepareTls';
import { Inspector } from '../../src/main/inspector/inspector';
import type { ConnectionProfile, TlsOptions } from '../../src/shared/domain/profile';
import type { PacketRow } from '../../src/shared/inspector/packets/types';
import { createTestCertificates, type TestCertificates } from '../support/certificates';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { EngineHarness, WAIT_MS, describeState, isClosed, isReconnecting, profileFor, quietPeriod, useHarness, utf8, waitFor } from './harness';

let certs: TestCertificates;
/** Server authentication only, on mqtts and wss. */
let broker: RunningMosquitto;
/** require_certificate true: mutual TLS. */
let mutualBroker: RunningMosquitto;
let inspector: Inspector;
let harness: EngineHarness;

beforeAll(async () => {
  certs = await createTestCertificates();
  const files = { caFile: certs.caFile, certFile: certs.serverCert, keyFile: certs.serverKey };
  [broker, mutualBroker] = await Promise.all([
    startMosquitto({ tls: { ...files, websockets: true } }),
    startMosquitto({ tls: { ...files, requireCertificate: true } }),
  ]);
});
afterAll(async () => {
  await Promise.all([broker?.stop(), mutualBroker?.stop()]);
  await certs?.remove();
});
useHarness((h) => (harness = h), {
  create: () => {
    inspector = new Inspector();
    return new EngineHarness(inspector);
  },
});

function tlsProfile(port: number, tls: Partial<TlsOptions> = {}, overrides: Partial<ConnectionProfile> = {}): ConnectionProfile {
  return profileFor(port, { transport: 'mqtts', tls: { caFiles: [certs.caFile], verifyServer: true, ...tls }, ...overrides });
}

function tlsPortOf(running: RunningMosquitto): number {
  if (running.tlsPort === undefined) throw new Error('mosquitto started without its TLS listener');
  return running.tlsPort;
}

const describeRows = (rows: PacketRow[]) => rows.map((r) => `  #${r.no} s${r.socket} ${r.direction} ${r.type} ${r.summary}`).join('\n') || '  (no packets)';

/**
 * Lines in which mosquitto noted a client connecting since `from` (a logs() length). A failed TLS
 * handshake is logged as "Client connection from … failed" and sometimes without "New connection".
 */
function connectionsLogged(running: RunningMosquitto, from: number): number {
  return running.logs().slice(from).split('\n').filter((line) => /New connection from|Client connection from/.test(line)).length;
}

/** Connect, subscribe and publish to ourselves at QoS 1, then show the packets the tap decoded. */
async function roundTrip(profile: ConnectionProfile): Promise<{ id: string; rows: PacketRow[] }> {
  const id = await harness.create(profile);
  await harness.registry.connect(id);
  await harness.registry.subscribe(id, { filter: 'tls/echo', qos: 1 });
  await harness.registry.publish(id, { topic: 'tls/echo', payload: utf8('sealed but readable'), qos: 1, retain: false });
  const [received] = await harness.waitForReceived(id, 'tls/echo');
  expect(new TextDecoder().decode(received?.payload)).toBe('sealed but readable');
  expect(received?.qos).toBe(1);
  // Our PUBACK for the echo may leave just after the message is reported.
  let rows: PacketRow[] = [];
  for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; await quietPeriod(20)) {
    rows = await inspector.rows(id, 0, 1000);
    if (rows.some((r) => r.direction === 'out' && r.type === 'PUBACK')) break;
  }
  return { id, rows };
}

/** What the packet list must show for the round trip: every packet decoded, none malformed. */
async function expectPlaintextPackets(id: string, rows: PacketRow[]): Promise<void> {
  const seen = rows.map((r) => `${r.direction} ${r.type}`);
  expect(seen.slice(0, 2), describeRows(rows)).toEqual(['out CONNECT', 'in CONNACK']);
  expect(seen, describeRows(rows)).toEqual(expect.arrayContaining(['out SUBSCRIBE', 'in SUBACK', 'out PUBLISH', 'in PUBACK', 'in PUBLISH', 'out PUBACK']));
  expect(rows.filter((r) => r.malformed), describeRows(rows)).toEqual([]);
  // The tap must hold the bytes MQTT.js wrote, not the TLS records that carried them.
  const publish = rows.find((r) => r.direction === 'out' && r.type === 'PUBLISH');
  expect(publish?.topic).toBe('tls/echo');
  const detail = publish && (await inspector.packet(id, publish.no));
  expect(Buffer.from(detail?.packet.bytes ?? []).toString('latin1')).toContain('sealed but readable');
}

describe('server authentication (mqtts)', () => {
  it('trusting the broker\'s CA connects, round-trips a QoS 1 message, and the packet list shows MQTT in clear', async () => {
    const { id, rows } = await roundTrip(tlsProfile(tlsPortOf(broker)));
    await expectPlaintextPackets(id, rows);
    expect(harness.state(id)).toMatchObject({ status: 'connected', verifiedBy: 'your CA file ca.pem' });
  });

  it('a broker whose CA is not in the profile is refused in words that say what to do, and retries are spaced out, not a tight loop', async () => {
    const port = tlsPortOf(broker);
    const id = await harness.create(tlsProfile(port, { caFiles: [certs.otherCaFile] }));
    const words = 'The server certificate is not trusted by your CA file other-ca.pem (SELF_SIGNED_CERT_IN_CHAIN): add its CA to the profile, or turn off verification';

    await expect(harness.registry.connect(id)).rejects.toThrow(words);
    const first = await harness.waitForState(id, isReconnecting, 'reconnecting');
    expect(first.reason).toBe(words);

    // Wait for the second failure: each wait is at least the first retry delay, never a tight loop.
    await waitFor(
      () => (harness.states(id).filter((s) => s.state.status === 'reconnecting').length >= 2 ? true : undefined),
      'a second failed attempt',
      () => harness.describeStates(id),
    );
    const waits = harness.states(id).flatMap((s) => (s.state.status === 'reconnecting' ? [{ reason: s.state.reason, delay: s.state.nextAttemptAt - s.seenAt }] : []));
    expect(waits.map((w) => w.reason)).toEqual([words, words]);
    for (const wait of waits) expect(wait.delay, harness.describeStates(id)).toBeGreaterThanOrEqual(RECONNECT_PERIOD_MS - 50);
    // Every socket, whoever opened it, passes the wire tap: two failures, two sockets, no more.
    const rows = await inspector.rows(id, 0, 1000);
    expect(new Set(rows.map((r) => r.socket)).size, describeRows(rows)).toBe(2);
    expect(rows.filter((r) => r.type === 'CONNACK'), describeRows(rows)).toEqual([]);
  });

  it('with verification off, the same untrusted broker connects', async () => {
    const id = await harness.create(tlsProfile(tlsPortOf(broker), { caFiles: [certs.otherCaFile], verifyServer: false }));
    await harness.registry.connect(id);
    expect(harness.state(id).status).toBe('connected');
  });

  it('the certificate must name the server: a wrong server name is refused with the names it does carry, the right one connects', async () => {
    const port = tlsPortOf(broker);
    const wrong = await harness.create(tlsProfile(port, { serverName: 'mqtt.example.com' }));
    await expect(harness.registry.connect(wrong)).rejects.toThrow(
      'The server certificate is not valid for mqtt.example.com (ERR_TLS_CERT_ALTNAME_INVALID): it is for IP Address:127.0.0.1, DNS:localhost',
    );

    const right = await harness.create(tlsProfile(port, { serverName: 'localhost' }));
    await harness.registry.connect(right);
    expect(harness.state(right).status).toBe('connected');
  });

  it('an expired server certificate is named as expired', async () => {
    const expired = await startMosquitto({ tls: { caFile: certs.caFile, certFile: certs.expiredServerCert, keyFile: certs.serverKey } });
    try {
      const id = await harness.create(tlsProfile(tlsPortOf(expired)));
      await expect(harness.registry.connect(id)).rejects.toThrow(/^The server certificate has expired \(CERT_HAS_EXPIRED\)/);
    } finally {
      await expired.stop();
    }
  });

  it('TLS to a plain port, and plain MQTT to a TLS port, say which side is missing TLS', async () => {
    const tlsToPlain = await harness.create(tlsProfile(broker.port));
    await expect(harness.registry.connect(tlsToPlain)).rejects.toThrow(
      `The broker at 127.0.0.1:${broker.port} closed the connection during the TLS handshake (ECONNRESET): if that port is plain MQTT, choose mqtt, or use the broker's TLS port`,
    );

    const plainToTls = await harness.create(profileFor(tlsPortOf(broker), { transport: 'mqtt' }));
    await expect(harness.registry.connect(plainToTls)).rejects.toThrow(
      `The broker at 127.0.0.1:${tlsPortOf(broker)} closed the connection without answering (ECONNRESET): if that port expects TLS, choose mqtts`,
    );
  });
});

/**
 * "System" means the operating system's store, where an administrator installs a company CA, not
 * only Node's bundled Mozilla list. The test CA is in no bundled list; SSL_CERT_FILE (which every
 * OpenSSL program honours) stands in for the distribution's bundle.
 */
describe('the system trust store (no CA files in the profile)', () => {
  const variables = ['SSL_CERT_FILE', 'SSL_CERT_DIR'] as const;
  let saved: Partial<Record<(typeof variables)[number], string>> = {};
  beforeEach(() => {
    saved = {};
    for (const name of variables) {
      if (process.env[name] !== undefined) saved[name] = process.env[name];
      // This machine's own store stays out of the expected names.
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const name of variables) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  /** An OS bundle: some other CA first, as real bundles hold many, then the ones given. */
  async function osBundle(name: string, caFiles: string[]): Promise<string> {
    const path = join(certs.dir, name);
    const pems = await Promise.all([certs.otherCaFile, ...caFiles].map((file) => readFile(file, 'latin1')));
    await writeFile(path, pems.join('\n'));
    return path;
  }

  it.each(['mqtts', 'wss'] as const)('over %s, a CA installed in the operating system\'s store verifies the broker, and the connection says which store did', async (transport) => {
    const bundle = await osBundle(`os-store-${transport}.pem`, [certs.caFile]);
    process.env.SSL_CERT_FILE = bundle;
    const port = transport === 'mqtts' ? tlsPortOf(broker) : broker.wssPort;
    if (port === undefined) throw new Error('no listener');
    const { id, rows } = await roundTrip(tlsProfile(port, { caFiles: [] }, { transport, path: '/mqtt' }));
    await expectPlaintextPackets(id, rows);
    expect(harness.state(id)).toMatchObject({ status: 'connected', verifiedBy: `the operating system's trust store (Linux: ${bundle})` });
  });

  it('a CA that is not in the operating system\'s store is refused, and the words name the store that was asked', async () => {
    const bundle = await osBundle('os-store-without.pem', []);
    process.env.SSL_CERT_FILE = bundle;
    const id = await harness.create(tlsProfile(tlsPortOf(broker), { caFiles: [] }));
    await expect(harness.registry.connect(id)).rejects.toThrow(
      `The server certificate is not trusted by the operating system's trust store (Linux: ${bundle}) (SELF_SIGNED_CERT_IN_CHAIN): add its CA to the profile, or turn off verification`,
    );
  });

  it('an SSL_CERT_FILE that cannot be read stops connect() and says so, instead of trusting some other store', async () => {
    process.env.SSL_CERT_FILE = join(certs.dir, 'no-such-bundle.pem');
    const id = await harness.create(tlsProfile(tlsPortOf(broker), { caFiles: [] }));
    await expect(harness.registry.connect(id)).rejects.toThrow(`SSL_CERT_FILE cannot be used as the system trust store: Cannot read ${join(certs.dir, 'no-such-bundle.pem')}: no such file`);
    expect(harness.state(id).status).toBe('closed');
  });
});

describe('client certificates (mutual TLS)', () => {
  it('with its certificate and key, the client is let in by a broker that requires one', async () => {
    const id = await harness.create(tlsProfile(tlsPortOf(mutualBroker), { certFile: certs.clientCert, keyFile: certs.clientKey }));
    await harness.registry.connect(id);
    expect(harness.state(id).status).toBe('connected');
  });

  it('without a client certificate, the broker\'s demand for one is said as such', async () => {
    const id = await harness.create(tlsProfile(tlsPortOf(mutualBroker)));
    await expect(harness.registry.connect(id)).rejects.toThrow(
      'The broker requires a client certificate (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): add one and its key to the profile',
    );
  });

  it('a client certificate from a CA the broker does not trust is rejected, and the words say so', async () => {
    const id = await harness.create(tlsProfile(tlsPortOf(mutualBroker), { certFile: certs.otherClientCert, keyFile: certs.otherClientKey }));
    await expect(harness.registry.connect(id)).rejects.toThrow(
      'The broker rejected our client certificate (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA): it does not trust the CA that signed it',
    );
  });

  it('an encrypted key connects with the right passphrase', async () => {
    const id = await harness.create(
      tlsProfile(tlsPortOf(mutualBroker), { certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: certs.passphrase }),
    );
    await harness.registry.connect(id);
    expect(harness.state(id).status).toBe('connected');
  });

  it('a wrong passphrase stops connect() before any network traffic, shows why on the closed connection, and does not retry', async () => {
    const port = tlsPortOf(mutualBroker);
    const id = await harness.create(tlsProfile(port, { certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: 'battery staple' }));
    const logFrom = mutualBroker.logs().length;
    const words = 'The private key is encrypted and the passphrase is wrong';

    await expect(harness.registry.connect(id)).rejects.toThrow(words);
    expect(harness.state(id)).toMatchObject({ status: 'closed', error: true, reason: words });

    await quietPeriod(RECONNECT_PERIOD_MS + 500);
    expect(harness.states(id).map((s) => describeState(s.state))).toEqual(['idle', 'connecting attempt=1', `closed error=true reason="${words}"`]);
    expect(await inspector.rows(id, 0, 1000)).toEqual([]);
    expect(connectionsLogged(mutualBroker, logFrom), mutualBroker.logs()).toBe(0);
  });
});

describe('MQTT over secure WebSocket (wss)', () => {
  function wssProfile(tls: Partial<TlsOptions> = {}): ConnectionProfile {
    if (broker.wssPort === undefined) throw new Error('mosquitto started without its TLS websockets listener');
    return tlsProfile(broker.wssPort, tls, { transport: 'wss', path: '/mqtt' });
  }

  it('trusting the broker\'s CA connects through the TLS websockets listener, round-trips QoS 1, and the tap shows MQTT in clear', async () => {
    const { id, rows } = await roundTrip(wssProfile());
    await expectPlaintextPackets(id, rows);
  });

  it('verifies the server just like mqtts', async () => {
    const id = await harness.create(wssProfile({ caFiles: [certs.otherCaFile] }));
    await expect(harness.registry.connect(id)).rejects.toThrow('The server certificate is not trusted by your CA file other-ca.pem (SELF_SIGNED_CERT_IN_CHAIN)');
  });
});

describe('the TCP connection under TLS', () => {
  it.each(['mqtts', 'wss'] as const)('%s reports the endpoints a capture export needs', async (transport) => {
    const port = transport === 'mqtts' ? tlsPortOf(broker) : broker.wssPort;
    if (port === undefined) throw new Error('no listener');
    const profile = tlsProfile(port, {}, { transport });
    let endpoints: SocketEndpoints | undefined;
    const stream = openSocket(profile, await prepareTls(profile), {
      onSend: () => undefined,
      onReceive: (chunk, read) => read(chunk),
      onEndpoints: (reported) => (endpoints = reported),
    });
    stream.on('error', () => undefined);
    try {
      const reported = await waitFor(() => endpoints, 'endpoints', () => 'none reported', WAIT_MS);
      expect(reported).toMatchObject({ clientAddress: '127.0.0.1', serverAddress: '127.0.0.1', serverPort: port });
      expect(reported.clientPort).toBeGreaterThan(0);
    } finally {
      stream.destroy();
    }
  });
});

describe('checking certificate files for the form', () => {
  it('names a missing file, a file that is not PEM, a key given as certificate and a mismatched pair, each by its field', async () => {
    const notes = join(certs.dir, 'notes.txt');
    await writeFile(notes, 'not a certificate\n');

    expect(
      await checkTlsFiles({ caFiles: [certs.caFile, '/nonexistent/ca.pem'], certFile: certs.clientKey, keyFile: certs.clientKey, verifyServer: true }),
    ).toEqual({
      'tls.caFiles': 'Cannot read /nonexistent/ca.pem: no such file',
      'tls.certFile': 'client.key is not a PEM certificate (it holds a private key)',
    });
    expect(await checkTlsFiles({ caFiles: [notes], certFile: certs.clientCert, keyFile: certs.otherClientKey, verifyServer: true })).toEqual({
      'tls.caFiles': 'notes.txt is not a PEM certificate',
      'tls.keyFile': 'The certificate and key do not match',
    });
    expect(await checkTlsFiles({ caFiles: [], certFile: certs.clientCert, keyFile: notes, verifyServer: true })).toEqual({
      'tls.keyFile': 'notes.txt is not a PEM private key',
    });
  });

  it('asks for the passphrase of an encrypted key, says when it is wrong, and is quiet when all is well', async () => {
    const encrypted = { caFiles: [certs.caFile], certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, verifyServer: true };
    expect(await checkTlsFiles(encrypted)).toEqual({ 'tls.passphrase': 'The private key is encrypted: enter its passphrase' });
    expect(await checkTlsFiles({ ...encrypted, passphrase: 'battery staple' })).toEqual({
      'tls.passphrase': 'The private key is encrypted and the passphrase is wrong',
    });
    expect(await checkTlsFiles({ ...encrypted, passphrase: certs.passphrase })).toEqual({});
  });

  it('connect() stops with the form\'s words when a CA file cannot be read', async () => {
    const id = await harness.create(tlsProfile(tlsPortOf(broker), { caFiles: [join(certs.dir, 'gone.pem')] }));
    const words = `Cannot read ${join(certs.dir, 'gone.pem')}: no such file`;
    await expect(harness.registry.connect(id)).rejects.toThrow(words);
    const closed = await harness.waitForState(id, isClosed, 'closed');
    expect(closed).toMatchObject({ error: true, reason: words });
    expect(await inspector.rows(id, 0, 1000)).toEqual([]);
  });
});
