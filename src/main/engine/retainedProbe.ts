import type { ConnectionProfile } from '../../shared/domain/profile';
import { connectProbe } from './probeClient';
import type { PreparedTls } from './tls/prepareTls';

/** Filters per SUBSCRIBE, so a large subtree is asked about in a few packets. */
const FILTERS_PER_SUBSCRIBE = 100;

/**
 * Which of `topics` the broker still keeps a retained message for. A separate short-lived client
 * with the connection's broker, credentials and TLS (but its own client id, a clean session and no
 * will) subscribes to each topic and collects what arrives with RETAIN set within `settleMs` of
 * the last SUBACK: a broker sends retained messages right after the SUBACK. The user's own session
 * and log are untouched.
 */
export async function retainedStill(profile: ConnectionProfile, tls: PreparedTls | undefined, topics: readonly string[], settleMs = 700): Promise<string[]> {
  const { client } = await connectProbe(profile, tls);
  const wanted = new Set(topics);
  const kept = new Set<string>();
  client.on('message', (topic, payload, packet) => {
    if (packet.retain && payload.length > 0 && wanted.has(topic)) kept.add(topic);
  });
  try {
    for (let at = 0; at < topics.length; at += FILTERS_PER_SUBSCRIBE) {
      await client.subscribeAsync(topics.slice(at, at + FILTERS_PER_SUBSCRIBE) as string[], { qos: 0 });
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    await client.endAsync(true).catch(() => undefined);
  }
  return topics.filter((topic) => kept.has(topic));
}
