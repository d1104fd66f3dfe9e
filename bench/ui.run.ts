/**
 * The UI under load, in browser mode, in headless Chromium, against Debian mosquitto (started
 * here with unlimited queues, so any loss is QoScope's):
 *   ui            — a paced 64-byte flood over 100 topics: what the UI shows, how fast, how
 *                   smoothly, against a plain MQTT.js subscriber on the same feed;
 *   tree          — 100,000 distinct topics: time to build the Topics tree, memory, and frame
 *                   times while scrolling the whole tree expanded by a filter;
 *   large_payload — one 100 MB message: the longest frame stall, and whether the UI survives;
 *   history       — not measurable yet (no engine-side store); written as such, not faked.
 * A measurement: it prints a table and, with BENCH_JSON=file, merges its sections into that file.
 * Nothing here fails the run for being slow; only a bench that cannot set up fails.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { startMosquitto, type RunningMosquitto } from '../test/support/mosquitto';
import { mergeBenchJson } from './support/benchJson';
import { connectAndSubscribe, launchChromium, openUi, type UiPage } from './support/browser';
import { pacedFlood, type PacedFeedResult } from './support/pacedFeed';
import { frameDeltas, nextFrame, peekProbes, startProbes, stopProbes, type CounterSample } from './support/pageProbes';
import { publishEachOnce, publishFile } from './support/publishers';
import { percentile, round1, sleep, withTimeout } from './support/time';
import { startBenchWorkbench, type BenchWorkbench } from './support/workbench';

const UI_MESSAGES = Number(process.env.BENCH_UI_MESSAGES ?? 200_000);
const UI_RATE = Number(process.env.BENCH_UI_RATE ?? 20_000);
const UI_TOPICS = Array.from({ length: 100 }, (_, i) => `bench/t${i}`);
const PAYLOAD_BYTES = 64;
/** load/{a}/{b}/{c}: 50 × 50 × 40 = 100,000 leaves. Smaller via BENCH_TREE_SHAPE=a,b,c for trying the bench out. */
const TREE_SHAPE = (process.env.BENCH_TREE_SHAPE ?? '50,50,40').split(',').map(Number) as [number, number, number];
const TREE_TOPICS = TREE_SHAPE[0] * TREE_SHAPE[1] * TREE_SHAPE[2];
const LARGE_BYTES = Number(process.env.BENCH_LARGE_BYTES ?? 100_000_000);
/** The topic tree's row height (TopicsView.tsx): to tell when the filtered tree is fully laid out. */
const TOPIC_ROW_PX = 26;

type Section = Record<string, unknown>;

let broker: RunningMosquitto;
let browser: Browser;
beforeAll(async () => {
  // Unlimited queues: mosquitto never drops for a slow subscriber, so loss means ours. No
  // message_size_limit: its default (0) already allows the MQTT maximum of 256 MiB, enough for
  // the 100 MB payload.
  broker = await startMosquitto({ extraConfig: ['max_queued_messages 0', 'max_queued_bytes 0'] });
  browser = await launchChromium();
});
afterAll(async () => {
  await withTimeout(browser?.close() ?? Promise.resolve(), 15_000, undefined);
  await broker?.stop();
});

/** Lines mosquitto logged since `from` (an offset into its log) that say it dropped messages. */
function brokerDrops(from: number): string[] {
  return broker
    .logs()
    .slice(from)
    .split('\n')
    .filter((line) => /dropp/i.test(line));
}

/** A fresh workbench and page per scenario: each measures its own load, not the previous one's leftovers. */
async function withUi<T>(filter: string, body: (ui: UiPage, workbench: BenchWorkbench) => Promise<T>): Promise<T> {
  const workbench = await startBenchWorkbench();
  let ui: UiPage | undefined;
  try {
    ui = await openUi(browser, workbench.url);
    await connectAndSubscribe(ui.page, { name: 'mosquitto', port: broker.port, filter });
    return await body(ui, workbench);
  } finally {
    await ui?.close();
    await workbench.stop();
  }
}

/** Samples a process's RSS every 250 ms until stopped, keeping the peak. */
function rssPeak(workbench: BenchWorkbench): { stop(): Promise<number | undefined> } {
  let peak: number | undefined;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rss = await workbench.rssMb();
      if (rss !== undefined) peak = Math.max(peak ?? 0, rss);
      await sleep(250);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}

