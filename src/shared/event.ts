import type { Disposable } from './contract/channel';
import type { Event } from './contract/service';

/** A minimal typed event source: services expose `emitter.event` as their `onDidX`. */
export class Emitter<T> {
  private readonly listeners = new Set<(event: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /** Every listener runs even if one throws; the first error is rethrown afterwards. */
  fire(event: T): void {
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export function combinedDisposable(...items: Disposable[]): Disposable {
  return { dispose: () => items.forEach((item) => item.dispose()) };
}
