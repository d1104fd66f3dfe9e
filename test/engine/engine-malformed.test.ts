/**
 * A broker that sends a malformed packet, or one that breaks the protocol, must lose the
 * connection (3.1.1 §4.8, 5.0 §4.13; MQTT 5 says why first with DISCONNECT 0x81 or 0x82), and
 * the user must see which packet it was and why. Proven against a hostile raw TCP server that
 * answers CONNECT properly and then sends one bad packet, and against mosquitto for a good session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IDisconnectPacket } from 'mqtt-packet';
import { Inspector } from '../../src/main/inspector/inspector';
import type { PacketRow } from '../../src/shared/inspector/packets/types';
import type { ReconnectPolicy } from '../../src/shared/domain/profile';
import { startMosquitto } from '../support/mosquitto';
import { startHostileBroker } from '../support/hostileBroker';
import { EngineHarness, isClosed, isConnected, profileFor, utf8, waitFor } from './harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Version = 4 | 5;
type BadPacket = {
  name: string;
  bytes(version: Version): number[];
  /** The DISCONNECT reason code MQTT 5 calls for: 0x81 Malformed Packet, 0x82 Protocol Error. */
  code: 0x81 | 0x82;
  /** The rule as the inspector and the connection state cite it. */
  rule(version: Version): string;
};

/** A fixed header with a one-byte Remaining Length, then the body. */
const frame = (first: number, body: number[]): number[] => [first, body.length, ...body];
/** MQTT 5 packets carry a property block; an empty one is a single 0. */
const noProperties = (version: Version): number[] => (version === 5 ? [0] : []);
const TOPIC_T = [0x00, 0x01, 0x74];

const CORPUS: BadPacket[] = [
  {
    name: 'a PUBLISH with QoS 3',
    bytes: (v) => frame(0x36, [...TOPIC_T, 0x00, 0x01, ...noProperties(v), 0x78]),
    code: 0x81,
    rule: () => '[MQTT-3.3.1-4]',
  },
  {
    name: 'a QoS 1 PUBLISH with packet id 0',
    bytes: (v) => frame(0x32, [...TOPIC_T, 0x00, 0x00, ...noProperties(v), 0x78]),
    code: 0x82,
    rule: (v) => (v === 5 ? '[MQTT-2.2.1-4]' : '[MQTT-2.3.1-1]'),
  },
  { name: 'a packet of reserved type 0', bytes: () => [0x00, 0x00], code: 0x81, rule: () => 'type 0 is reserved and forbidden' },
  {
    name: 'a SUBACK for a SUBSCRIBE that was never sent',
    bytes: (v) => frame(0x90, [0x00, 0x07, ...noProperties(v), 0x00]),
    code: 0x82,
    rule: () => '[MQTT-3.8.4-2]',
  },
  {
    name: 'a Remaining Length of 5 bytes',
    bytes: () => [0x30, 0xff, 0xff, 0xff, 0xff, 0x7f],
    code: 0x81,
    rule: () => 'Remaining Length continues past 4 bytes',
  },
];

const NO_RECONNECT: ReconnectPolicy = { enabled: false, minDelay: 1, maxDelay: 30 };

const describeRows = (rows: PacketRow[]) =>
  rows.map((r) => `  #${r.no} s${r.socket} ${r.direction} ${r.type} ${r.summary}${r.problems.length ? ` ⚠ ${r.problems.join('; ')}` : ''}`).join('\n');

function tappedEngine(): { engine: EngineHarness; inspector: Inspector } {
  const inspector = new Inspector();
  const engine = new EngineHarness(inspector);
  cleanups.push(() => engine.dispose());
  return { engine, inspector };
}

