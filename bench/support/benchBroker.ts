import { startMosquitto, type RunningMosquitto } from '../../test/support/mosquitto';

/**
 * Debian mosquitto as every bench uses it. Unlimited queues: it never drops for a slow
 * subscriber, so loss means ours. No message_size_limit: its default (0) already allows the MQTT
 * maximum of 256 MiB, enough for the 100 MB payload. Its $SYS tree each second: the feeds read
 * how many messages it received from it (see BrokerPublishCount).
 */
export function startBenchBroker(): Promise<RunningMosquitto> {
  return startMosquitto({ extraConfig: ['max_queued_messages 0', 'max_queued_bytes 0', 'sys_interval 1'] });
}
