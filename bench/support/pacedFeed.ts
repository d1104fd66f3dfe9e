import { spawnLinePublishers } from './linePublishers';

export type PacedFeedOptions = {
  port: number;
  /** Messages go round-robin over these topics: message i to topics[i % topics.length]. */
  topics: readonly string[];
  count: number;
  /** Target messages per second over all topics. */
  rate: number;
  payloadBytes: number;
  /** How often the pacer hands out input; the brief's 50 ms keeps bursts small at 20k msg/s (1,000 per tick). */
  chunkMs?: number;
};

export type PacedFeedResult = {
  /** PUBLISH packets the broker received from the publishers (see BrokerPublishCount): what a subscriber can get. */
  sent: number;
  /** Lines handed to the publishers; more than `sent` when mosquitto_pub dropped some. */
  written: number;
  startedAt: number;
  /** When the last chunk was handed out (wall clock). */
  lastChunkAt: number;
  /** When every publisher had exited, i.e. everything was written to the broker. */
  doneAt: number;
  /** Achieved input rate over the pacing window, msg/s. */
  inputRate: number;
  /** Writes that hit a full pipe: the publishers fell behind the target rate if this is large. */
  backpressuredWrites: number;
};

/**
 * A paced flood: one `mosquitto_pub -l` per topic (mosquitto_pub -l has one topic per process),
 * each in its own process so the publisher does not share a CPU budget with the bench's event
 * loop, fed with lines on a fixed clock. The pacer computes how many messages are due from the
 * elapsed time, not from the number of ticks, so a late timer catches up instead of lowering
 * the rate.
 */
export async function pacedFlood(options: PacedFeedOptions): Promise<PacedFeedResult> {
  const chunkMs = options.chunkMs ?? 50;
  const line = `${'x'.repeat(options.payloadBytes)}\n`;
  const publishers = await spawnLinePublishers(options.port, options.topics);
  const inputs = publishers.inputs;

  const topicCount = inputs.length;
  let written = 0;
  let backpressuredWrites = 0;
  const startedAt = Date.now();
  let lastChunkAt = startedAt;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(options.count, Math.floor(((Date.now() - startedAt) / 1000) * options.rate));
      if (due > written) {
        // Messages written..due-1 go round-robin; give each publisher its share in one write.
        for (let k = 0; k < topicCount; k += 1) {
          const firstIndex = written + ((k - (written % topicCount) + topicCount) % topicCount);
          const n = firstIndex < due ? Math.floor((due - 1 - firstIndex) / topicCount) + 1 : 0;
          if (n > 0 && inputs[k]?.write(line.repeat(n)) === false) backpressuredWrites += 1;
        }
        written = due;
        lastChunkAt = Date.now();
      }
      if (written >= options.count) return resolve();
      setTimeout(tick, chunkMs - ((Date.now() - startedAt) % chunkMs));
    };
    tick();
  });
  const sent = await publishers.finish(written, 60_000);
  const doneAt = Date.now();
  return { sent, written, startedAt, lastChunkAt, doneAt, inputRate: written / Math.max(1e-3, (lastChunkAt - startedAt) / 1000), backpressuredWrites };
}
