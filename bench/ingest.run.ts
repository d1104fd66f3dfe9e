/**
 * Ingest throughput on loopback against Debian mosquitto, all measured in the same run:
 *   bare      — a plain MQTT.js subscriber (the ceiling);
 *   untapped  — QoScope's engine without the packet inspector;
 *   tapped    — QoScope's engine with every packet framed, decoded and linked into flows.
 * Prints a table (min/median/max over rounds) and the tap's overhead; BENCH_JSON=file writes it.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, it } from 'vitest';
import { ConnectionRegistry } from '../src/main/engine/connectionRegistry';
import { Inspector } from '../src/main/inspector/inspector';
import { DEFAULT_PROFILE, randomClientId } from '../src/shared/domain/profile';
import { startMosquitto, type RunningMosquitto } from '../test/support/mosquitto';
import { flood } from './feed';
import { mergeBenchJson } from './support/benchJson';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TOPIC = 'bench/ingest';

type Result = { msgsPerSecond: number; received: number };
type Variant = 'bare' | 'untapped' | 'tapped';

let broker: RunningMosquitto;
beforeAll(async () => {
  // max_queued_messages 0: mosquitto never drops for a slow subscriber, so loss means ours.
  broker = await startMosquitto({ extraConfig: ['max_queued_messages 0', 'max_queued_bytes 0'] });
});
afterAll(async () => broker?.stop());

/** Subscribes, floods, and times from the first message to the last (or to the time limit). */
async function measure(variant: Variant): Promise<Result> {
  let received = 0;
  let first = 0;
  let last = 0;
  const count = (n: number) => {
    if (received === 0) first = performance.now();
    received += n;
    last = performance.now();
  };
  let cleanup: () => Promise<void>;
  if (variant === 'bare') {
    const client = await mqtt.connectAsync({ host: '127.0.0.1', port: broker.port, reconnectPeriod: 0 });
    await client.subscribeAsync(TOPIC, { qos: 0 });
    client.on('message', () => count(1));
    cleanup = () => client.endAsync();
  } else {
    const registry = new ConnectionRegistry(variant === 'tapped' ? new Inspector() : undefined);
    const info = await registry.create({ ...DEFAULT_PROFILE, protocolVersion: 4, port: broker.port, clientId: randomClientId() });
    await registry.connect(info.id);
    await registry.subscribe(info.id, { filter: TOPIC, qos: 0 });
    registry.onDidReceiveMessages((batch) => count(batch.count));
    cleanup = () => registry.dispose();
  }
  await flood(broker.port, TOPIC, MESSAGES);
  const deadline = Date.now() + 60_000;
  while (received < MESSAGES && Date.now() < deadline) {
    const before = received;
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (received === before && Date.now() - last > 5_000) break;
  }
  await cleanup();
  const seconds = Math.max(1e-3, (last - first) / 1000);
  return { msgsPerSecond: received / seconds, received };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
};

it(`ingest of ${MESSAGES.toLocaleString()} QoS 0 messages (64 B), ${ROUNDS} rounds`, async () => {
  const results: Record<Variant, Result[]> = { bare: [], untapped: [], tapped: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Interleaved, so machine noise hits every variant alike.
    for (const variant of ['bare', 'untapped', 'tapped'] as const) results[variant].push(await measure(variant));
  }
  const rate = (v: Variant) => stats(results[v].map((r) => r.msgsPerSecond));
  const lost = (v: Variant) => Math.max(...results[v].map((r) => MESSAGES - r.received));
  const bare = rate('bare');
  const untapped = rate('untapped');
  const tapped = rate('tapped');
  const overheadRatio = untapped.median / tapped.median - 1;
  const rows = (['bare', 'untapped', 'tapped'] as const).map((v) => {
    const s = rate(v);
    return `${v.padEnd(9)} ${Math.round(s.min).toLocaleString().padStart(9)} ${Math.round(s.median).toLocaleString().padStart(9)} ${Math.round(s.max).toLocaleString().padStart(9)}   lost ${lost(v)}`;
  });
  console.log(
    [
      '',
      `variant   msg/s min    median       max`,
      ...rows,
      '',
      `engine (untapped) / bare: ${(untapped.median / bare.median).toFixed(2)}`,
      `tap overhead: ${(overheadRatio * 100).toFixed(1)}% (untapped median / tapped median − 1; goal ≤ 15%)`,
      '',
    ].join('\n'),
  );
  if (process.env.BENCH_JSON) {
    // Merged, not overwritten: the UI bench writes its sections to the same file.
    mergeBenchJson(process.env.BENCH_JSON, {
      ingest: { bare_msgs_per_s: bare.median, engine_msgs_per_s: untapped.median, ratio: untapped.median / bare.median, lost: lost('untapped') },
      tap: { overhead_ratio: overheadRatio, tapped_msgs_per_s: tapped.median },
      ingest_rounds: results,
    });
  }
});
