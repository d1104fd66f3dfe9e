/**
 * The contract's receiving side rejects bad input with words the UI can show next to the field,
 * and never lets it reach the engine (so nothing half-happens: no connection, no log entry).
 */
import { describe, expect, it, vi } from 'vitest';
import { ServiceHost } from '../../src/main/transport/serviceHost';
import { connectionsService } from '../../src/shared/contract/connections';
import type { ConnectionInfo } from '../../src/shared/domain/connection';
import { EngineHarness, describeMessage, embeddedBrokerFactory, profileFor, useHarness, useStarted, type TestBroker } from './harness';

let broker: TestBroker;
let harness: EngineHarness;
let host: ServiceHost;

useStarted(
  () => embeddedBrokerFactory.start(),
  (b) => (broker = b),
);
useHarness(
  (h) => {
    harness = h;
    host = new ServiceHost();
    host.register(connectionsService, harness.registry);
  },
  {
    beforeDispose: async () => {
      vi.restoreAllMocks();
    },
  },
);

/** A connected connection created the way the UI does it: through the contract. */
async function connected(): Promise<string> {
  const info = (await host.call('connections', 'create', [profileFor(broker.port)])) as ConnectionInfo;
  await host.call('connections', 'connect', [info.id]);
  return info.id;
}

describe('profiles', () => {
  it('rejects port 70000 and creates nothing', async () => {
    await expect(host.call('connections', 'create', [profileFor(70000)])).rejects.toThrow('Port must be between 1 and 65535');
    expect(await host.call('connections', 'list', [])).toEqual([]);
  });

  it('rejects an empty host (blank counts as empty) and creates nothing', async () => {
    await expect(host.call('connections', 'create', [profileFor(broker.port, { host: '' })])).rejects.toThrow('Host is required');
    await expect(host.call('connections', 'create', [profileFor(broker.port, { host: '   ' })])).rejects.toThrow('Host is required');
    expect(await host.call('connections', 'list', [])).toEqual([]);
  });

  it('accepts a valid profile, so the rejections above are about the field and not the call', async () => {
    const info = (await host.call('connections', 'create', [profileFor(broker.port)])) as ConnectionInfo;
    expect(info.state).toEqual({ status: 'idle' });
  });
});

describe('publish and subscribe', () => {
  it('rejects publishing to a topic with a wildcard, and logs no outgoing message', async () => {
    const id = await connected();
    const request = { topic: 'a/+/b', payload: new Uint8Array([1]), qos: 1, retain: false };
    await expect(host.call('connections', 'publish', [id, request])).rejects.toThrow('Wildcards + and # are not allowed in a publish topic');

    // Prove the log would have shown an 'out' record for a valid publish on the same path.
    await host.call('connections', 'publish', [id, { ...request, topic: 'a/x/b' }]);
    await harness.waitForMessages((messages) => messages.find((m) => m.topic === 'a/x/b'), "the valid publish's out record");
    expect(harness.sent(id).map((m) => m.topic)).toEqual(['a/x/b']);
  });

  it('rejects a filter with # in the middle, and adds no subscription', async () => {
    const id = await connected();
    await expect(host.call('connections', 'subscribe', [id, { filter: 'a/#/b', qos: 0 }])).rejects.toThrow(
      '# must be the last level and stand alone',
    );
    expect(harness.info(id).subscriptions).toEqual([]);
  });
});

describe('calls that are not part of the contract', () => {
  it('rejects an unknown method, including engine methods the contract does not expose', async () => {
    await expect(host.call('connections', 'explode', [])).rejects.toThrow('No such call: connections.explode');
    // dispose() exists on the registry; a remote caller must still not reach it.
    const dispose = vi.spyOn(harness.registry, 'dispose');
    await expect(host.call('connections', 'dispose', [])).rejects.toThrow('No such call: connections.dispose');
    await expect(host.call('connections', 'constructor', [])).rejects.toThrow('No such call');
    expect(dispose).not.toHaveBeenCalled();
    await expect(host.call('nope', 'list', [])).rejects.toThrow('No such call: nope.list');
  });

  it('rejects arguments of the wrong type without calling the engine', async () => {
    const id = await connected();
    const publish = vi.spyOn(harness.registry, 'publish');
    const subscribe = vi.spyOn(harness.registry, 'subscribe');
    const create = vi.spyOn(harness.registry, 'create');

    // A string payload, a QoS of 3, a missing id, a port as text, too many arguments.
    await expect(host.call('connections', 'publish', [id, { topic: 'a', payload: 'text', qos: 0, retain: false }])).rejects.toThrow(/payload/);
    await expect(host.call('connections', 'publish', [id, { topic: 'a', payload: new Uint8Array(), qos: 3, retain: false }])).rejects.toThrow(/qos/);
    await expect(host.call('connections', 'subscribe', [{ filter: 'a', qos: 0 }])).rejects.toThrow();
    await expect(host.call('connections', 'create', [{ ...profileFor(broker.port), port: '1883' }])).rejects.toThrow('Port must be a number');
    await expect(host.call('connections', 'connect', [id, 'extra'])).rejects.toThrow();

    expect(publish).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
    expect(harness.sent(id).map(describeMessage)).toEqual([]);
  });
});