/** Connects to a hostile broker sending `bad` after CONNACK, and checks all a user would notice. */
async function expectClosedOver(version: Version, bad: BadPacket, transport: 'tcp' | 'ws'): Promise<void> {
  const broker = await startHostileBroker(() => new Uint8Array(bad.bytes(version)), transport);
  cleanups.push(() => broker.stop());
  const { engine, inspector } = tappedEngine();
  // Keepalive 60 s: the close awaited below cannot be a keepalive timeout.
  const id = await engine.create(
    profileFor(broker.port, { protocolVersion: version, keepalive: 60, reconnect: NO_RECONNECT, transport: transport === 'ws' ? 'ws' : 'mqtt' }),
  );
  // The CONNACK is fine, so connecting may succeed before the bad packet is read.
  await engine.registry.connect(id).catch(() => undefined);

  const closed = await engine.waitForState(id, isClosed, 'closed by the engine');
  await waitFor(() => (broker.closed > 0 ? true : undefined), 'the broker to see the connection closed', () => `${broker.closed} closed`);

  const rows = await inspector.rows(id, 0, 1_000);
  const flagged = rows.find((r) => r.direction === 'in' && r.problems.some((p) => p.startsWith('QoScope') && p.includes(bad.rule(version))));
  expect(flagged, describeRows(rows)).toBeDefined();
  const words = bad.code === 0x81 ? 'The broker sent a malformed packet' : 'The broker sent a packet that breaks the protocol';
  expect(closed.reason).toContain(words);
  expect(closed.reason).toContain(`no. ${flagged?.no}`);
  expect(closed.reason).toContain(bad.rule(version));

  // MQTT.js never saw the packet, so it never answered it (no PUBACK 0).
  expect(broker.received.map((p) => p.cmd)).not.toContain('puback');
  const disconnects = broker.received.filter((p): p is IDisconnectPacket => p.cmd === 'disconnect');
  const outgoing = rows.filter((r) => r.direction === 'out' && r.type === 'DISCONNECT');
  if (version === 5) {
    expect(disconnects.map((d) => d.reasonCode)).toEqual([bad.code]);
    expect(outgoing.map((r) => r.no > (flagged?.no ?? Infinity)), describeRows(rows)).toEqual([true]);
  } else {
    // 3.1.1's DISCONNECT means a normal end; a protocol violation just closes.
    expect(disconnects).toEqual([]);
    expect(outgoing).toEqual([]);
  }
}

describe.each([4, 5] as const)('MQTT %s: a broker that breaks the protocol', (version) => {
  it.each(CORPUS)('loses the connection over $name, and the user sees which packet and why', (bad) => expectClosedOver(version, bad, 'tcp'));

  it('loses it over WebSocket too', () => expectClosedOver(version, CORPUS[1]!, 'ws'));

  it('backs off between reconnects to a broker that breaks the protocol every time', async () => {
    const broker = await startHostileBroker(() => new Uint8Array(CORPUS[0]!.bytes(version)));
    cleanups.push(() => broker.stop());
    const { engine } = tappedEngine();
    const id = await engine.create(profileFor(broker.port, { protocolVersion: version, reconnect: { enabled: true, minDelay: 1, maxDelay: 30 } }));
    await engine.registry.connect(id).catch(() => undefined);

    const waits = await waitFor(
      () => {
        const seen = engine.states(id).flatMap(({ state, seenAt }) => (state.status === 'reconnecting' ? [{ state, seenAt }] : []));
        return seen.length >= 2 ? seen : undefined;
      },
      'two reconnects',
      () => engine.describeStates(id),
    );
    for (const { state } of waits) expect(state.reason).toContain('[MQTT-3.3.1-4]');
    const [first, second] = waits.map(({ state, seenAt }) => state.nextAttemptAt - seenAt);
    // Each connection got its CONNACK, yet the wait still doubled: no reconnect loop at full speed.
    expect(second, engine.describeStates(id)).toBeGreaterThan((first ?? 0) * 1.5);
  });
});

describe.each([4, 5] as const)('MQTT %s: a broker that keeps the rules', (version) => {
  it('keeps a session with subscribe, QoS 1 and 2 both ways and unsubscribe, flagging nothing', async () => {
    const mosquitto = await startMosquitto();
    cleanups.push(() => mosquitto.stop());
    const { engine, inspector } = tappedEngine();
    const id = await engine.create(profileFor(mosquitto.port, { protocolVersion: version }));
    await engine.registry.connect(id);
    await engine.registry.subscribe(id, { filter: 'good/#', qos: 2 });
    await engine.registry.publish(id, { topic: 'good/1', payload: utf8('one'), qos: 1, retain: false });
    await engine.registry.publish(id, { topic: 'good/2', payload: utf8('two'), qos: 2, retain: false });
    await engine.waitForReceived(id, 'good/2');
    await engine.registry.unsubscribe(id, 'good/#');

    expect(engine.state(id).status).toBe('connected');
    await engine.waitForState(id, isConnected, 'still connected');
    const rows = await inspector.rows(id, 0, 1_000);
    expect(rows.flatMap((r) => r.problems), describeRows(rows)).toEqual([]);
    expect(rows.filter((r) => r.direction === 'in').map((r) => r.type), describeRows(rows)).toEqual(
      expect.arrayContaining(['CONNACK', 'SUBACK', 'PUBACK', 'PUBREC', 'PUBCOMP', 'PUBLISH', 'UNSUBACK']),
    );
  });
});
