import { parseArgs } from 'node:util';
import type { MqttClient } from 'mqtt';
import type { QoS } from '../../shared/domain/message';
import { connectProbe } from '../engine/probeClient';
import { prepareTls } from '../engine/tls/prepareTls';
import { UsageError } from './cliErrors';
import { CONNECTION_OPTIONS, connectionProfile, wholeNumberFlag } from './connectionFlags';

export const BENCH_HELP = `qoscope bench: load a broker and measure it

  qoscope bench pub|sub|conn [-c CLIENTS] [-n COUNT] [-s BYTES] [-q QOS] [-i MS] [--json]

  pub    CLIENTS publishers send COUNT messages each; one subscriber receives them all
  sub    one publisher sends COUNT messages; CLIENTS subscribers each receive them all
  conn   CLIENTS clients connect at once: how long each CONNECT took
  -c, --clients N          clients (default 1 for pub and sub, 100 for conn)
  -n, --count N            messages per publisher (default 10,000)
  -s, --size BYTES         payload size (default 64; at least 16: the send time and a number)
  -q, --qos 0|1|2          QoS (default 0)
  -i, --interval MS        pause between one publisher's messages (default 0: as fast as it can)
      --json               the results as one JSON object
  Connection flags as for qoscope pub (qoscope pub --help).
  Latency is from publish to receive, read from a timestamp in each payload (same machine clock).

Examples:
  qoscope bench pub -c 10 -n 10000 -q 1
  qoscope bench sub -c 100 -n 1000 -L mqtt://broker.local:1883
  qoscope bench conn -c 500 --json
Exit: 0 done, 1 usage, 2 connection refused or failed.`;

// -c is the client count here (as in MQTTX's bench); the session flag keeps its long name only.
const { 'no-clean-session': _keepSession, ...connectionOptions } = CONNECTION_OPTIONS;

const OPTIONS = {
  ...connectionOptions,
  'no-clean-session': { type: 'boolean' },
  clients: { type: 'string', short: 'c' },
  count: { type: 'string', short: 'n' },
  size: { type: 'string', short: 's' },
  qos: { type: 'string', short: 'q' },
  interval: { type: 'string', short: 'i' },
  json: { type: 'boolean' },
} as const;

const HEADER_BYTES = 16;

export type BenchResult = {
  mode: 'pub' | 'sub' | 'conn';
  clients: number;
  sent: number;
  expected: number;
  received: number;
  lost: number;
  duplicated: number;
  seconds: number;
  msgs_per_s: number;
  latency_ms: { p50: number; p95: number; p99: number; max: number };
};

export async function benchCommand(args: string[], out: { line(text: string): void; progress(text: string): void }): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  const mode = positionals[0];
  if (mode !== 'pub' && mode !== 'sub' && mode !== 'conn') throw new UsageError('say what to measure: qoscope bench pub, bench sub or bench conn');
  const clients = wholeNumberFlag('-c', values.clients, 1, 10_000) ?? (mode === 'conn' ? 100 : 1);
  const count = wholeNumberFlag('-n', values.count, 1, 100_000_000) ?? 10_000;
  const size = wholeNumberFlag('-s', values.size, HEADER_BYTES, 256 * 1024 * 1024) ?? 64;
  const qos = (wholeNumberFlag('-q', values.qos, 0, 2) ?? 0) as QoS;
  const interval = wholeNumberFlag('-i', values.interval, 0, 3_600_000) ?? 0;
  const profile = await connectionProfile(values, out.progress);
  const tls = profile.tls ? await prepareTls(profile) : undefined;
  const open = async () => (await connectProbe(profile, tls)).client;
  const opened: MqttClient[] = [];
  try {
    const result =
      mode === 'conn'
        ? await benchConnect(clients, async () => opened.push(await open()))
        : await benchMessages(mode, { clients, count, size, qos, interval }, async () => {
            const client = await open();
            opened.push(client);
            return client;
          }, out.progress);
    out.line(values.json ? JSON.stringify(result) : describe(result));
  } finally {
    await Promise.all(opened.map((client) => client.endAsync(true).catch(() => undefined)));
  }
}

type Load = { clients: number; count: number; size: number; qos: QoS; interval: number };

