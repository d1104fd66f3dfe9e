import mqtt, { type MqttClient } from 'mqtt';
import { sleep } from './time';

const TOPIC = '$SYS/broker/publish/messages/received';

/**
 * mosquitto's own count of the PUBLISH packets it received, from its $SYS tree (published every
 * `sys_interval` seconds, and only when it changed; the bench brokers set 1 s).
 *
 * Why the bench needs it: `mosquitto_pub -l` does not always publish every line it read. When the
 * broker is slower than the input (a saturating feed on a slow machine), lines it had queued
 * when its input ended are lost as it disconnects: 5–20 % of a 10 s saturation feed was measured
 * so. Counting lines written would then report the subscriber as losing what was never published.
 */
export class BrokerPublishCount {
  private latest: number | undefined;
  private changedAt = performance.now();

  private constructor(private readonly client: MqttClient) {
    client.on('message', (_topic, payload) => {
      const value = Number(payload.toString());
      if (!Number.isFinite(value)) return;
      if (value !== this.latest) this.changedAt = performance.now();
      this.latest = value;
    });
  }

  static async open(port: number): Promise<BrokerPublishCount> {
    const client = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0 });
    const count = new BrokerPublishCount(client);
    await client.subscribeAsync(TOPIC, { qos: 0 });
    return count;
  }

  /**
   * The count once it stopped moving for `quietMs` (the retained value comes first; a publish
   * still being counted shows within one sys_interval).
   */
  async settled(quietMs = 2_500, timeoutMs = 30_000): Promise<number> {
    return this.reach(Infinity, quietMs, timeoutMs);
  }

  /** Waits until the count is at least `target`, stopped moving for `quietMs`, or `timeoutMs` passed. */
  async reach(target: number, quietMs = 5_000, timeoutMs = 120_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while ((this.latest ?? -1) < target && performance.now() < deadline && performance.now() - this.changedAt < quietMs) await sleep(100);
    if (this.latest === undefined) throw new Error(`the broker published no ${TOPIC} (is it mosquitto, with its $SYS tree?)`);
    return this.latest;
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
