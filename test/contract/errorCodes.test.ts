import { describe, expect, it } from 'vitest';
import { services } from '../../src/shared/contract';
import { RemoteError, toErrorValue } from '../../src/shared/errors/errors';
import { describeError } from '../../src/renderer/components/describeError';
import { ServiceHost } from '../../src/main/transport/serviceHost';
import { ConnectionRegistry } from '../../src/main/engine/connectionRegistry';
import { Inspector } from '../../src/main/inspector/inspector';
import { DEFAULT_PROFILE } from '../../src/shared/domain/profile';

/** What the UI receives for a call: the error as it crossed the transport (a value), rebuilt. */
async function failureOf(call: Promise<unknown>): Promise<RemoteError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeDefined();
  return new RemoteError(JSON.parse(JSON.stringify(toErrorValue(error))));
}

describe('errors that cross the contract carry a stable code', () => {
  const host = new ServiceHost();
  const registry = new ConnectionRegistry(new Inspector());
  host.register(services.connections, registry);

  it('a refused topic filter: subscribe.invalid-filter, with the validator’s words', async () => {
    const info = await registry.create({ ...DEFAULT_PROFILE, clientId: 'codes', name: 'codes', host: '127.0.0.1', port: 1 });
    const error = await failureOf(host.call('connections', 'subscribe', [info.id, { filter: 'fleet/#/speed', qos: 0 }]));
    expect(error.code).toBe('subscribe.invalid-filter');
    expect(describeError(error)).toMatch(/#/);
  });

  it('a gone connection: connection.not-found, worded by the UI from its code', async () => {
    const error = await failureOf(host.call('connections', 'connect', ['no-such-connection']));
    expect(error.code).toBe('connection.not-found');
    expect(describeError(new RemoteError({ name: 'UserError', message: 'engine words', code: 'connection.not-found' }))).toBe('That connection no longer exists');
  });

  it('a call this engine does not know: request.unknown-method, worded as a version mismatch', async () => {
    const error = await failureOf(host.call('connections', 'teleport', []));
    expect(error.code).toBe('request.unknown-method');
    expect(describeError(error)).toMatch(/different versions/);
  });

  it('arguments the schema refuses: request.invalid, naming the field', async () => {
    const error = await failureOf(host.call('connections', 'publish', ['x', { topic: 'a', payload: 'not bytes', qos: 0, retain: false }]));
    expect(error.code).toBe('request.invalid');
    expect(error.detail).toMatchObject({ field: 'payload' });
  });
});
