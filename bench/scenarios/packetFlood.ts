import { frameDeltas, nextFrame, startProbes, stopProbes } from '../support/pageProbes';
import { pacedFlood } from '../support/pacedFeed';
import type { Section } from '../support/rounds';
import { percentile, round1, withTimeout } from '../support/time';
import { firstAtLeast, waitForCounter, withUi, type UiBench } from '../support/uiHarness';

const PACKETS = Number(process.env.BENCH_PACKETS ?? 200_000);
const RATE = Number(process.env.BENCH_PACKETS_RATE ?? 50_000);
const TOPICS = Array.from({ length: 20 }, (_, i) => `pkt/t${i}`);
const SCROLL_STEPS = 200;

export const packetFloodTitle = `${PACKETS.toLocaleString('en-US')} packets captured at ${RATE.toLocaleString('en-US')} msg/s with the Packets view open, then scrolled`;

/**
 * The packet inspector under a flood: the Packets view stays open (following the newest packet)
 * while 200,000 PUBLISH packets are captured, then the list is scrolled back through them. Frame
 * times over both, and the page's heap: the packets live in the engine, the page holds a window.
 */
export async function measurePacketFlood(bench: UiBench): Promise<Section> {
  return withUi(bench, 'pkt/#', async (ui) => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Packets' }).click();
    await page.getByRole('status', { name: 'Packets kept' }).waitFor();
    await startProbes(page, 'Packets kept');
    const feed = await pacedFlood({ port: bench.broker.port, topics: TOPICS, count: PACKETS, rate: RATE, payloadBytes: 64 });
    const outcome = await waitForCounter(ui, feed.sent, 5_000, feed.doneAt + 60_000);
    const floodProbes = await stopProbes(page);
    const samples = floodProbes?.samples ?? [];
    const capturedAt = firstAtLeast(samples, feed.sent);
    const floodFrames = frameDeltas(floodProbes?.frames ?? [], feed.startedAt, capturedAt ?? feed.doneAt);

    // Back through the capture a wheel turn at a time, each step waiting for its frame.
    const list = page.locator('.packet-scroll');
    const box = await list.boundingBox();
    await startProbes(page, 'Packets kept');
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let step = 0; step < SCROLL_STEPS; step += 1) {
        await page.mouse.wheel(0, -box.height * 3);
        await nextFrame(page);
      }
    }
    const scrollProbes = await stopProbes(page);
    const scrollFrames = frameDeltas(scrollProbes?.frames ?? []);
    const rowsShown = await withTimeout(page.getByRole('option').count(), 5_000, 0);

    const cdp = await page.context().newCDPSession(page);
    const heap = await withTimeout(cdp.send('Runtime.getHeapUsage'), 10_000, undefined);
    await cdp.detach();
    const kept = Math.max(0, samples.at(-1)?.n ?? 0);
    return {
      packets: kept,
      frame_p95_ms: round1(percentile([...floodFrames, ...scrollFrames], 95)),
      page_heap_mb: round1(heap === undefined ? undefined : heap.usedSize / 2 ** 20),
      flood_frame_p95_ms: round1(percentile(floodFrames, 95)),
      scroll_frame_p95_ms: round1(percentile(scrollFrames, 95)),
      published: feed.sent,
      rows_on_screen_after_scroll: rowsShown,
      capture_lag_after_last_input_ms: capturedAt === undefined ? null : capturedAt - feed.lastChunkAt,
      wait_outcome: outcome,
      ui_problems: ui.problems.slice(0, 20),
    };
  });
}
