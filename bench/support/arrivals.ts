import mqtt from 'mqtt';
import { sleep, withTimeout } from './time';

/**
 * Counts what a reader received and when: the rate is first arrival to last, so the time before
 * the feed starts and after it ends does not count against the reader.
 */
export class Arrivals {
  received = 0;
  private first: number | undefined;
  private last: number | undefined;

  count(n = 1): void {
    const now = performance.now();
    this.first ??= now;
    this.received += n;
    this.last = now;
  }

  get msgsPerSecond(): number | undefined {
    return this.first === undefined || this.last === undefined ? undefined : this.received / Math.max(1e-3, (this.last - this.first) / 1000);
  }

  /** Waits until `target` arrived, nothing arrived for `quietMs`, or `timeoutMs` passed. */
  async settle(target: number, quietMs = 5_000, timeoutMs = 60_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.received < target && performance.now() < deadline && performance.now() - (this.last ?? performance.now()) < quietMs) await sleep(100);
  }
}

/**
 * A plain MQTT.js subscriber on `filter` while `feed` runs: the ceiling a QoScope reader is
 * compared with, on the same broker and the same kind of feed.
 */
export async function bareSubscriber(port: number, filter: string, feed: () => Promise<{ sent: number }>): Promise<{ sent: number; arrivals: Arrivals }> {
  const client = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0 });
  const arrivals = new Arrivals();
  client.on('message', () => arrivals.count());
  try {
    await client.subscribeAsync(filter, { qos: 0 });
    const { sent } = await feed();
    await arrivals.settle(sent, 5_000, 120_000);
    return { sent, arrivals };
  } finally {
    await withTimeout(client.endAsync(), 10_000, undefined);
  }
}
