import type { Page } from 'playwright-core';
import { withTimeout } from './time';

/** A counter status's value when it changed, with the wall-clock time (ms since epoch) it was seen. */
export type CounterSample = { t: number; n: number };

export type ProbeResult = {
  /** Wall-clock times (ms since epoch) of every animation frame while recording. */
  frames: number[];
  /** Only changes are kept, so a long flood stays small. */
  samples: CounterSample[];
};

export type ProbePeek = { n: number; firstNonZeroAt: number | undefined; lastChangeAt: number | undefined; frames: number };

/** The probe's state in the page. It lives on window so later evaluate calls can find it. */
type ProbeState = {
  frames: number[];
  samples: CounterSample[];
  recording: boolean;
  timer: number;
};
type ProbeWindow = { __qoscopeBench?: ProbeState };

/**
 * Starts two recorders inside the page: every requestAnimationFrame (a late frame is a janky
 * UI) and, every 100 ms, the number a role=status element begins with (the UI's own counter).
 * Both run in the page, so they see what a user would, and the bench only reads them
 * occasionally instead of adding a CDP round trip per sample.
 *
 * Times are wall-clock (performance.timeOrigin + frame time, Date.now() for samples) so they
 * compare with Date.now() in the bench, on the same machine.
 */
export async function startProbes(page: Page, statusName: string): Promise<void> {
  await page.evaluate((name) => {
    const w = window as unknown as ProbeWindow;
    if (w.__qoscopeBench) {
      w.__qoscopeBench.recording = false;
      clearInterval(w.__qoscopeBench.timer);
    }
    const read = (): number => {
      const text = document.querySelector(`[role="status"][aria-label="${name}"]`)?.textContent?.trim() ?? '';
      const digits = /^([\d,]+)/.exec(text)?.[1];
      return digits === undefined ? -1 : Number(digits.replaceAll(',', ''));
    };
    let last = Number.NaN;
    const state: ProbeState = {
      frames: [],
      samples: [],
      recording: true,
      timer: window.setInterval(() => {
        const n = read();
        if (n !== last) {
          last = n;
          state.samples.push({ t: Date.now(), n });
        }
      }, 100),
    };
    const tick = (timestamp: number) => {
      if (!state.recording) return;
      state.frames.push(performance.timeOrigin + timestamp);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    w.__qoscopeBench = state;
  }, statusName);
}

/** The counter's latest value and when it last moved; undefined if the page did not answer in time (stalled). */
export async function peekProbes(page: Page, timeoutMs = 2000): Promise<ProbePeek | undefined> {
  return withTimeout(
    page.evaluate(() => {
      const state = (window as unknown as ProbeWindow).__qoscopeBench;
      const samples = state?.samples ?? [];
      return {
        n: samples.at(-1)?.n ?? -1,
        firstNonZeroAt: samples.find((s) => s.n > 0)?.t,
        lastChangeAt: samples.at(-1)?.t,
        frames: state?.frames.length ?? 0,
      };
    }),
    timeoutMs,
    undefined,
  );
}

/** Stops both recorders and returns what they saw; undefined if the page did not answer within `timeoutMs`. */
export async function stopProbes(page: Page, timeoutMs = 30_000): Promise<ProbeResult | undefined> {
  return withTimeout(
    page.evaluate(() => {
      const state = (window as unknown as ProbeWindow).__qoscopeBench;
      if (!state) return { frames: [], samples: [] };
      state.recording = false;
      clearInterval(state.timer);
      return { frames: state.frames, samples: state.samples };
    }),
    timeoutMs,
    undefined,
  );
}

/** Gaps between consecutive frames, keeping those that end after `from` and start before `to` (wall-clock ms). */
export function frameDeltas(frames: readonly number[], from = -Infinity, to = Infinity): number[] {
  const deltas: number[] = [];
  for (let i = 1; i < frames.length; i += 1) {
    const previous = frames[i - 1] ?? 0;
    const current = frames[i] ?? 0;
    if (current > from && previous < to) deltas.push(current - previous);
  }
  return deltas;
}

/** Waits for the page to paint one more frame; false if it did not within `timeoutMs`. */
export async function nextFrame(page: Page, timeoutMs = 5000): Promise<boolean> {
  return withTimeout(
    page.evaluate(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(true)))),
    timeoutMs,
    false,
  );
}

/**
 * BENCH_PAGE_PROFILE=folder: the page's CPU profile while a scenario runs, written there as a
 * .cpuprofile (open it in Chrome DevTools) when `stop` is called. Without it, nothing is profiled.
 */
export async function startPageProfile(page: Page): Promise<{ stop(): Promise<void> } | undefined> {
  const folder = process.env.BENCH_PAGE_PROFILE;
  if (!folder) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await cdp.send('Profiler.stop');
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(folder, { recursive: true });
      writeFileSync(`${folder}/page-${Date.now()}.cpuprofile`, JSON.stringify(profile));
      await cdp.detach();
    },
  };
}