/**
 * Polls the in-page counter until it reaches `target`, stops moving for `quietMs`, or `deadline`
 * (wall clock) passes. A page too busy to answer counts as "still moving" until the deadline.
 */
async function waitForCounter(ui: UiPage, target: number, quietMs: number, deadline: number): Promise<'reached' | 'stalled' | 'deadline' | 'crashed'> {
  for (;;) {
    if (ui.crashed()) return 'crashed';
    const peek = await peekProbes(ui.page);
    if (peek && peek.n >= target) return 'reached';
    if (peek?.lastChangeAt !== undefined && Date.now() - peek.lastChangeAt > quietMs) return 'stalled';
    if (Date.now() > deadline) return 'deadline';
    await sleep(500);
  }
}

/** When the counter first showed at least `n`, from the in-page samples. */
const firstAtLeast = (samples: readonly CounterSample[], n: number) => samples.find((s) => s.n >= n)?.t;

// ---------------------------------------------------------------------------------------------

/** A plain MQTT.js subscriber on the same paced feed: the ceiling the UI is compared with. */
async function bareRate(): Promise<{ received: number; msgsPerSecond: number; feed: PacedFeedResult }> {
  const client = await mqtt.connectAsync({ host: '127.0.0.1', port: broker.port, reconnectPeriod: 0 });
  let received = 0;
  let first = 0;
  let last = 0;
  client.on('message', () => {
    if (received === 0) first = performance.now();
    received += 1;
    last = performance.now();
  });
  try {
    await client.subscribeAsync('bench/#', { qos: 0 });
    const feed = await pacedFlood({ port: broker.port, topics: UI_TOPICS, count: UI_MESSAGES, rate: UI_RATE, payloadBytes: PAYLOAD_BYTES });
    const deadline = Date.now() + 30_000;
    while (received < feed.sent && Date.now() < deadline && performance.now() - last < 5_000) await sleep(100);
    return { received, msgsPerSecond: received / Math.max(1e-3, (last - first) / 1000), feed };
  } finally {
    await withTimeout(client.endAsync(), 10_000, undefined);
  }
}

async function measureUi(): Promise<Section> {
  const logFrom = broker.logs().length;
  const bare = await bareRate();
  return withUi('bench/#', async (ui, workbench) => {
    await startProbes(ui.page, 'Messages kept');
    // Two idle seconds first: the frame times of this machine's headless Chromium with nothing to do.
    await sleep(2000);
    const rss = rssPeak(workbench);
    const feed = await pacedFlood({ port: broker.port, topics: UI_TOPICS, count: UI_MESSAGES, rate: UI_RATE, payloadBytes: PAYLOAD_BYTES });
    const outcome = await waitForCounter(ui, feed.sent, 5_000, feed.doneAt + 60_000);
    const engineRssPeak = await rss.stop();
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
      target_rate: UI_RATE,
      input_rate: round1(feed.inputRate),
      msgs_per_s: round1(msgsPerSecond),
      bare_msgs_per_s: round1(bare.msgsPerSecond),
      bare_received: bare.received,
      ratio_to_bare: msgsPerSecond === undefined ? null : Math.round((msgsPerSecond / bare.msgsPerSecond) * 1000) / 1000,
      // How long after the pacer handed out its last input the UI showed the last message: a
      // backlog (in the engine, the socket or the page), if large. Includes up to 100 ms of polling.
      ui_lag_after_last_input_ms: lastShownAt === undefined ? null : lastShownAt - feed.lastChunkAt,
      frame_p50_ms: round1(percentile(flood, 50)),
      frame_p95_ms: round1(percentile(flood, 95)),
      frame_max_ms: round1(flood.length ? Math.max(...flood) : undefined),
      frames_during_flood: flood.length,
      idle_frame_p95_ms: round1(percentile(idle, 95)),
      engine_rss_peak_mb: round1(engineRssPeak),
      publisher_backpressured_writes: feed.backpressuredWrites,
      wait_outcome: outcome,
      broker_drops: brokerDrops(logFrom),
      ui_problems: ui.problems.slice(0, 20),
    };
  });
}

// ---------------------------------------------------------------------------------------------

