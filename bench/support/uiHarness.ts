import type { Browser } from 'playwright-core';
import type { RunningMosquitto } from '../../test/support/mosquitto';
import { connectAndSubscribe, openUi, type UiPage } from './browser';
import { peekProbes, type CounterSample } from './pageProbes';
import { sleep } from './time';
import { startBenchWorkbench, type BenchWorkbench } from './workbench';

/** What every UI scenario runs against: one mosquitto and one Chromium for the whole bench file. */
export type UiBench = { broker: RunningMosquitto; browser: Browser };

/** Lines mosquitto logged since `from` (an offset into its log) that say it dropped messages. */
export function brokerDrops(broker: RunningMosquitto, from: number): string[] {
  return broker
    .logs()
    .slice(from)
    .split('\n')
    .filter((line) => /dropp/i.test(line));
}

/** A fresh workbench and page per scenario: each measures its own load, not the previous one's leftovers. */
export async function withUi<T>(bench: UiBench, filter: string, body: (ui: UiPage, workbench: BenchWorkbench) => Promise<T>): Promise<T> {
  const workbench = await startBenchWorkbench();
  let ui: UiPage | undefined;
  try {
    ui = await openUi(bench.browser, workbench.url);
    await connectAndSubscribe(ui.page, { name: 'mosquitto', port: bench.broker.port, filter });
    return await body(ui, workbench);
  } finally {
    await ui?.close();
    await workbench.stop();
  }
}

/**
 * Polls the in-page counter until it reaches `target`, stops moving for `quietMs`, or `deadline`
 * (wall clock) passes. A page too busy to answer counts as "still moving" until the deadline.
 */
export async function waitForCounter(ui: UiPage, target: number, quietMs: number, deadline: number): Promise<'reached' | 'stalled' | 'deadline' | 'crashed'> {
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
export const firstAtLeast = (samples: readonly CounterSample[], n: number) => samples.find((s) => s.n >= n)?.t;
