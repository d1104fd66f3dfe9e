/**
 * The UI under load, in browser mode, in headless Chromium, against Debian mosquitto (started
 * here with unlimited queues, so any loss is QoScope's). One scenario per test, each repeated
 * (a fresh server and page per round) and folded into min/median/max:
 *   ui            — a paced 64-byte flood (bench/scenarios/uiFlood.ts);
 *   tree          — 100,000 distinct topics (bench/scenarios/topicTree.ts);
 *   large_payload — one 100 MB message (bench/scenarios/largePayload.ts);
 *   saturation    — unpaced publishers for 10 s, UI against a bare subscriber (bench/scenarios/saturation.ts);
 *   packets       — 200,000 packets captured with the Packets view open, then scrolled (bench/scenarios/packetFlood.ts).
 * With BENCH_JSON=file each scenario merges its section into that file as soon as it is done;
 * `npm run bench` prints the table. Nothing here fails for being slow; only a scenario that
 * cannot run at all fails.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { startBenchBroker } from './support/benchBroker';
import { measureLargePayload, LARGE_BYTES } from './scenarios/largePayload';
import { measureTree, TREE_TOPICS } from './scenarios/topicTree';
import { measureUiFlood, uiFloodTitle } from './scenarios/uiFlood';
import { measureSaturation, saturationTitle } from './scenarios/saturation';
import { measurePacketFlood, packetFloodTitle } from './scenarios/packetFlood';
import { mergeBenchJson } from './support/benchJson';
import { launchChromium } from './support/browser';
import { foldRounds, wanted, type Section } from './support/rounds';
import { round1, withTimeout } from './support/time';
import type { UiBench } from './support/uiHarness';

const rounds = (name: string, fallback: number) => Number(process.env[`BENCH_${name}_ROUNDS`] ?? process.env.BENCH_ROUNDS ?? fallback);

let bench: UiBench | undefined;
beforeAll(async () => {
  if (!['ui', 'tree', 'large_payload', 'saturation', 'packets'].some(wanted)) return;
  const broker = await startBenchBroker();
  bench = { broker, browser: await launchChromium() };
});
afterAll(async () => {
  await withTimeout(bench?.browser.close() ?? Promise.resolve(), 15_000, undefined);
  await bench?.broker.stop();
});

/** Runs a scenario `count` times, folds the rounds and writes the section; throws only if no round ran. */
async function scenario(section: string, count: number, measure: (bench: UiBench) => Promise<Section>, worst: Record<string, 'min' | 'max'> = {}): Promise<void> {
  if (!bench) throw new Error('the UI bench did not start');
  const results: Section[] = [];
  for (let round = 0; round < count; round += 1) {
    const started = Date.now();
    try {
      results.push({ ...(await measure(bench)), scenario_s: round1((Date.now() - started) / 1000) });
    } catch (error) {
      results.push({ error: (error as Error).message.split('\n')[0] ?? 'failed' });
    }
  }
  const folded = foldRounds(results, worst);
  if (process.env.BENCH_JSON) mergeBenchJson(process.env.BENCH_JSON, { [section]: folded });
  if (typeof folded.error === 'string') throw new Error(`${section}: no round could run: ${folded.error}`);
}

const uiRounds = rounds('UI', 3);
it.skipIf(!wanted('ui'))(`ui: ${uiFloodTitle}, ${uiRounds} rounds`, () => scenario('ui', uiRounds, measureUiFlood, { lost: 'max' }));

const treeRounds = rounds('TREE', 2);
it.skipIf(!wanted('tree'))(`tree: ${TREE_TOPICS.toLocaleString('en-US')} topics, ${treeRounds} rounds`, () => scenario('tree', treeRounds, measureTree));

const largeRounds = rounds('LARGE', 3);
it.skipIf(!wanted('large_payload'))(`large_payload: one ${LARGE_BYTES.toLocaleString('en-US')}-byte message, ${largeRounds} rounds`, () =>
  scenario('large_payload', largeRounds, measureLargePayload, { max_stall_ms: 'max' }),
);

const saturationRounds = rounds('SATURATION', 3);
it.skipIf(!wanted('saturation'))(`saturation: ${saturationTitle}, ${saturationRounds} rounds`, () =>
  scenario('saturation', saturationRounds, measureSaturation, { lost: 'max' }),
);

const packetRounds = rounds('PACKETS', 2);
it.skipIf(!wanted('packets'))(`packets: ${packetFloodTitle}, ${packetRounds} rounds`, () =>
  scenario('packets', packetRounds, measurePacketFlood, { frame_p95_ms: 'max', page_heap_mb: 'max' }),
);
