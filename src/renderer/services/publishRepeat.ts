import { Emitter } from '../../shared/event';
import { perConnection } from './perConnection';

export type RepeatState = {
  running: boolean;
  /** Messages sent in this run. */
  sent: number;
  /** How many the run sends; undefined: until stopped. */
  total: number | undefined;
  /** Why the run stopped early, in words. */
  error?: string;
};

export type RepeatOptions = { intervalMs: number; count: number | undefined };

/**
 * One connection's repeated publish: message 1 at once, then one every `intervalMs` after the
 * previous one was sent (acknowledged, for QoS 1/2), until `count` or a stop. A failed send stops
 * the run and says why. Kept outside React, so it goes on while the user looks at another tab.
 */
export class PublishRepeat {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private run = 0;
  private readonly changed = new Emitter<RepeatState>();
  readonly onDidChange = this.changed.event;
  state: RepeatState = { running: false, sent: 0, total: undefined };

  start(options: RepeatOptions, send: (seq: number) => Promise<void>): void {
    this.stop();
    const run = ++this.run;
    this.set({ running: true, sent: 0, total: options.count });
    const next = async (seq: number) => {
      try {
        await send(seq);
      } catch (error) {
        if (run === this.run) this.set({ ...this.state, running: false, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      if (run !== this.run) return;
      const done = options.count !== undefined && seq >= options.count;
      this.set({ ...this.state, sent: seq, running: !done });
      if (!done) this.timer = setTimeout(() => void next(seq + 1), options.intervalMs);
    };
    void next(1);
  }

  stop(): void {
    this.run += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.state.running) this.set({ ...this.state, running: false });
  }

  private set(state: RepeatState): void {
    this.state = state;
    this.changed.fire(state);
  }
}

/** The repeat of one connection (created on first use). */
export const publishRepeat = perConnection(() => new PublishRepeat());
