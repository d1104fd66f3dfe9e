import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { sleep, withTimeout } from './time';

/**
 * Counts what a reader received and when: the rate is first arrival to last, so the time before
 * the feed starts and after it ends does not count against the reader.
 */
export class Arrivals {
  received = 0;
  protected first: number | undefined;
  protected last: number | undefined;
  /** When the count last moved, on this process's clock (what settle waits on). */
  protected changedAt: number | undefined;

  count(n = 1): void {
    const now = performance.now();
    this.first ??= now;
    this.received += n;
    this.last = now;
    this.changedAt = now;
  }

  /** Wall-clock time (ms since epoch) of the last arrival counted here, to compare with a feed's times. */
  get lastArrivedAt(): number | undefined {
    return this.last === undefined ? undefined : performance.timeOrigin + this.last;
  }

  get msgsPerSecond(): number | undefined {
    return this.first === undefined || this.last === undefined ? undefined : this.received / Math.max(1e-3, (this.last - this.first) / 1000);
  }

  /** Waits until `target` arrived, nothing arrived for `quietMs`, or `timeoutMs` passed. */
  async settle(target: number, quietMs = 5_000, timeoutMs = 60_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.received < target && performance.now() < deadline && performance.now() - (this.changedAt ?? performance.now()) < quietMs) await sleep(100);
  }
}

/**
 * A plain MQTT.js subscriber on `filter` while `feed` runs: the ceiling a QoScope reader is
 * compared with, on the same broker and the same kind of feed.
 */
export async function bareSubscriber<Feed extends { sent: number }>(port: number, filter: string, feed: () => Promise<Feed>): Promise<{ sent: number; arrivals: Arrivals; feed: Feed }> {
  const client = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0 });
  const arrivals = new Arrivals();
  client.on('message', () => arrivals.count());
  try {
    await client.subscribeAsync(filter, { qos: 0 });
    const fed = await feed();
    await arrivals.settle(fed.sent, 5_000, 120_000);
    return { sent: fed.sent, arrivals, feed: fed };
  } finally {
    await withTimeout(client.endAsync(), 10_000, undefined);
  }
}

/** Arrivals another process counted and reports (see bareSubscriberProcess.mjs). */
class ReportedArrivals extends Arrivals {
  /** The latest report: `first`/`last` are on the reporting process's clock. */
  update(report: { received: number; first?: number; last?: number }): void {
    if (report.received !== this.received) this.changedAt = performance.now();
    this.received = report.received;
    this.first = report.first;
    this.last = report.last;
  }

  /** Not known: `last` is on the other process's clock. */
  override get lastArrivedAt(): number | undefined {
    return undefined;
  }
}

/**
 * The same plain MQTT.js subscriber as bareSubscriber, in a process of its own. For an unpaced
 * feed this is the fair ceiling: the feed is written from this (the bench's) process, so a
 * subscriber sharing its event loop slows the feed down, and with it the publishers, leaving the
 * broker more CPU than a subscriber in its own process (like QoScope's engine) ever gets.
 */
export async function bareSubscriberProcess(port: number, filter: string, feed: () => Promise<{ sent: number }>): Promise<{ sent: number; arrivals: Arrivals }> {
  const script = fileURLToPath(new URL('./bareSubscriberProcess.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, String(port), filter], { stdio: ['pipe', 'pipe', 'inherit'] });
  const arrivals = new ReportedArrivals();
  let buffered = '';
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') ready();
      else if (line.startsWith('{')) arrivals.update(JSON.parse(line) as { received: number; first?: number; last?: number });
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await withTimeout(isReady, 10_000, undefined);
    const { sent } = await feed();
    await arrivals.settle(sent, 5_000, 120_000);
    return { sent, arrivals };
  } finally {
    child.stdin!.end();
    await withTimeout(exited, 10_000, undefined);
    child.kill();
  }
}
