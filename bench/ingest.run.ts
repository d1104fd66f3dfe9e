/**
 * Ingest throughput on loopback against Debian mosquitto, all measured in the same round:
 *   bare      — a plain MQTT.js subscriber (the ceiling);
 *   untapped  — QoScope's engine without the packet inspector;
 *   tapped    — QoScope's engine with every packet framed, decoded and linked into flows.
 * Rounds are interleaved so machine noise hits every variant alike, and each round's ratios are
 * taken within the round. Writes the `ingest` and `tap` sections (median, with min/median/max).
 */
import { messagesIn } from '../src/shared/domain/liveBatch';
import mqtt from 'mqtt';
import { Arrivals } from './support/arrivals';
import { afterAll, beforeAll, it } from 'vitest';
import { ConnectionRegistry } from '../src/main/engine/connectionRegistry';
import { Inspector } from '../src/main/inspector/inspector';
import { DEFAULT_PROFILE, randomClientId } from '../src/shared/domain/profile';
import type { RunningMosquitto } from '../test/support/mosquitto';
import { startBenchBroker } from './support/benchBroker';
import { flood } from './feed';
import { mergeBenchJson } from './support/benchJson';
import { foldRounds, wanted, type Section } from './support/rounds';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? process.env.BENCH_ROUNDS ?? 3);
const TOPIC = 'bench/ingest';

type Result = { msgsPerSecond: number; received: number };
type Variant = 'bare' | 'untapped' | 'tapped';

let broker: RunningMosquitto | undefined;
beforeAll(async () => {
  if (!wanted('ingest') && !wanted('tap')) return;
  broker = await startBenchBroker();
});
afterAll(async () => broker?.stop());

/** Subscribes, floods, and times from the first message to the last (or to the time limit). */
async function measure(port: number, variant: Variant): Promise<Result> {
  const arrivals = new Arrivals();
  const count = (n: number) => arrivals.count(n);
  let cleanup: () => Promise<void>;
  if (variant === 'bare') {
    const client = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0 });
    await client.subscribeAsync(TOPIC, { qos: 0 });
    client.on('message', () => count(1));
    cleanup = () => client.endAsync();
  } else {
    const registry = new ConnectionRegistry(variant === 'tapped' ? new Inspector() : undefined);
    const info = await registry.create({ ...DEFAULT_PROFILE, protocolVersion: 4, port, clientId: randomClientId() });
    await registry.connect(info.id);
    await registry.subscribe(info.id, { filter: TOPIC, qos: 0 });
    registry.onDidReceiveMessages((batch) => count(messagesIn(batch)));
    cleanup = () => registry.dispose();
  }
  await flood(port, TOPIC, MESSAGES);
  await arrivals.settle(MESSAGES);
  await cleanup();
  return { msgsPerSecond: arrivals.msgsPerSecond ?? 0, received: arrivals.received };
}

it.skipIf(!wanted('ingest') && !wanted('tap'))(`ingest of ${MESSAGES.toLocaleString('en-US')} QoS 0 messages (64 B), ${ROUNDS} rounds`, async () => {
  if (!broker) throw new Error('mosquitto did not start');
  const ingest: Section[] = [];
  const tap: Section[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const result = {} as Record<Variant, Result>;
    for (const variant of ['bare', 'untapped', 'tapped'] as const) result[variant] = await measure(broker.port, variant);
    const { bare, untapped, tapped } = result;
    ingest.push({
      bare_msgs_per_s: Math.round(bare.msgsPerSecond),
      engine_msgs_per_s: Math.round(untapped.msgsPerSecond),
      ratio: untapped.msgsPerSecond / bare.msgsPerSecond,
      lost: MESSAGES - untapped.received,
      messages: MESSAGES,
      bare_lost: MESSAGES - bare.received,
    });
    tap.push({
      // How much slower the engine is with the inspector on: untapped / tapped − 1 (goal ≤ 0.15).
      overhead_ratio: untapped.msgsPerSecond / tapped.msgsPerSecond - 1,
      tapped_msgs_per_s: Math.round(tapped.msgsPerSecond),
      untapped_msgs_per_s: Math.round(untapped.msgsPerSecond),
      tapped_lost: MESSAGES - tapped.received,
    });
  }
  if (process.env.BENCH_JSON) {
    mergeBenchJson(process.env.BENCH_JSON, {
      ingest: foldRounds(ingest, { lost: 'max', bare_lost: 'max' }),
      tap: foldRounds(tap, { tapped_lost: 'max' }),
    });
  }
});
