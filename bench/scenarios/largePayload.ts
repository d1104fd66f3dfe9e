import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameDeltas, startProbes, stopProbes } from '../support/pageProbes';
import { publishFile } from '../support/publishers';
import type { Section } from '../support/rounds';
import { round1, sleep, withTimeout } from '../support/time';
import { brokerDrops, firstAtLeast, waitForCounter, withUi, type UiBench } from '../support/uiHarness';

export const LARGE_BYTES = Number(process.env.BENCH_LARGE_BYTES ?? 100_000_000);
const WINDOW_MS = 10_000;

/** One 100 MB message: the longest frame stall in the 10 s after it is sent, and whether the UI survives. */
export async function measureLargePayload(bench: UiBench): Promise<Section> {
  const logFrom = bench.broker.logs().length;
  const dir = await mkdtemp(join(tmpdir(), 'qoscope-bench-large-'));
  const file = join(dir, 'payload.bin');
  // Printable text, as a huge JSON or log dump would be: the UI's text preview path is exercised.
  await writeFile(file, Buffer.alloc(LARGE_BYTES, 'x'));
  try {
    return await withUi(bench, 'big/#', async (ui, workbench) => {
      const { page } = ui;
      await startProbes(page, 'Messages kept');
      await sleep(1000);
      const publishedAt = Date.now();
      let publishError: string | undefined;
      await publishFile(bench.broker.port, 'big/payload', file, 60_000).catch((error: Error) => (publishError = error.message));
      const windowEnd = publishedAt + WINDOW_MS;
      const outcome = await waitForCounter(ui, 1, 60_000, windowEnd);
      await sleep(Math.max(0, windowEnd - Date.now()));
      // The page answers only when its main thread is free: how long that took is a stall too.
      const answered = await withTimeout(
        page.evaluate(() => document.readyState),
        30_000,
        undefined,
      );
      const answeredAt = Date.now();
      const probes = await stopProbes(page, 5_000);
      const frames = probes?.frames ?? [];
      const deltas = frameDeltas(frames, publishedAt, windowEnd);
      // A stall still open at the end of the window has no closing frame: count it up to the answer.
      const lastFrame = frames.at(-1);
      const openStall = lastFrame !== undefined && lastFrame < windowEnd ? answeredAt - lastFrame : 0;
      const maxStall = Math.max(0, openStall, ...deltas);
      const deliveredAt = firstAtLeast(probes?.samples ?? [], 1);
      // Still usable: switching tab shows the topic the big message arrived on.
      const topicsWork = await withTimeout(
        (async () => {
          await page.getByRole('tab', { name: 'Topics' }).click({ timeout: 10_000 });
          await page.getByRole('status', { name: 'Topic count' }).filter({ hasText: /^1 topic,/ }).waitFor({ timeout: 10_000 });
          return true;
        })().catch(() => false),
        25_000,
        false,
      );
      return {
        bytes: LARGE_BYTES,
        max_stall_ms: round1(maxStall),
        window_ms: WINDOW_MS,
        frames_in_window: deltas.length,
        delivered_to_ui: deliveredAt !== undefined,
        delivery_ms: deliveredAt === undefined ? null : deliveredAt - publishedAt,
        survived: !ui.crashed() && answered !== undefined && workbench.alive() && topicsWork,
        page_answered: answered !== undefined,
        ui_usable_after: topicsWork,
        engine_alive: workbench.alive(),
        engine_rss_mb: round1(await workbench.rssMb()),
        engine_rss_peak_mb: round1(await workbench.peakRssMb()),
        publish_error: publishError ?? null,
        wait_outcome: outcome,
        broker_drops: brokerDrops(bench.broker, logFrom),
        ui_problems: ui.problems.slice(0, 20),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
