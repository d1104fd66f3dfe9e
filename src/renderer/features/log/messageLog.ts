import type { MessageBatch, MessageRecord } from '../../../shared/domain/message';
import type { LogCounts } from '../../store/logSlice';
import { RingBuffer } from './ringBuffer';

/** Messages kept per connection in the UI; older ones are dropped and counted. */
export const LOG_CAPACITY = 50_000;

/**
 * The firehose lives here, outside React: one ring buffer per connection, appended once per
 * batch. Views subscribe and re-read on the next animation frame, however many messages came.
 */
class MessageLog {
  private readonly buffers = new Map<string, RingBuffer<MessageRecord>>();
  private readonly listeners = new Set<() => void>();
  private frame: number | undefined;

  buffer(connectionId: string): RingBuffer<MessageRecord> {
    let buffer = this.buffers.get(connectionId);
    if (!buffer) {
      buffer = new RingBuffer<MessageRecord>(LOG_CAPACITY);
      this.buffers.set(connectionId, buffer);
    }
    return buffer;
  }

  /** Appends a batch; returns the new counts of the connections it touched. */
  append(batch: MessageBatch): Record<string, LogCounts> {
    const touched = new Set<string>();
    for (const message of batch.messages) {
      this.buffer(message.connectionId).push(message);
      touched.add(message.connectionId);
    }
    this.scheduleNotify();
    return Object.fromEntries([...touched].map((id) => [id, this.counts(id)]));
  }

  clear(connectionId: string): LogCounts {
    this.buffer(connectionId).clear();
    this.scheduleNotify();
    return this.counts(connectionId);
  }

  counts(connectionId: string): LogCounts {
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

export const messageLog = new MessageLog();
