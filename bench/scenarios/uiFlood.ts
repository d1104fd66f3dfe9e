import { bareSubscriber } from '../support/arrivals';
import { pacedFlood } from '../support/pacedFeed';
import { frameDeltas, startPageProfile, startProbes, stopProbes } from '../support/pageProbes';
import type { Section } from '../support/rounds';
import { percentile, round1, sleep } from '../support/time';
import { brokerDrops, firstAtLeast, waitForCounter, withUi, type UiBench } from '../support/uiHarness';

// The target rate (MQTT Explorer lost 2,151 of 500,000 at 50k msg/s). The paced feed runs
// one mosquitto_pub per topic, so the topic count stays at a hundred; the tree section covers 100k topics.
const UI_MESSAGES = Number(process.env.BENCH_UI_MESSAGES ?? 500_000);
const UI_RATE = Number(process.env.BENCH_UI_RATE ?? 50_000);
const UI_TOPICS = Array.from({ length: Number(process.env.BENCH_UI_TOPICS ?? 100) }, (_, i) => `bench/t${i}`);
const PAYLOAD_BYTES = 64;

export const uiFloodTitle = `${UI_MESSAGES.toLocaleString('en-US')} msgs at ${UI_RATE.toLocaleString('en-US')} msg/s over ${UI_TOPICS.length} topics`;

/**
 * A paced 64-byte flood over 100 topics: what the UI's own counter shows, how fast and how
 * smoothly, against a plain MQTT.js subscriber on the same feed in the same round.
 */
export async function measureUiFlood(bench: UiBench): Promise<Section> {
  const logFrom = bench.broker.logs().length;
  const feedOptions = { port: bench.broker.port, topics: UI_TOPICS, count: UI_MESSAGES, rate: UI_RATE, payloadBytes: PAYLOAD_BYTES };
  const bare = await bareSubscriber(bench.broker.port, 'bench/#', () => pacedFlood(feedOptions));
  return withUi(bench, 'bench/#', async (ui, workbench) => {
    await startProbes(ui.page, 'Messages kept');
    // Two idle seconds first: the frame times of this machine's headless Chromium with nothing to do.
    await sleep(2000);
    const profiling = await startPageProfile(ui.page);
    const feed = await pacedFlood(feedOptions);
    const outcome = await waitForCounter(ui, feed.sent, 5_000, feed.doneAt + 60_000);
    await profiling?.stop();
    const engineRssPeak = await workbench.peakRssMb();
    const probes = await stopProbes(ui.page);
    const samples = probes?.samples ?? [];
    const shown = Math.max(0, samples.at(-1)?.n ?? 0);
    const firstShownAt = samples.find((s) => s.n > 0)?.t;
    const lastShownAt = firstAtLeast(samples, shown);
    const seconds = firstShownAt !== undefined && lastShownAt !== undefined ? Math.max(1e-3, (lastShownAt - firstShownAt) / 1000) : undefined;
    const msgsPerSecond = seconds === undefined ? undefined : shown / seconds;
    const frames = probes?.frames ?? [];
    const flood = frameDeltas(frames, feed.startedAt, lastShownAt ?? feed.doneAt);
    const idle = frameDeltas(frames, -Infinity, feed.startedAt);
    return {
      sent: feed.sent,
      shown,
      lost: feed.sent - shown,
      msgs_per_s: round1(msgsPerSecond),
      ratio_to_bare: msgsPerSecond === undefined || bare.arrivals.msgsPerSecond === undefined ? null : Math.round((msgsPerSecond / bare.arrivals.msgsPerSecond) * 1000) / 1000,
      frame_p95_ms: round1(percentile(flood, 95)),
      target_rate: UI_RATE,
      input_rate: round1(feed.inputRate),
      // Lines mosquitto_pub read but never published (see BrokerPublishCount): not in `sent`.
      publisher_dropped: feed.written - feed.sent,
      bare_msgs_per_s: round1(bare.arrivals.msgsPerSecond),
      bare_received: bare.arrivals.received,
      // How long after the pacer handed out its last input the UI showed the last message: a
      // backlog (in the engine, the socket or the page), if large. Includes up to 100 ms of polling.
      ui_lag_after_last_input_ms: lastShownAt === undefined ? null : lastShownAt - feed.lastChunkAt,
      // The same for the bare subscriber on its own feed: the broker's backlog, which no reader
      // can beat (where it is over a second, the feed is faster than this machine's broker).
      bare_lag_after_last_input_ms: bare.arrivals.lastArrivedAt === undefined ? null : bare.arrivals.lastArrivedAt - bare.feed.lastChunkAt,
      frame_p50_ms: round1(percentile(flood, 50)),
      frame_max_ms: round1(flood.length ? Math.max(...flood) : undefined),
      frames_during_flood: flood.length,
      // How far p95 is from the next vsync: p95 stays at one frame while this is under 5 %.
      late_frame_pct: flood.length ? round1((flood.filter((delta) => delta > 20).length / flood.length) * 100) : null,
      idle_frame_p95_ms: round1(percentile(idle, 95)),
      engine_rss_peak_mb: round1(engineRssPeak),
      publisher_backpressured_writes: feed.backpressuredWrites,
      wait_outcome: outcome,
      broker_drops: brokerDrops(bench.broker, logFrom),
      ui_problems: ui.problems.slice(0, 20),
    };
  });
}
