import type { IConnackPacket, MqttClient } from 'mqtt';
import type { ConnectionProfile, ProtocolVersion } from '../../shared/domain/profile';
import type { CheckRow } from '../../shared/domain/brokerCheck';
import type { PacketObserver } from '../wire/wireObservers';
import { connectProbe, type ProbeOptions } from './probeClient';
import type { PreparedTls } from './tls/prepareTls';

export type { CheckResult, CheckRow } from '../../shared/domain/brokerCheck';

/** How long a probe waits for what a correct broker sends at once. */
const WAIT_MS = 2_000;

type Open = (options?: ProbeOptions) => Promise<{ client: MqttClient; connack: IConnackPacket }>;
type Probe = (client: (options?: ProbeOptions) => Promise<MqttClient>, base: string, open: Open) => Promise<Omit<CheckRow, 'name'>>;

/**
 * What a broker supports and whether it behaves, probed with short-lived clients of its own (the
 * connection's address, credentials and TLS; fresh client ids; topics under a random prefix, and
 * retained messages cleared after): one row per behaviour, pass / fail / not supported, with what
 * was seen. Each probe is independent, so one failure does not hide the others.
 */
export type CheckOptions = {
  onRow?(row: CheckRow): void;
  /**
   * A capture for each probe connection (a new socket of one capture): its packets are the proof
   * of each row, whose `packets` then names their capture numbers.
   */
  openTap?(): PacketObserver;
};

