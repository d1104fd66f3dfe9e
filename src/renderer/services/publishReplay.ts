import { Emitter } from '../../shared/event';
import { perConnection } from './perConnection';
import { replayRecording, type RecordedMessage } from '../../shared/domain/recording';

export type ReplayState = {
  running: boolean;
  /** Messages sent in this run, over all rounds of a loop. */
  sent: number;
  /** Messages in the recording. */
  total: number;
  /** Why the run stopped early, in words. */
  error?: string;
};

export type ReplayRun = { speed: number; loop: boolean };

/**
 * One connection's replay of a recording with its original timing (see replayRecording). Kept
 * outside React, so it goes on while the user looks at another tab; a failed send stops it and
 * says why.
 */
export class PublishReplay {
  private run = 0;
  private readonly changed = new Emitter<ReplayState>();
  readonly onDidChange = this.changed.event;
  state: ReplayState = { running: false, sent: 0, total: 0 };
  private wake: (() => void) | undefined;

  start(messages: readonly RecordedMessage[], options: ReplayRun, publish: (message: RecordedMessage) => Promise<void>): void {
    this.stop();
    const run = ++this.run;
    this.set({ running: true, sent: 0, total: messages.length });
    const stopped = () => run !== this.run;
    replayRecording(messages, {
      ...options,
      publish,
      stopped,
      // A stop ends the wait at once, not after the recording's longest gap.
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            resolve();
          }
          this.wake = done;
        }),
      now: () => performance.now(),
      onSent: (sent) => !stopped() && this.set({ ...this.state, sent }),
    }).then(
      () => !stopped() && this.set({ ...this.state, running: false }),
      (error: unknown) => !stopped() && this.set({ ...this.state, running: false, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  stop(): void {
    this.run += 1;
    this.wake?.();
    this.wake = undefined;
    if (this.state.running) this.set({ ...this.state, running: false });
  }

  private set(state: ReplayState): void {
    this.state = state;
    this.changed.fire(state);
  }
}

/** The replay of one connection (created on first use). */
export const publishReplay = perConnection(() => new PublishReplay());
