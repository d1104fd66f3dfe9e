/**
 * A refused connection as the user meets it: connect() fails with the broker's reason in words,
 * the list shows the connection closed with that same reason, and the engine does not keep
 * hammering a broker that said no.
 */
import { describe, expect, it } from 'vitest';
import { RECONNECT_PERIOD_MS } from '../../src/main/engine/session';
import { ServiceHost } from '../../src/main/transport/serviceHost';
import { connectionsService } from '../../src/shared/contract/connections';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { EngineHarness, describeState, isClosed, profileFor, quietPeriod, useHarness, useStarted } from './harness';

const USER = { username: 'alice', password: 'right' };

let broker: RunningMosquitto;
let harness: EngineHarness;

useStarted(
  () => startMosquitto({ users: [USER] }),
  (b) => (broker = b),
);
useHarness((h) => (harness = h));

// Mosquitto 2.0.11 answers a wrong password with "not authorised" rather than "bad user name or
// password"; these are the words the user must see for exactly that answer in each version.
describe.each<{ version: 4 | 5; label: string; words: string }>([
  { version: 4, label: 'MQTT 3.1.1', words: 'Not authorized (CONNACK 5)' },
  { version: 5, label: 'MQTT 5.0', words: 'Not authorized (CONNACK 0x87)' },
])('$label', ({ version, words }) => {
  it('a wrong password fails connect() with the reason, shows it on the closed connection, and does not retry', async () => {
    const id = await harness.create(profileFor(broker.port, { protocolVersion: version, username: USER.username, password: 'wrong' }));
    const logBefore = broker.logs().length;

    await expect(harness.registry.connect(id)).rejects.toThrow(words);
    const closed = await harness.waitForState(id, isClosed, 'closed');
    expect(closed).toMatchObject({ status: 'closed', error: true, reason: words });

    // Retrying would happen after one reconnect period; wait past it and look again.
    await quietPeriod(RECONNECT_PERIOD_MS + 700);
    expect(harness.state(id), harness.describeStates(id)).toBe(closed);
    // The broker's own log is the independent witness that nothing knocked again.
    // (Mosquitto names a refused client "<unknown>", so count refusals since this test began.)
    const refusals = broker.logs().slice(logBefore).split('\n').filter((line) => line.includes('not authorised'));
    expect(refusals, broker.logs()).toHaveLength(1);
    // After the refusal the list must not go back to connecting or reconnecting.
    const after = harness.states(id).slice(harness.states(id).findIndex((s) => s.state === closed) + 1);
    expect(after.map((s) => describeState(s.state))).toEqual([]);
  });

  it('the right password connects', async () => {
    const id = await harness.create(profileFor(broker.port, { protocolVersion: version, ...USER }));
    await harness.registry.connect(id);
    expect(harness.state(id)).toMatchObject({ status: 'connected' });
  });
});

it('an empty client ID with clean session off is refused for MQTT 3.1.1 before anything is created', async () => {
  const host = new ServiceHost();
  host.register(connectionsService, harness.registry);
  const profile = profileFor(broker.port, { protocolVersion: 4, clientId: '', clean: false });

  await expect(host.call('connections', 'create', [profile])).rejects.toThrow(/clean session/);
  expect(await host.call('connections', 'list', [])).toEqual([]);
});
