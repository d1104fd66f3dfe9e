import { spawnLinePublishers } from './linePublishers';

export type SaturatingFeedOptions = {
  port: number;
  /** One mosquitto_pub per topic. */
  topics: readonly string[];
  durationMs: number;
  payloadBytes: number;
};

export type SaturatingFeedResult = {
  /** PUBLISH packets the broker received from the publishers: what a subscriber can get. */
  sent: number;
  /** Lines written to the publishers; more than `sent` when mosquitto_pub dropped some (see BrokerPublishCount). */
  written: number;
  startedAt: number;
  lastInputAt: number;
  doneAt: number;
  inputRate: number;
};

/** Lines per write: large enough that the bench's own loop is not the limit. */
const LINES_PER_WRITE = 2_000;

/**
 * Publishers as fast as the broker takes them: one `mosquitto_pub -l` per topic, each fed lines
 * whenever its pipe has room (a full pipe means mosquitto_pub, and behind it the broker, is the
 * limit), for a fixed time. Nothing paces it, so whatever reads the messages is measured at
 * saturation, not at a rate the input chose.
 */
export async function saturatingFlood(options: SaturatingFeedOptions): Promise<SaturatingFeedResult> {
  const block = `${'x'.repeat(options.payloadBytes)}\n`.repeat(LINES_PER_WRITE);
  const publishers = await spawnLinePublishers(options.port, options.topics);
  let written = 0;
  const startedAt = Date.now();
  let lastInputAt = startedAt;
  const until = startedAt + options.durationMs;
  // Each input is refilled whenever its pipe has room, until the time is up.
  const feeds = publishers.inputs.map(
    (stdin) =>
      new Promise<void>((resolve) => {
        const fill = () => {
          while (Date.now() < until) {
            written += LINES_PER_WRITE;
            lastInputAt = Date.now();
            if (!stdin.write(block)) return void stdin.once('drain', fill);
          }
          resolve();
        };
        fill();
      }),
  );
  await Promise.all(feeds);
  const sent = await publishers.finish(written, 120_000);
  const doneAt = Date.now();
  return { sent, written, startedAt, lastInputAt, doneAt, inputRate: sent / Math.max(1e-3, (doneAt - startedAt) / 1000) };
}
