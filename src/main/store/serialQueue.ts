/** Runs async tasks one at a time in call order, so writes to one file never interleave. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** A task that fails rejects its own promise only; the ones queued after it still run. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
