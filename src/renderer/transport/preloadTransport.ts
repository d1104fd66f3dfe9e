import type { Channel, Disposable } from '../../shared/contract/channel';
import { RemoteError } from '../../shared/errors/errors';
import type { CallResult, QoScopeBridge } from '../../shared/contract/bridge';

/** Desktop app: the contract through the named functions the preload exposes. */
export class PreloadTransport implements Channel {
  constructor(private readonly bridge: QoScopeBridge) {}

  async call(service: string, method: string, args: readonly unknown[]): Promise<unknown> {
    const fn = this.bridge[service]?.[method];
    if (!fn) throw new Error(`No such call: ${service}.${method}`);
    const result = (await fn(...args)) as CallResult;
    if (!result.ok) throw new RemoteError(result.error);
    return result.value;
  }

  listen(service: string, event: string, listener: (payload: unknown) => void): Disposable {
    const fn = this.bridge[service]?.[event];
    if (!fn) throw new Error(`No such event: ${service}.${event}`);
    const unsubscribe = fn(listener) as () => void;
    return { dispose: unsubscribe };
  }
}