async function benchMessages(mode: 'pub' | 'sub', load: Load, open: () => Promise<MqttClient>, progress: (text: string) => void): Promise<BenchResult> {
  const topic = `qoscope-bench/${Math.random().toString(36).slice(2, 10)}`;
  const publishers = mode === 'pub' ? load.clients : 1;
  const subscribers = mode === 'sub' ? load.clients : 1;
  const expected = load.count * publishers * subscribers;
  const seen = new Set<number>();
  const latencies: number[] = [];
  let received = 0;
  let duplicated = 0;
  let sent = 0;
  let lastAt = 0;
  const receivers = await Promise.all(Array.from({ length: subscribers }, open));
  await Promise.all(
    receivers.map(async (receiver, r) => {
      receiver.on('message', (_topic, payload: Buffer) => {
        const now = performance.timeOrigin + performance.now();
        lastAt = now;
        received += 1;
        latencies.push(now - payload.readDoubleBE(0));
        // Publisher, number and receiver make one delivery; seen twice is a duplicate.
        const key = (payload.readUInt32BE(8) * load.count + payload.readUInt32BE(12)) * subscribers + r;
        if (seen.has(key)) duplicated += 1;
        else seen.add(key);
      });
      await receiver.subscribeAsync(`${topic}/#`, { qos: load.qos });
    }),
  );
  const senders = await Promise.all(Array.from({ length: publishers }, open));
  const startedAt = performance.timeOrigin + performance.now();
  const ticker = setInterval(() => progress(`sent ${sent.toLocaleString('en-US')}, received ${received.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')}`), 1000);
  try {
    await Promise.all(
      senders.map(async (sender, p) => {
        const payload = Buffer.alloc(load.size);
        payload.writeUInt32BE(p, 8);
        for (let i = 0; i < load.count; i += 1) {
          payload.writeDoubleBE(performance.timeOrigin + performance.now(), 0);
          payload.writeUInt32BE(i, 12);
          // QoS 0 is written without waiting for the one before; 1 and 2 go on at the broker's ack.
          const sending = sender.publishAsync(`${topic}/${p}`, Buffer.from(payload), { qos: load.qos });
          if (load.qos > 0 || i % 1000 === 999) await sending;
          sent += 1;
          if (load.interval > 0) await new Promise((resolve) => setTimeout(resolve, load.interval));
        }
      }),
    );
    // Wait for the rest: until all arrived, or nothing came for 3 s.
    while (received < expected && performance.timeOrigin + performance.now() - Math.max(lastAt, startedAt) < 3_000) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    clearInterval(ticker);
  }
  const seconds = Math.max(1e-3, (lastAt - startedAt) / 1000);
  return {
    mode,
    clients: load.clients,
    sent,
    expected,
    received,
    lost: expected - seen.size,
    duplicated,
    seconds: round(seconds),
    msgs_per_s: Math.round(received / seconds),
    latency_ms: summary(latencies),
  };
}

async function benchConnect(clients: number, connectOne: () => Promise<unknown>): Promise<BenchResult> {
  const times: number[] = [];
  let failed = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const began = performance.now();
      try {
        await connectOne();
        times.push(performance.now() - began);
      } catch {
        failed += 1;
      }
    }),
  );
  const seconds = Math.max(1e-3, (performance.now() - startedAt) / 1000);
  return { mode: 'conn', clients, sent: clients, expected: clients, received: times.length, lost: failed, duplicated: 0, seconds: round(seconds), msgs_per_s: Math.round(times.length / seconds), latency_ms: summary(times) };
}

function summary(values: number[]): BenchResult['latency_ms'] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
  return { p50: at(50), p95: at(95), p99: at(99), max: round(sorted.at(-1) ?? 0) };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function describe(r: BenchResult): string {
  const rate = r.mode === 'conn' ? `${r.msgs_per_s.toLocaleString('en-US')} connections/s` : `${r.msgs_per_s.toLocaleString('en-US')} msg/s`;
  const what = r.mode === 'conn' ? `${r.received} of ${r.expected} connected` : `${r.received.toLocaleString('en-US')} of ${r.expected.toLocaleString('en-US')} received, ${r.lost} lost, ${r.duplicated} duplicated`;
  const latency = `${r.mode === 'conn' ? 'connect' : 'latency'} p50 ${r.latency_ms.p50} ms, p95 ${r.latency_ms.p95} ms, p99 ${r.latency_ms.p99} ms, max ${r.latency_ms.max} ms`;
  return `bench ${r.mode}, ${r.clients} client${r.clients === 1 ? '' : 's'}: ${what} in ${r.seconds} s; ${rate}; ${latency}`;
}
