/**
 * History end to end: the engine's ConnectionRegistry (no inspector, as in the ingest bench's
 * untapped variant) subscribed to mosquitto while 1,000,000 messages of 64 bytes arrive, and
 * what this process (the engine, here) keeps for them: live memory (V8 heap in use + external,
 * after full GCs) and RSS, before the subscription's traffic and after it, per message. A file of
 * its own so the measured process has run nothing else. Merged into the `history` section as
 * engine_* fields.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { ConnectionRegistry } from '../src/main/engine/connectionRegistry';
import { DEFAULT_PROFILE, randomClientId } from '../src/shared/domain/profile';
import { startMosquitto, type RunningMosquitto } from '../test/support/mosquitto';
import { flood } from './feed';
import { mergeBenchSection } from './support/benchJson';
import { peakRss, settledMemory } from './support/processMemory';
import { foldRounds, wanted, type Section } from './support/rounds';
import { round1, sleep } from './support/time';

const MESSAGES = Number(process.env.BENCH_HISTORY_MESSAGES ?? 1_000_000);
/** Ten publishers, each in its own process, each on its own topic. */
const PUBLISHERS = 10;
const ROUNDS = Number(process.env.BENCH_HISTORY_ENGINE_ROUNDS ?? 1);

let broker: RunningMosquitto | undefined;
beforeAll(async () => {
  if (!wanted('history')) return;
  // max_queued_messages 0: mosquitto queues for a slow subscriber instead of dropping.
  broker = await startMosquitto({ extraConfig: ['max_queued_messages 0', 'max_queued_bytes 0'] });
});
afterAll(async () => broker?.stop());

async function measureEngine(port: number): Promise<Section> {
  const registry = new ConnectionRegistry();
  try {
    const info = await registry.create({ ...DEFAULT_PROFILE, protocolVersion: 4, port, clientId: randomClientId() });
    await registry.connect(info.id);
    await registry.subscribe(info.id, { filter: 'bench/history/#', qos: 0 });
    const store = registry.store(info.id);
    const before = settledMemory();
    const started = performance.now();
    const per = Math.ceil(MESSAGES / PUBLISHERS);
    await Promise.all(Array.from({ length: PUBLISHERS }, (_, k) => flood(port, `bench/history/${k}`, Math.min(per, MESSAGES - k * per))));
    // The engine may still be working through mosquitto's queue; stop once it has everything or stalls.
    let last = store.end;
    let lastMoved = performance.now();
    while (store.end - 1 < MESSAGES && performance.now() - lastMoved < 10_000) {
      await sleep(100);
      if (store.end !== last) {
        last = store.end;
        lastMoved = performance.now();
      }
    }
    const seconds = (lastMoved - started) / 1000;
    await sleep(1000);
    const after = settledMemory();
    const received = store.end - 1;
    return {
      engine_messages: received,
      engine_lost: MESSAGES - received,
      engine_bytes_per_msg: round1((after.live - before.live) / received),
      engine_rss_bytes_per_msg: round1((after.rss - before.rss) / received),
      engine_store_stats_bytes_per_msg: round1(store.stats.bytes / received),
      engine_live_delta_mb: round1((after.live - before.live) / 1e6),
      engine_rss_delta_mb: round1((after.rss - before.rss) / 1e6),
      engine_rss_mb: round1(after.rss / 2 ** 20),
      engine_rss_peak_mb: round1((peakRss() ?? Number.NaN) / 2 ** 20),
      engine_msgs_per_s: Math.round(received / Math.max(1e-3, seconds)),
    };
  } finally {
    await registry.dispose();
  }
}

it.skipIf(!wanted('history'))(`history end to end: ${MESSAGES.toLocaleString('en-US')} messages from mosquitto into the engine, ${ROUNDS} round(s)`, async () => {
  if (!broker) throw new Error('mosquitto did not start');
  const rounds: Section[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    try {
      rounds.push(await measureEngine(broker.port));
    } catch (error) {
      rounds.push({ error: (error as Error).message.split('\n')[0] ?? 'failed' });
    }
  }
  const { rounds: count, errors, error, ...fields } = foldRounds(rounds, { engine_lost: 'max' });
  if (process.env.BENCH_JSON) {
    mergeBenchSection(process.env.BENCH_JSON, 'history', { ...fields, engine_rounds: count, ...(errors ? { engine_errors: errors } : {}) });
  }
  if (typeof error === 'string') throw new Error(`history end to end could not run: ${error}`);
});
