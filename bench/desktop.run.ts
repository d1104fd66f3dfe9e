/**
 * The UI flood through the desktop path: the built main entry with the simulated `electron`
 * (e2e/electron), its window a real Chromium page fed over the simulated IPC, against Debian
 * mosquitto, beside a plain MQTT.js subscriber on the same paced feed in the same round. Reports
 * what the window's own counter showed, whether anything was lost, and the renderer's JS heap at
 * the end (bounded: the window pages rows from the engine, and main holds back live batches a
 * window has not acknowledged).
 */
import { afterAll, beforeAll, it } from 'vitest';
import { startDesktopApp } from '../e2e/electron/desktopApp';
import type { RunningMosquitto } from '../test/support/mosquitto';
import { startBenchBroker } from './support/benchBroker';
import { mergeBenchJson } from './support/benchJson';
import { connectAndSubscribe } from './support/browser';
import { bareSubscriber } from './support/arrivals';
import { pacedFlood } from './support/pacedFeed';
import { foldRounds, wanted, type Section } from './support/rounds';
import { round1, sleep } from './support/time';

const MESSAGES = Number(process.env.BENCH_DESKTOP_MESSAGES ?? 200_000);
const RATE = Number(process.env.BENCH_DESKTOP_RATE ?? 50_000);
const TOPICS = Array.from({ length: 100 }, (_, i) => `bench/t${i}`);
const ROUNDS = Number(process.env.BENCH_DESKTOP_ROUNDS ?? process.env.BENCH_ROUNDS ?? 2);

let broker: RunningMosquitto | undefined;
beforeAll(async () => {
  if (wanted('desktop')) broker = await startBenchBroker();
});
afterAll(async () => {
  await broker?.stop();
});

/** A plain MQTT.js subscriber on the same paced feed, in the same round. */
async function bare(port: number): Promise<number | undefined> {
  const { arrivals } = await bareSubscriber(port, 'bench/#', () => pacedFlood({ port, topics: TOPICS, count: MESSAGES, rate: RATE, payloadBytes: 64 }));
  return arrivals.msgsPerSecond;
}

async function round(port: number): Promise<Section> {
  const bareRate = await bare(port);
  const { app, stop } = await startDesktopApp();
  try {
    const page = app.window;
    await connectAndSubscribe(page, { name: 'Bench', port, filter: 'bench/#' });
    const counter = page.getByRole('status', { name: 'Messages kept' });
    const shownNow = async () => Number((/^([\d,]+) messages?/.exec((await counter.textContent()) ?? '')?.[1] ?? '0').replace(/,/g, ''));
    // The window's counter is read while the feed runs: the rate is first shown to last shown.
    const feeding = pacedFlood({ port, topics: TOPICS, count: MESSAGES, rate: RATE, payloadBytes: 64 });
    let feed: Awaited<typeof feeding> | undefined;
    void feeding.then((done) => (feed = done));
    let shown = 0;
    let firstAt = 0;
    let lastShownAt = 0;
    let lastChange = Date.now();
    while (!feed || (shown < feed.sent && Date.now() - lastChange < 10_000)) {
      const now = await shownNow();
      if (now > 0 && firstAt === 0) firstAt = performance.now();
      if (now !== shown) {
        lastChange = Date.now();
        lastShownAt = performance.now();
      }
      shown = now;
      await sleep(50);
    }
    const seconds = Math.max(1e-3, (lastShownAt - firstAt) / 1000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return {
      sent: feed.sent,
      shown,
      lost: feed.sent - shown,
      msgs_per_s: round1(shown / seconds),
      ratio_to_bare: bareRate === undefined ? null : Math.round((shown / seconds / bareRate) * 1000) / 1000,
      bare_msgs_per_s: round1(bareRate),
      renderer_heap_mb: round1(heap.usedSize / 1024 / 1024),
      input_rate: round1(feed.inputRate),
    };
  } finally {
    await stop();
  }
}

it.skipIf(!wanted('desktop'))(`desktop: ${MESSAGES.toLocaleString('en-US')} msgs at ${RATE.toLocaleString('en-US')} msg/s through the simulated desktop path, ${ROUNDS} rounds`, async () => {
  const results: Section[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    try {
      results.push(await round(broker!.port));
    } catch (error) {
      results.push({ error: (error as Error).message.split('\n')[0] ?? 'failed' });
    }
  }
  const folded = foldRounds(results, { lost: 'max', renderer_heap_mb: 'max' });
  if (process.env.BENCH_JSON) mergeBenchJson(process.env.BENCH_JSON, { desktop: folded });
  if (typeof folded.error === 'string') throw new Error(`desktop: no round could run: ${folded.error}`);
});