function* treeTopics(): Generator<string> {
  const [as, bs, cs] = TREE_SHAPE;
  for (let a = 0; a < as; a += 1) for (let b = 0; b < bs; b += 1) for (let c = 0; c < cs; c += 1) yield `load/a${a}/b${b}/c${c}`;
}

async function measureTree(): Promise<Section> {
  const logFrom = broker.logs().length;
  return withUi('load/#', async (ui, workbench) => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Topics' }).click();
    await page.getByRole('status', { name: 'Topic count' }).waitFor();
    await startProbes(page, 'Topic count');
    const published = await publishEachOnce(broker.port, treeTopics(), 'x'.repeat(PAYLOAD_BYTES));
    const outcome = await waitForCounter(ui, TREE_TOPICS, 10_000, published.doneAt + 90_000);
    const buildProbes = await stopProbes(page);
    const builtAt = firstAtLeast(buildProbes?.samples ?? [], TREE_TOPICS);
    const topicsShown = Math.max(0, buildProbes?.samples.at(-1)?.n ?? 0);
    const buildFrames = frameDeltas(buildProbes?.frames ?? [], published.startedAt, builtAt ?? Date.now());

    // Memory once the tree is built and the burst is over.
    await sleep(1000);
    const engineRss = await workbench.rssMb();
    const cdp = await page.context().newCDPSession(page);
    const heapBefore = await withTimeout(cdp.send('Runtime.getHeapUsage'), 10_000, undefined);
    await withTimeout(cdp.send('HeapProfiler.collectGarbage'), 30_000, undefined);
    const heapAfter = await withTimeout(cdp.send('Runtime.getHeapUsage'), 10_000, undefined);
    await cdp.detach();

    // A filter auto-expands every ancestor of a match: with load/# that is the whole tree.
    const expectedRows = 1 + TREE_SHAPE[0] + TREE_SHAPE[0] * TREE_SHAPE[1] + TREE_TOPICS;
    const scroller = page.locator('.topic-scroll');
    const filterStarted = Date.now();
    await page.getByLabel('Filter', { exact: true }).fill('load/#');
    let filterMs: number | undefined;
    while (Date.now() - filterStarted < 60_000) {
      const height = await withTimeout(
        scroller.evaluate((el) => el.scrollHeight),
        5_000,
        0,
      );
      if (height >= expectedRows * TOPIC_ROW_PX) {
        filterMs = Date.now() - filterStarted;
        break;
      }
      await sleep(100);
    }

    // Scroll top to bottom with the wheel, as a user flinging through it would, in ~300 steps.
    const box = await scroller.boundingBox();
    const geometry = await scroller.evaluate((el) => ({ max: el.scrollHeight - el.clientHeight, top: el.scrollTop }));
    const stepPx = Math.max(100, Math.ceil(geometry.max / 300));
    let steps = 0;
    let scrollTop = geometry.top;
    const scrollStarted = Date.now();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await startProbes(page, 'Topic count');
      while (scrollTop < geometry.max - 1 && steps < 1000 && Date.now() - scrollStarted < 60_000) {
        await page.mouse.wheel(0, stepPx);
        await nextFrame(page);
        steps += 1;
        scrollTop = await withTimeout(
          scroller.evaluate((el) => el.scrollTop),
          5_000,
          scrollTop,
        );
      }
    }
    const scrollMs = Date.now() - scrollStarted;
    const scrollProbes = await stopProbes(page);
    const scrollFrames = frameDeltas(scrollProbes?.frames ?? []);
    // Evidence that the bottom really is the end of the tree: the last row on screen.
    const lastRow = await withTimeout(
      page.getByRole('treeitem').last().getAttribute('aria-label'),
      5_000,
      null,
    );
    return {
      topics: TREE_TOPICS,
      topics_shown: topicsShown,
      build_ms: builtAt === undefined ? null : builtAt - published.startedAt,
      publish_ms: published.doneAt - published.startedAt,
      build_frame_p95_ms: round1(percentile(buildFrames, 95)),
      build_frame_max_ms: round1(buildFrames.length ? Math.max(...buildFrames) : undefined),
      engine_rss_mb: round1(engineRss),
      page_heap_mb: round1(heapBefore === undefined ? undefined : heapBefore.usedSize / 2 ** 20),
      page_heap_after_gc_mb: round1(heapAfter === undefined ? undefined : heapAfter.usedSize / 2 ** 20),
      filter_rows: expectedRows,
      filter_ms: filterMs ?? null,
      scroll_frame_p50_ms: round1(percentile(scrollFrames, 50)),
      scroll_frame_p95_ms: round1(percentile(scrollFrames, 95)),
      scroll_frame_max_ms: round1(scrollFrames.length ? Math.max(...scrollFrames) : undefined),
      scroll_steps: steps,
      scroll_step_px: stepPx,
      scroll_ms: scrollMs,
      scrolled_to_bottom: scrollTop >= geometry.max - 1,
      last_row_at_bottom: lastRow,
      wait_outcome: outcome,
      broker_drops: brokerDrops(logFrom),
      ui_problems: ui.problems.slice(0, 20),
    };
  });
}

