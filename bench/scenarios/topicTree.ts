import { frameDeltas, nextFrame, startProbes, stopProbes } from '../support/pageProbes';
import { publishEachOnce } from '../support/publishers';
import type { Section } from '../support/rounds';
import { percentile, round1, sleep, withTimeout } from '../support/time';
import { brokerDrops, firstAtLeast, waitForCounter, withUi, type UiBench } from '../support/uiHarness';
import type { MemoryReport } from '../support/workbench';

/** load/{a}/{b}/{c}: 50 × 50 × 40 = 100,000 leaves. Smaller via BENCH_TREE_SHAPE=a,b,c for trying the bench out. */
const TREE_SHAPE = (process.env.BENCH_TREE_SHAPE ?? '50,50,40').split(',').map(Number) as [number, number, number];
export const TREE_TOPICS = TREE_SHAPE[0] * TREE_SHAPE[1] * TREE_SHAPE[2];
const PAYLOAD_BYTES = 64;
/** The topic tree's row height (TopicsView.tsx): to tell when the filtered tree is fully laid out. */
const TOPIC_ROW_PX = 26;

function* treeTopics(): Generator<string> {
  const [as, bs, cs] = TREE_SHAPE;
  for (let a = 0; a < as; a += 1) for (let b = 0; b < bs; b += 1) for (let c = 0; c < cs; c += 1) yield `load/a${a}/b${b}/c${c}`;
}

/** The server's memory by kind, so a high RSS says what it is made of (MiB, after the server's own GC). */
function engineMemory(report: MemoryReport | undefined): Section {
  const after = report?.after_gc;
  const space = (name: string) => round1(after?.spaces[name]?.size_mb);
  return {
    engine_heap_used_before_gc_mb: round1(report?.before_gc.heap_used_mb),
    engine_heap_total_before_gc_mb: round1(report?.before_gc.heap_total_mb),
    engine_heap_used_mb: round1(after?.heap_used_mb),
    engine_heap_total_mb: round1(after?.heap_total_mb),
    engine_new_space_mb: space('new_space'),
    engine_old_space_mb: space('old_space'),
    engine_large_object_space_mb: space('large_object_space'),
    engine_external_mb: round1(after?.external_mb),
    engine_array_buffers_mb: round1(after?.array_buffers_mb),
    engine_rss_after_gc_mb: round1(after?.rss_mb),
    engine_heapsnapshot: report?.snapshot ?? null,
  };
}

/**
 * 100,000 distinct topics, one message each: time to build the Topics tree, the engine's and the
 * page's memory, and frame times while scrolling the whole tree expanded by a filter.
 */
export async function measureTree(bench: UiBench): Promise<Section> {
  const logFrom = bench.broker.logs().length;
  return withUi(bench, 'load/#', async (ui, workbench) => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Topics' }).click();
    await page.getByRole('status', { name: 'Topic count' }).waitFor();
    await startProbes(page, 'Topic count');
    const published = await publishEachOnce(bench.broker.port, treeTopics(), 'x'.repeat(PAYLOAD_BYTES));
    const outcome = await waitForCounter(ui, TREE_TOPICS, 10_000, published.doneAt + 90_000);
    const buildProbes = await stopProbes(page);
    const builtAt = firstAtLeast(buildProbes?.samples ?? [], TREE_TOPICS);
    const topicsShown = Math.max(0, buildProbes?.samples.at(-1)?.n ?? 0);
    const buildFrames = frameDeltas(buildProbes?.frames ?? [], published.startedAt, builtAt ?? Date.now());

    // Memory once the tree is built and the burst is over: the server's peak RSS over its whole
    // life (the goal's number), what it settles at, and (last, since it runs a GC) what it is made of.
    await sleep(1000);
    const engineRssPeak = await workbench.peakRssMb();
    const engineRssSettled = await workbench.rssMb();
    const memory = await workbench.memory();
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
      build_ms: builtAt === undefined ? null : builtAt - published.startedAt,
      engine_rss_mb: round1(engineRssPeak),
      page_heap_mb: round1(heapBefore === undefined ? undefined : heapBefore.usedSize / 2 ** 20),
      scroll_frame_p95_ms: round1(percentile(scrollFrames, 95)),
      topics_shown: topicsShown,
      publish_ms: published.doneAt - published.startedAt,
      build_frame_p95_ms: round1(percentile(buildFrames, 95)),
      build_frame_max_ms: round1(buildFrames.length ? Math.max(...buildFrames) : undefined),
      engine_rss_settled_mb: round1(engineRssSettled),
      ...engineMemory(memory),
      page_heap_after_gc_mb: round1(heapAfter === undefined ? undefined : heapAfter.usedSize / 2 ** 20),
      filter_rows: expectedRows,
      filter_ms: filterMs ?? null,
      scroll_frame_p50_ms: round1(percentile(scrollFrames, 50)),
      scroll_frame_max_ms: round1(scrollFrames.length ? Math.max(...scrollFrames) : undefined),
      scroll_steps: steps,
      scroll_step_px: stepPx,
      scroll_ms: scrollMs,
      scrolled_to_bottom: scrollTop >= geometry.max - 1,
      last_row_at_bottom: lastRow,
      wait_outcome: outcome,
      broker_drops: brokerDrops(bench.broker, logFrom),
      ui_problems: ui.problems.slice(0, 20),
    };
  });
}
