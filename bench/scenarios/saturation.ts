import { frameDeltas, startPageProfile, startProbes, stopProbes } from '../support/pageProbes';
import type { Section } from '../support/rounds';
import { bareSubscriberProcess } from '../support/arrivals';
import { saturatingFlood } from '../support/saturatingFeed';
import { percentile, round1, sleep } from '../support/time';
import { brokerDrops, firstAtLeast, waitForCounter, withUi, type UiBench } from '../support/uiHarness';

// Publishers as fast as the broker takes them, for a fixed time: on a fast machine a paced 50k
// msg/s input can be the bound and hide a slow UI; here the input never is.
const SATURATION_SECONDS = Number(process.env.BENCH_SATURATION_SECONDS ?? 10);
const PUBLISHERS = Array.from({ length: Number(process.env.BENCH_SATURATION_PUBLISHERS ?? 2) }, (_, i) => `sat/p${i}`);
const PAYLOAD_BYTES = 64;

export const saturationTitle = `${PUBLISHERS.length} unpaced publishers for ${SATURATION_SECONDS} s, ${PAYLOAD_BYTES}-byte messages`;

/** msg/s between the first and the last message a reader saw. */
const rate = (count: number, first: number | undefined, last: number | undefined) =>
  first === undefined || last === undefined ? undefined : count / Math.max(1e-3, (last - first) / 1000);

/** The UI's own counter at saturation against the bare subscriber's rate, measured in the same round. */
export async function measureSaturation(bench: UiBench): Promise<Section> {
  const logFrom = bench.broker.logs().length;
  const feedOptions = { port: bench.broker.port, topics: PUBLISHERS, durationMs: SATURATION_SECONDS * 1000, payloadBytes: PAYLOAD_BYTES };
  // In a process of its own, as the workbench's engine is: see bareSubscriberProcess.
  const bare = await bareSubscriberProcess(bench.broker.port, 'sat/#', () => saturatingFlood(feedOptions));
  return withUi(bench, 'sat/#', async (ui, workbench) => {
    await startProbes(ui.page, 'Messages kept');
    await sleep(1000);
    const profiling = await startPageProfile(ui.page);
    const feed = await saturatingFlood(feedOptions);
    const outcome = await waitForCounter(ui, feed.sent, 10_000, feed.doneAt + 180_000);
    await profiling?.stop();
    const engineRssPeak = await workbench.peakRssMb();
    const probes = await stopProbes(ui.page);
    const samples = probes?.samples ?? [];
    const shown = Math.max(0, samples.at(-1)?.n ?? 0);
    const msgsPerSecond = rate(shown, samples.find((s) => s.n > 0)?.t, firstAtLeast(samples, shown));
    const frames = frameDeltas(probes?.frames ?? [], feed.startedAt, firstAtLeast(samples, shown) ?? feed.doneAt);
    return {
      sent: feed.sent,
      shown,
      lost: feed.sent - shown,
      msgs_per_s: round1(msgsPerSecond),
      bare_msgs_per_s: round1(bare.arrivals.msgsPerSecond),
      ratio_to_bare: msgsPerSecond === undefined || bare.arrivals.msgsPerSecond === undefined ? null : Math.round((msgsPerSecond / bare.arrivals.msgsPerSecond) * 1000) / 1000,
      bare_lost: bare.sent - bare.arrivals.received,
      input_rate: round1(feed.inputRate),
      // Lines mosquitto_pub read but never published (see BrokerPublishCount): not in `sent`.
      publisher_dropped: feed.written - feed.sent,
      frame_p95_ms: round1(percentile(frames, 95)),
      engine_rss_peak_mb: round1(engineRssPeak),
      wait_outcome: outcome,
      broker_drops: brokerDrops(bench.broker, logFrom),
      ui_problems: ui.problems.slice(0, 20),
    };
  });
}