// ---------------------------------------------------------------------------------------------

async function measureLargePayload(): Promise<Section> {
  const logFrom = broker.logs().length;
  const dir = await mkdtemp(join(tmpdir(), 'qoscope-bench-large-'));
  const file = join(dir, 'payload.bin');
  // Printable text, as a huge JSON or log dump would be: the UI's text preview path is exercised.
  await writeFile(file, Buffer.alloc(LARGE_BYTES, 'x'));
  try {
    return await withUi('big/#', async (ui, workbench) => {
      const { page } = ui;
      await startProbes(page, 'Messages kept');
      await sleep(1000);
      const publishedAt = Date.now();
      let publishError: string | undefined;
      await publishFile(broker.port, 'big/payload', file, 60_000).catch((error: Error) => (publishError = error.message));
      const windowEnd = publishedAt + 10_000;
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
        window_ms: 10_000,
        frames_in_window: deltas.length,
        delivered_to_ui: deliveredAt !== undefined,
        delivery_ms: deliveredAt === undefined ? null : deliveredAt - publishedAt,
        survived: !ui.crashed() && answered !== undefined && workbench.alive() && topicsWork,
        page_answered: answered !== undefined,
        ui_usable_after: topicsWork,
        engine_alive: workbench.alive(),
        engine_rss_mb: round1(await workbench.rssMb()),
        publish_error: publishError ?? null,
        wait_outcome: outcome,
        broker_drops: brokerDrops(logFrom),
        ui_problems: ui.problems.slice(0, 20),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function table(results: Record<string, Section>): string {
  const lines = ['', 'scenario        metric                          value'];
  for (const [scenario, section] of Object.entries(results)) {
    for (const [metric, value] of Object.entries(section)) {
      const shown = typeof value === 'number' ? value.toLocaleString('en-US') : Array.isArray(value) ? (value.length === 0 ? '—' : value.join(' | ')) : String(value);
      lines.push(`${scenario.padEnd(15)} ${metric.padEnd(31)} ${shown}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

it(`UI under load: ${UI_MESSAGES.toLocaleString()} msgs at ${UI_RATE.toLocaleString()} msg/s, ${TREE_TOPICS.toLocaleString()} topics, one ${LARGE_BYTES.toLocaleString()}-byte message`, async () => {
  const results: Record<string, Section> = {};
  const failures: string[] = [];
  // Each scenario on its own: one that cannot run still leaves the others' numbers.
  for (const [name, measure] of [
    ['ui', measureUi],
    ['tree', measureTree],
    ['large_payload', measureLargePayload],
  ] as const) {
    const started = Date.now();
    try {
      results[name] = { ...(await measure()), scenario_s: round1((Date.now() - started) / 1000) };
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
      results[name] = { error: (error as Error).message.split('\n')[0] ?? 'failed' };
    }
  }
  results.history = { messages: 1_000_000, bytes_per_msg: null, note: 'engine-side message store not implemented yet' };

  console.log(table(results));
  if (process.env.BENCH_JSON) mergeBenchJson(process.env.BENCH_JSON, { ui: results.ui, tree: results.tree, history: results.history, large_payload: results.large_payload });
  // Slowness is a result; a scenario that could not run at all is a broken bench.
  if (failures.length > 0) throw new Error(`bench scenarios failed to run:\n${failures.join('\n')}`);
});
