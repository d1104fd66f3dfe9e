/**
 * The embedded broker against Debian mosquitto, side by side in one run, each in a process of its
 * own (the embedded one as the app hosts it: out/main/server.js), driven by MQTT.js clients here:
 *   fan-in  — 10 publishers → 1 subscriber, at QoS 0 and QoS 1;
 *   fan-out — 1 publisher → 100 subscribers, at QoS 0 and QoS 1.
 * Deliveries per second (first to last delivery seen), p99 latency (publish → delivery, from a
 * timestamp in each payload, one clock) and lost deliveries. Writes the `broker` section:
 * ratio_to_mosquitto (the lowest of the four ratios), lost, and each run's figures.
 * Then a restart with 100,000 retained messages: the app is stopped as a user quits it, started
 * again on the same data folder, and restart_retained_ms is the time from starting the process to
 * a new subscriber to `#` holding all 100,000 (process start and broker start included).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, it } from 'vitest';
import { startMosquitto, type RunningMosquitto } from '../test/support/mosquitto';
import { freePort } from '../test/support/freePort';
import { mergeBenchJson } from './support/benchJson';
import { foldRounds, wanted, type Section } from './support/rounds';
import { percentile } from './support/time';

const ROUNDS = Number(process.env.BENCH_BROKER_ROUNDS ?? process.env.BENCH_ROUNDS ?? 3);
const FAN_IN_MESSAGES = Number(process.env.BENCH_BROKER_FAN_IN ?? 100_000);
const FAN_OUT_MESSAGES = Number(process.env.BENCH_BROKER_FAN_OUT ?? 2_000);
const RETAINED = Number(process.env.BENCH_BROKER_RETAINED ?? 100_000);
const SERVER = path.resolve(__dirname, '../out/main/server.js');

let mosquitto: RunningMosquitto | undefined;
let embedded: { port: number; child: ChildProcess; dir: string } | undefined;

async function startEmbeddedProcess(reuse?: { port: number; dir: string }): Promise<{ port: number; child: ChildProcess; dir: string }> {
  const port = reuse?.port ?? (await freePort());
  const dir = reuse?.dir ?? mkdtempSync(path.join(tmpdir(), 'qoscope-bench-broker-'));
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--broker-port', String(port), '--broker-ws-port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the embedded broker did not start:\n${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Embedded broker: mqtt:/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${output}`)));
  });
  return { port, child, dir };
}

beforeAll(async () => {
  if (!wanted('broker')) return;
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: build first (npm run bench builds)`);
  mosquitto = await startMosquitto({ extraConfig: ['max_queued_messages 0', 'max_queued_bytes 0', 'max_inflight_messages 0'] });
  embedded = await startEmbeddedProcess();
});
afterAll(async () => {
  await mosquitto?.stop();
  embedded?.child.kill();
  if (embedded) rmSync(embedded.dir, { recursive: true, force: true });
});

const now = () => performance.timeOrigin + performance.now();

function connect(port: number): Promise<MqttClient> {
  return mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0, protocolVersion: 5 });
}

type Outcome = { deliveriesPerSecond: number; p99Ms: number; lost: number };

/** `publishers` × `perPublisher` messages to `subscribers` clients; every subscriber should get all of them. */
async function fan(port: number, topic: string, qos: 0 | 1, publishers: number, perPublisher: number, subscribers: number): Promise<Outcome> {
  const subs = await Promise.all(Array.from({ length: subscribers }, () => connect(port)));
  const expected = publishers * perPublisher * subscribers;
  let received = 0;
  let first = 0;
  let last = 0;
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  for (const sub of subs) {
    sub.on('message', (_t, payload) => {
      const t = now();
      if (received === 0) first = t;
      last = t;
      received += 1;
      // Every 10th: enough for a p99, without the bench measuring its own array.
      if (received % 10 === 0) latencies.push(t - Number(payload.toString('latin1', 0, 16)));
      if (received === expected) done();
    });
  }
  await Promise.all(subs.map((sub) => sub.subscribeAsync(topic, { qos })));
  const pubs = await Promise.all(Array.from({ length: publishers }, () => connect(port)));
  await Promise.all(
    pubs.map(async (pub) => {
      for (let i = 0; i < perPublisher; i += 1) {
        const sending = pub.publishAsync(topic, Buffer.from(now().toFixed(3).padStart(16, '0').padEnd(64, '.'), 'latin1'), { qos });
        if (i % 100 === 99) await sending;
      }
    }),
  );
  // What has not arrived a few seconds after the last publish is lost.
  let settled = received;
  for (let quiet = 0; received < expected && quiet < 10; ) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    quiet = received === settled ? quiet + 1 : 0;
    settled = received;
  }
  await Promise.race([all, Promise.resolve()]);
  await Promise.all([...subs, ...pubs].map((client) => client.endAsync(true)));
  return { deliveriesPerSecond: received / Math.max(1e-3, (last - first) / 1000), p99Ms: percentile(latencies, 99) ?? 0, lost: expected - received };
}

