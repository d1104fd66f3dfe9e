import { onUnexpectedError } from '../../shared/errors/unexpectedErrors';

/** The UI gets at most one batch per interval: one transport message, one store update. */
export const BATCH_INTERVAL_MS = 33;

/**
 * Runs an action at most once per interval however often it is asked for: the first request
 * starts the timer, later ones ride along. So a firehose costs the transport and the renderer a
 * fixed number of wake-ups per second. The interval may be a function, asked at each first
 * request (a feed that paces itself by its rate).
 */
export class Coalescer {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly action: () => void,
    private readonly intervalMs: number | (() => number) = BATCH_INTERVAL_MS,
  ) {}

  request(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      // Nobody awaits a timer: a failing action is reported, and the next request runs it again.
      try {
        this.runNow();
      } catch (error) {
        onUnexpectedError(error);
      }
    }, typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs());
    this.timer.unref();
  }

  /** Runs the action now; a pending run is cancelled. */
  runNow(): void {
    this.cancel();
    this.action();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
