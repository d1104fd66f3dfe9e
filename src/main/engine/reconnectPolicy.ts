import { DEFAULT_RECONNECT, type ReconnectPolicy } from '../../shared/domain/profile';

/**
 * Exponential backoff: the first retry after `minDelay`, doubling after each failed attempt up to
 * `maxDelay`, so a broker that is down is not hammered and one that blipped is back quickly.
 */
export function reconnectDelayMs(policy: ReconnectPolicy = DEFAULT_RECONNECT, failures: number): number {
  const seconds = Math.min(policy.maxDelay, policy.minDelay * 2 ** Math.max(0, failures - 1));
  return seconds * 1000;
}