export async function checkBroker(profile: ConnectionProfile, tls: PreparedTls | undefined, options: CheckOptions = {}): Promise<CheckRow[]> {
  const { onRow, openTap } = options;
  const base = `qoscope-check/${Math.random().toString(36).slice(2, 10)}`;
  const rows: CheckRow[] = [];
  for (const [name, probe] of PROBES) {
    const opened: MqttClient[] = [];
    let packets: { first: number; last: number } | undefined;
    // Each probe connection's packets are numbered by the capture; the row keeps the span.
    const rowTap = (): PacketObserver | undefined => {
      const tap = openTap?.();
      if (!tap) return undefined;
      return {
        keep: tap.keep,
        onPacket: (direction, frame, time) => {
          const no = tap.onPacket(direction, frame, time);
          packets = { first: Math.min(packets?.first ?? no, no), last: Math.max(packets?.last ?? no, no) };
          return no;
        },
        onEndpoints: (endpoints) => tap.onEndpoints(endpoints),
      };
    };
    const open: Open = async (options = {}) => {
      const tap = rowTap();
      const probe = await connectProbe(profile, tls, tap ? { ...options, tap } : options);
      opened.push(probe.client);
      return probe;
    };
    const client = async (options: ProbeOptions = {}) => (await open(options)).client;
    let row: CheckRow;
    try {
      row = { name, ...(await withTimeout(probe(client, `${base}/${rows.length}`, open), 15_000)) };
    } catch (error) {
      row = { name, result: 'fail', detail: error instanceof Error ? error.message : String(error) };
    } finally {
      await Promise.all(opened.map((c) => c.endAsync(true).catch(() => undefined)));
    }
    if (packets) row.packets = packets;
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

const PROBES: [string, Probe][] = [
  ['MQTT 3.1 accepted', (client) => versionAccepted(client, 3)],
  ['MQTT 3.1.1 accepted', (client) => versionAccepted(client, 4)],
  ['MQTT 5.0 accepted', (client) => versionAccepted(client, 5)],
  [
    'Maximum QoS',
    async (_client, _base, open) => {
      const max = (await open({ protocolVersion: 5 }).catch(() => undefined))?.connack.properties?.maximumQoS;
      return { result: 'pass', detail: max === undefined ? 'QoS 2 (CONNACK sets no Maximum QoS)' : `QoS ${max} (CONNACK Maximum QoS)` };
    },
  ],
  ['QoS 0 delivered', (client, base) => roundTrip(client, base, 0)],
  ['QoS 1 delivered', (client, base) => roundTrip(client, base, 1)],
  ['QoS 2 delivered exactly once', (client, base) => roundTrip(client, base, 2)],
  [
    'QoS downgraded to the granted QoS',
    async (client, base) => {
      const sub = await client();
      const got = collect(sub);
      await sub.subscribeAsync(`${base}/t`, { qos: 0 });
      const pub = await client();
      await pub.publishAsync(`${base}/t`, 'x', { qos: 2 });
      const [packet] = await got.wait(1);
      if (!packet) return { result: 'fail', detail: 'the message never arrived' };
      return packet.qos === 0 ? { result: 'pass', detail: 'published at QoS 2, delivered at QoS 0 as granted' } : { result: 'fail', detail: `delivered at QoS ${packet.qos} on a QoS 0 subscription (§3.8.4)` };
    },
  ],
  [
    'Retained messages',
    async (client, base) => {
      const pub = await client();
      await pub.publishAsync(`${base}/r`, 'kept', { qos: 1, retain: true });
      try {
        const sub = await client();
        const got = collect(sub);
        await sub.subscribeAsync(`${base}/r`, { qos: 1 });
        const [packet] = await got.wait(1);
        if (!packet) return { result: 'not supported', detail: 'no retained message on subscribing' };
        return packet.retain ? { result: 'pass', detail: 'sent to a new subscriber, with RETAIN set' } : { result: 'fail', detail: 'sent without RETAIN set' };
      } finally {
        await pub.publishAsync(`${base}/r`, '', { qos: 1, retain: true });
      }
    },
  ],
  [
    'Wildcards + and #',
    async (client, base) => {
      const sub = await client();
      const got = collect(sub);
      await sub.subscribeAsync([`${base}/+/x`, `${base}/deep/#`], { qos: 0 });
      const pub = await client();
      for (const topic of [`${base}/a/x`, `${base}/a/y`, `${base}/deep`, `${base}/deep/1/2`]) await pub.publishAsync(topic, 'x', { qos: 1 });
      const topics = (await got.wait(3)).map((p) => p.topic.slice(base.length)).sort();
      const expected = ['/a/x', '/deep', '/deep/1/2'];
      return topics.join() === expected.join() ? { result: 'pass', detail: '+ one level; # many, and its parent' } : { result: 'fail', detail: `received ${topics.join(', ') || 'nothing'}; expected ${expected.join(', ')}` };
    },
  ],
  [
    '$SYS topics',
    async (client) => {
      const sub = await client();
      const got = collect(sub);
      await sub.subscribeAsync('$SYS/#', { qos: 0 });
      const [packet] = await got.wait(1);
      return packet ? { result: 'pass', detail: `e.g. ${packet.topic}` } : { result: 'not supported', detail: `nothing on $SYS/# within ${WAIT_MS / 1000} s` };
    },
  ],
  [
    'Shared subscriptions',
    async (client, base) => {
      const [a, b] = [await client({ protocolVersion: 5 }), await client({ protocolVersion: 5 })];
      const [gotA, gotB] = [collect(a), collect(b)];
      const granted = await a.subscribeAsync(`$share/g/${base}/s`, { qos: 1 }).catch((error: Error) => error);
      if (granted instanceof Error) return { result: 'not supported', detail: `SUBSCRIBE to $share/… refused: ${granted.message}` };
      if ((granted[0]?.qos ?? 0x80) >= 0x80) return { result: 'not supported', detail: `SUBACK refused $share (code 0x${(granted[0]?.qos ?? 0x80).toString(16)})` };
      await b.subscribeAsync(`$share/g/${base}/s`, { qos: 1 });
      const pub = await client();
      for (let i = 0; i < 10; i += 1) await pub.publishAsync(`${base}/s`, String(i), { qos: 1 });
      await sleep(500);
      const total = gotA.packets.length + gotB.packets.length;
      return total === 10 ? { result: 'pass', detail: `10 messages split ${gotA.packets.length} / ${gotB.packets.length} between two members` } : { result: 'fail', detail: `two members received ${total} of 10` };
    },
  ],
  [
    'Session resumed with queued QoS 1/2',
    async (client, base, open) => {
      const clientId = `qoscope-check-${Math.random().toString(36).slice(2, 10)}`;
      const first = await client({ clientId, clean: false, protocolVersion: 4 });
      await first.subscribeAsync(`${base}/q`, { qos: 2 });
      await first.endAsync();
      const pub = await client();
      for (let i = 1; i <= 3; i += 1) await pub.publishAsync(`${base}/q`, `m${i}`, { qos: i === 2 ? 2 : 1 });
      // The queued messages may arrive right after CONNACK: listen before it.
      const packets: string[] = [];
      const { connack } = await open({ clientId, clean: false, protocolVersion: 4, onPublish: (packet) => packets.push(packet.payload.toString()) });
      await sleep(WAIT_MS);
      const order = packets.join(' ');
      if (!connack.sessionPresent) return { result: 'fail', detail: 'CONNACK session present = 0 for a persistent session' };
      return order === 'm1 m2 m3' ? { result: 'pass', detail: 'session present, 3 queued messages delivered in order' } : { result: 'fail', detail: `queued m1 m2 m3, delivered ${order || 'nothing'}` };
    },
  ],
  [
    'Will delivered on a lost connection',
    async (client, base) => {
      const sub = await client();
      const got = collect(sub);
      await sub.subscribeAsync(`${base}/will`, { qos: 1 });
      const dying = await client({ protocolVersion: 4, will: { topic: `${base}/will`, payload: 'gone', qos: 1, retain: false } });
      dying.stream.destroy();
      const [packet] = await got.wait(1, 4_000);
      return packet ? { result: 'pass', detail: 'published when the client vanished without DISCONNECT' } : { result: 'fail', detail: 'no will within 4 s of the connection dropping' };
    },
  ],
  [
    'Empty client id',
    async (client) => {
      const clean = await client({ clientId: '', clean: true, protocolVersion: 4 }).then(
        () => 'accepted',
        (e: Error) => `refused (${e.message})`,
      );
      const persistent = await client({ clientId: '', clean: false, protocolVersion: 4 }).then(
        () => 'accepted',
        (e: Error) => `refused (${e.message})`,
      );
      // 3.1.1 §3.1.3: an empty id needs clean session 1; with 0 the server must refuse (0x02).
      const ok = clean === 'accepted' && persistent.startsWith('refused');
      return { result: ok ? 'pass' : 'fail', detail: `clean session 1: ${clean}; clean session 0: ${persistent}` };
    },
  ],
  [
    'Topic alias (MQTT 5)',
    async (client, base) => {
      const pub = await client({ protocolVersion: 5 });
      const max = (pub as unknown as { topicAliasSend?: { max?: number } }).topicAliasSend?.max ?? 0;
      if (max === 0) return { result: 'not supported', detail: 'CONNACK Topic Alias Maximum 0' };
      const sub = await client({ protocolVersion: 5 });
      const got = collect(sub);
      await sub.subscribeAsync(`${base}/alias`, { qos: 1 });
      await pub.publishAsync(`${base}/alias`, 'one', { qos: 1, properties: { topicAlias: 1 } });
      await pub.publishAsync('', 'two', { qos: 1, properties: { topicAlias: 1 } });
      const payloads = (await got.wait(2)).map((p) => p.payload.toString());
      return payloads.join() === 'one,two' ? { result: 'pass', detail: `maximum ${max}; a PUBLISH by alias alone was delivered on its topic` } : { result: 'fail', detail: `received ${payloads.join(', ') || 'nothing'}` };
    },
  ],
  [
    'Receive Maximum honoured (MQTT 5)',
    async (client, base) => {
      // Our acks are held back, so every QoS 1 message the broker sends stays in flight.
      // (MQTT.js handles one packet at a time, so holding the first ack holds all the others; the
      // PUBLISHes are counted on the wire.)
      const held: (() => void)[] = [];
      let onWire = 0;
      const sub = await client({
        protocolVersion: 5,
        connectProperties: { receiveMaximum: 2 },
        client: { customHandleAcks: (_t, _m, _p, done) => void held.push(() => done(0)) },
        onWirePublish: () => (onWire += 1),
      });
      await sub.subscribeAsync(`${base}/rm`, { qos: 1 });
      const pub = await client();
      for (let i = 0; i < 5; i += 1) await pub.publishAsync(`${base}/rm`, String(i), { qos: 1 });
      await sleep(1_000);
      const before = onWire;
      if (before === 0) return { result: 'fail', detail: 'no QoS 1 message arrived at all' };
      for (const ack of held.splice(0)) ack();
      return before <= 2 ? { result: 'pass', detail: `${before} in flight with Receive Maximum 2 before any PUBACK` } : { result: 'fail', detail: `${before} QoS 1 messages sent with Receive Maximum 2 and no PUBACK yet` };
    },
  ],
  [
    'Maximum Packet Size honoured (MQTT 5)',
    async (client, base) => {
      // Sizes are read on the wire: MQTT.js itself refuses a packet over its limit.
      const sizes: number[] = [];
      const sub = await client({ protocolVersion: 5, connectProperties: { maximumPacketSize: 128 }, onWirePublish: (bytes) => sizes.push(bytes.length) });
      await sub.subscribeAsync(`${base}/big`, { qos: 1 });
      const pub = await client();
      await pub.publishAsync(`${base}/big`, 'x'.repeat(1_000), { qos: 1 });
      await pub.publishAsync(`${base}/big`, 'small', { qos: 1 });
      await sleep(WAIT_MS / 2);
      const largest = Math.max(0, ...sizes);
      if (largest > 128) return { result: 'fail', detail: `a ${largest}-byte PUBLISH was sent to a client whose Maximum Packet Size is 128` };
      return sizes.length > 0 ? { result: 'pass', detail: 'the too-large PUBLISH was not sent; the small one was' } : { result: 'fail', detail: 'not even the small PUBLISH arrived' };
    },
  ],
];

async function versionAccepted(client: (options?: ProbeOptions) => Promise<MqttClient>, version: ProtocolVersion): Promise<Omit<CheckRow, 'name'>> {
  try {
    await client({ protocolVersion: version });
    return { result: 'pass', detail: 'CONNACK accepted' };
  } catch (error) {
    return { result: 'not supported', detail: error instanceof Error ? error.message : String(error) };
  }
}

async function roundTrip(client: (options?: ProbeOptions) => Promise<MqttClient>, base: string, qos: 0 | 1 | 2): Promise<Omit<CheckRow, 'name'>> {
  const sub = await client();
  const got = collect(sub);
  await sub.subscribeAsync(`${base}/q${qos}`, { qos });
  const pub = await client();
  await pub.publishAsync(`${base}/q${qos}`, 'x', { qos });
  await got.wait(1);
  await sleep(qos === 2 ? 500 : 0);
  const count = got.packets.length;
  if (count === 0) return { result: 'fail', detail: 'not delivered' };
  if (qos === 2 && count > 1) return { result: 'fail', detail: `delivered ${count} times` };
  const delivered = got.packets[0]!.qos;
  return delivered === qos ? { result: 'pass', detail: `delivered at QoS ${qos}` } : { result: 'fail', detail: `delivered at QoS ${delivered}` };
}

type Collected = { packets: { topic: string; payload: Buffer; qos: number; retain: boolean }[]; wait(count: number, timeoutMs?: number): Promise<Collected['packets']> };

function collect(client: MqttClient): Collected {
  const packets: Collected['packets'] = [];
  client.on('message', (topic, payload, packet) => packets.push({ topic, payload, qos: packet.qos, retain: packet.retain }));
  return {
    packets,
    async wait(count, timeoutMs = WAIT_MS) {
      const until = Date.now() + timeoutMs;
      while (packets.length < count && Date.now() < until) await sleep(20);
      return packets;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms).unref();
    }),
  ]);
}