const RUNS = [
  { name: 'fan_in_qos0', qos: 0, publishers: 10, perPublisher: () => FAN_IN_MESSAGES / 10, subscribers: 1 },
  { name: 'fan_in_qos1', qos: 1, publishers: 10, perPublisher: () => FAN_IN_MESSAGES / 10, subscribers: 1 },
  { name: 'fan_out_qos0', qos: 0, publishers: 1, perPublisher: () => FAN_OUT_MESSAGES, subscribers: 100 },
  { name: 'fan_out_qos1', qos: 1, publishers: 1, perPublisher: () => FAN_OUT_MESSAGES, subscribers: 100 },
] as const;

it.skipIf(!wanted('broker'))(`broker: embedded vs mosquitto, fan-in 10→1 and fan-out 1→100 at QoS 0 and 1, ${ROUNDS} rounds`, { timeout: 1_800_000 }, async () => {
  if (!mosquitto || !embedded) throw new Error('a broker did not start');
  const rounds: Section[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const section: Section = {};
    const ratios: number[] = [];
    let lost = 0;
    for (const run of RUNS) {
      const topic = `bench/broker/${run.name}/${round}`;
      const ours = await fan(embedded.port, topic, run.qos, run.publishers, run.perPublisher(), run.subscribers);
      const theirs = await fan(mosquitto.port, topic, run.qos, run.publishers, run.perPublisher(), run.subscribers);
      const ratio = ours.deliveriesPerSecond / Math.max(1, theirs.deliveriesPerSecond);
      ratios.push(ratio);
      lost += ours.lost;
      Object.assign(section, {
        [`${run.name}_ratio`]: Math.round(ratio * 1000) / 1000,
        [`${run.name}_embedded_per_s`]: Math.round(ours.deliveriesPerSecond),
        [`${run.name}_mosquitto_per_s`]: Math.round(theirs.deliveriesPerSecond),
        [`${run.name}_embedded_p99_ms`]: Math.round(ours.p99Ms * 10) / 10,
        [`${run.name}_mosquitto_p99_ms`]: Math.round(theirs.p99Ms * 10) / 10,
        [`${run.name}_mosquitto_lost`]: theirs.lost,
      });
    }
    rounds.push({ ratio_to_mosquitto: Math.round(Math.min(...ratios) * 1000) / 1000, lost, ...section });
  }
  const restart = await restartWithRetained(embedded);
  embedded = restart.embedded;
  const folded = foldRounds(rounds, { lost: 'max' });
  if (process.env.BENCH_JSON) mergeBenchJson(process.env.BENCH_JSON, { broker: { ...folded, restart_retained_ms: restart.ms, restart_retained_count: restart.count } });
});

/** Counts the retained messages a fresh subscriber to `#` gets, resolving once it has `expected`. */
async function retainedArrive(port: number, expected: number): Promise<number> {
  const reader = await connect(port);
  let count = 0;
  await new Promise<void>((resolve) => {
    // Missing ones are reported by the count, not waited for forever.
    setTimeout(resolve, 60_000);
    reader.on('message', (_topic, _payload, packet) => {
      if (packet.retain) count += 1;
      if (count === expected) resolve();
    });
    void reader.subscribeAsync('bench/retained/#', { qos: 0 });
  });
  await reader.endAsync(true);
  return count;
}

async function restartWithRetained(running: { port: number; child: ChildProcess; dir: string }): Promise<{ ms: number; count: number; embedded: { port: number; child: ChildProcess; dir: string } }> {
  const publisher = await connect(running.port);
  for (let i = 0; i < RETAINED; i += 1) {
    const sending = publisher.publishAsync(`bench/retained/${Math.floor(i / 1000)}/${i}`, Buffer.alloc(64, 0x61), { qos: 1, retain: true });
    if (i % 1000 === 999) await sending;
  }
  await publisher.endAsync();
  // All stored before the restart: a subscriber gets every one.
  await retainedArrive(running.port, RETAINED);
  running.child.kill('SIGTERM');
  await new Promise((resolve) => running.child.once('exit', resolve));
  const started = performance.now();
  const again = await startEmbeddedProcess(running);
  const count = await retainedArrive(again.port, RETAINED);
  return { ms: Math.round(performance.now() - started), count, embedded: again };
}
