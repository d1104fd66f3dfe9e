import { RingBuffer } from '../../shared/ringBuffer';

export type BufferCounts = { kept: number; total: number; dropped: number };

/**
 * High-rate data lives here, outside React: one ring buffer per connection, appended once per
 * batch. Views subscribe and re-read on the next animation frame, however many items came.
 */
export class LiveBuffers<T extends { connectionId: string }> {
  private readonly buffers = new Map<string, RingBuffer<T>>();
  private readonly listeners = new Set<() => void>();
  private frame: number | undefined;

  constructor(readonly capacity: number) {}

  buffer(connectionId: string): RingBuffer<T> {
    let buffer = this.buffers.get(connectionId);
    if (!buffer) {
      buffer = new RingBuffer<T>(this.capacity);
      this.buffers.set(connectionId, buffer);
    }
    return buffer;
  }

  /** Appends a batch; returns the new counts of the connections it touched. */
  append(items: readonly T[]): Record<string, BufferCounts> {
    const touched = new Set<string>();
    for (const item of items) {
      this.buffer(item.connectionId).push(item);
      touched.add(item.connectionId);
    }
    this.scheduleNotify();
    return Object.fromEntries([...touched].map((id) => [id, this.counts(id)]));
  }

  clear(connectionId: string): BufferCounts {
    this.buffer(connectionId).clear();
    this.scheduleNotify();
    return this.counts(connectionId);
  }

  counts(connectionId: string): BufferCounts {
    const buffer = this.buffer(connectionId);
    return { kept: buffer.size, total: buffer.total, dropped: buffer.dropped };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private scheduleNotify(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      for (const listener of this.listeners) listener();
    });
  }
}
