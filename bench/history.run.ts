/**
 * The session store's real cost: 1,000,000 messages with 64-byte payloads over 1,000 topics,
 * fed through the engine's own MessageStore class, measured as this process's live memory
 * (V8 heap in use + external, after full GCs) before and after, divided by the message count,
 * next to the store's own accounting (stats.bytes). Goal: ≤ 400 B/message.
 * The end-to-end variant (the whole engine fed by mosquitto) is historyEngine.run.ts.
 */
import { it } from 'vitest';
import { MessageStore, type IncomingMessage } from '../src/main/store/messageStore';
import { mergeBenchSection } from './support/benchJson';
import { settledMemory } from './support/processMemory';
import { foldRounds, wanted, type Section } from './support/rounds';
import { round1 } from './support/time';

const MESSAGES = Number(process.env.BENCH_HISTORY_MESSAGES ?? 1_000_000);
const TOPICS = 1_000;
const PAYLOAD_BYTES = 64;
const ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? process.env.BENCH_ROUNDS ?? 3);

function measureStore(): Section {
  const payload = new Uint8Array(PAYLOAD_BYTES);
  const before = settledMemory();
  const store = new MessageStore();
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i += 1) {
    // Every message brings its own topic string and payload bytes, as one parsed off the wire does.
    payload[0] = i & 0xff;
    const message: IncomingMessage = {
      direction: 'in',
      topic: `bench/sensor/${i % TOPICS}/value`,
      payload: payload.slice(),
      qos: 0,
      retain: false,
      dup: false,
      time: performance.timeOrigin + performance.now(),
    };
    store.append(message);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = settledMemory();
  const { kept, dropped, bytes } = store.stats;
  return {
    messages: MESSAGES,
    bytes_per_msg: round1((after.live - before.live) / MESSAGES),
    store_stats_bytes_per_msg: round1(bytes / MESSAGES),
    process_delta_mb: round1((after.live - before.live) / 1e6),
    store_stats_mb: round1(bytes / 1e6),
    heap_delta_mb: round1((after.heapUsed - before.heapUsed) / 1e6),
    external_delta_mb: round1((after.external - before.external) / 1e6),
    rss_delta_mb: round1((after.rss - before.rss) / 1e6),
    kept,
    dropped,
    topics: TOPICS,
    payload_bytes: PAYLOAD_BYTES,
    append_msgs_per_s: Math.round(MESSAGES / seconds),
  };
}

it.skipIf(!wanted('history'))(`history: ${MESSAGES.toLocaleString('en-US')} messages (64 B, ${TOPICS.toLocaleString('en-US')} topics) in MessageStore, ${ROUNDS} rounds`, () => {
  const rounds: Section[] = [];
  // Each round's store is garbage before the next round's "before" is taken.
  for (let round = 0; round < ROUNDS; round += 1) rounds.push(measureStore());
  if (process.env.BENCH_JSON) mergeBenchSection(process.env.BENCH_JSON, 'history', foldRounds(rounds));
});
