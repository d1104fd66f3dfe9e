/**
 * Errors nobody is waiting for (a listener that throws inside a timer, a batch callback that
 * fails) go here instead of escaping into the event loop, where Node would end the process and a
 * browser would drop them. Each process installs a handler that reports them where a person sees
 * them; until then they go to the console.
 */
type Handler = (error: unknown) => void;

/** shared/ is platform-neutral: the console is reached through globalThis, present in both processes. */
const consoleError = (...values: unknown[]): void => (globalThis as { console?: { error(...v: unknown[]): void } }).console?.error(...values);

let handler: Handler = (error) => consoleError('QoScope: unexpected error', error);

export function setUnexpectedErrorHandler(next: Handler): void {
  handler = next;
}

export function onUnexpectedError(error: unknown): void {
  try {
    handler(error);
  } catch (failure) {
    consoleError('QoScope: the unexpected-error handler failed', failure, error);
  }
}
