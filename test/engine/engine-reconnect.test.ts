/**
 * A broker that vanishes and comes back: the user sees "reconnecting" with a reason and when the
 * next attempt is, then the connection recovers on its own with its subscriptions working again.
 */
import { expect, it } from 'vitest';
import { RECONNECT_PERIOD_MS } from '../../src/main/engine/session';
import { mosquittoPub } from '../support/mosquittoClients';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { EngineHarness, connectAndSubscribe, describeState, isConnected, isReconnecting, profileFor, quietPeriod, useHarness, useStarted, utf8 } from './harness';

let broker: RunningMosquitto;
let harness: EngineHarness;

useStarted(
  () => startMosquitto(),
  (b) => (broker = b),
);
useHarness((h) => (harness = h), {
  // Every test starts with a live broker, even if the one before failed while it was down.
  afterDispose: () => broker.restart(),
});

it('shows reconnecting when the broker dies, and recovers with its subscription once it is back', async () => {
  const id = await connectAndSubscribe(harness, profileFor(broker.port), 'r/#', 1);
  const connectedStates = harness.states(id).length;

  await broker.kill();
  const reconnecting = await harness.waitForState(id, isReconnecting, 'reconnecting');
  expect(reconnecting.reason).not.toBe('');
  const seen = harness.states(id).find((s) => s.state === reconnecting);
  // "Next attempt in N s" must count down to something in the future, not the past.
  expect(reconnecting.nextAttemptAt).toBeGreaterThan(seen!.seenAt);
  // Until the broker answers again, the subscription cannot be active.
  expect(harness.info(id).subscriptions).toMatchObject([{ filter: 'r/#', status: 'pending' }]);

  await broker.restart();
  // Nobody calls connect(): the engine comes back by itself.
  const back = await harness.waitForState(id, isConnected, 'connected again', 15_000);
  // The restarted broker (no persistence) has no session for us, so the engine must resubscribe.
  expect(back.sessionPresent).toBe(false);
  await harness.waitForActiveSubscription(id, 'r/#');
  expect(harness.states(id).length).toBeGreaterThan(connectedStates + 1);

  await mosquittoPub({ port: broker.port, topic: 'r/after', message: 'after restart', qos: 1 });
  const [message] = await harness.waitForReceived(id, 'r/after');
  expect(message).toMatchObject({ direction: 'in', payload: utf8('after restart'), qos: 1 });
});

it('stops retrying when the user disconnects while it is reconnecting', async () => {
  const id = await connectAndSubscribe(harness, profileFor(broker.port), 'r/#', 1);
  await broker.kill();
  await harness.waitForState(id, isReconnecting, 'reconnecting');

  await harness.registry.disconnect(id);
  const closed = harness.state(id);
  expect(closed).toMatchObject({ status: 'closed', error: false, reason: 'Disconnected' });

  // With the broker back, a retry that should not happen would succeed and be plain to see.
  await broker.restart();
  await quietPeriod(RECONNECT_PERIOD_MS + 700);
  const after = harness.states(id).slice(harness.states(id).findIndex((s) => s.state === closed) + 1);
  expect(after.map((s) => describeState(s.state))).toEqual([]);
});
