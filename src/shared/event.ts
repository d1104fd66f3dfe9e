import type { Disposable } from './contract/channel';
import type { Event } from './contract/service';
import { onUnexpectedError } from './errors/unexpectedErrors';

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

  /**
   * Every listener runs even if one throws; a throw is reported as unexpected, not rethrown: events
   * fire from timers and sockets, where a rethrow would end the process or vanish.
   */
  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        onUnexpectedError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export function combinedDisposable(...items: Disposable[]): Disposable {
  return { dispose: () => items.forEach((item) => item.dispose()) };
}
