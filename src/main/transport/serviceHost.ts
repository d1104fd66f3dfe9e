import type { z } from 'zod';
import type { Channel, Disposable } from '../../shared/contract/channel';
import { isErrorCode } from '../../shared/errors/errorCodes';
import { RemoteError, UserError } from '../../shared/errors/errors';
import type { ServiceDescriptor } from '../../shared/contract/service';
import { services, type ServiceImpls, type ServiceName } from '../../shared/contract';
import { CongestionMonitor } from './congestion';

type Registered = {
  descriptor: ServiceDescriptor<unknown>;
  impl: Record<string, unknown>;
};

/**
 * The receiving end of the contract: routes a call to the service implementation after validating
 * its arguments against the descriptor's schema, and connects listeners to its events. Both
 * transports (Electron IPC, browser-mode WebSocket) hand their frames to one of these, so
 * validation happens in exactly one place.
 */
export class ServiceHost implements Channel {
  private readonly services = new Map<string, Registered>();
  /** Where transports that can tell report a UI falling behind; the app pauses the engine on it. */
  readonly congestion = new CongestionMonitor();

  /**
   * Serves every service of the registry. Typed by the registry, so an engine that leaves one
   * out does not compile: the class of bug that once left the desktop window blank.
   */
  registerAll(impls: ServiceImpls): void {
    for (const name of Object.keys(services) as ServiceName[]) {
      this.register(services[name] as ServiceDescriptor<unknown>, impls[name]);
    }
  }

  /** One service alone: for tests that exercise a single service over a host. */
  register<T>(descriptor: ServiceDescriptor<T>, impl: T): void {
    this.services.set(descriptor.name, {
      descriptor: descriptor as ServiceDescriptor<unknown>,
      impl: impl as Record<string, unknown>,
    });
  }

  async call(service: string, method: string, args: readonly unknown[]): Promise<unknown> {
    const entry = this.services.get(service);
    const calls = entry?.descriptor.calls as Record<string, z.ZodType<unknown[]>> | undefined;
    const schema = calls && Object.hasOwn(calls, method) ? calls[method] : undefined;
    if (!entry || !schema) {
      throw new RemoteError({ name: 'UnknownMethod', code: 'request.unknown-method', message: `No such call: ${service}.${method}` });
    }
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : '';
      // A schema names the specific code in the issue's params (e.g. subscribe.invalid-filter).
      const code = issue?.code === 'custom' && isErrorCode(issue.params?.errorCode) ? issue.params.errorCode : 'request.invalid';
      throw new UserError(code, `${issue?.message ?? 'Invalid arguments'}${where}`, { field: issue?.path.slice(1).join('.') ?? '' });
    }
    const fn = entry.impl[method] as (...a: unknown[]) => Promise<unknown>;
    return fn.apply(entry.impl, parsed.data);
  }

  listen(service: string, event: string, listener: (payload: unknown) => void): Disposable {
    const entry = this.services.get(service);
    if (!entry || !(entry.descriptor.events as readonly string[]).includes(event)) {
      throw new RemoteError({ name: 'UnknownEvent', code: 'request.unknown-event', message: `No such event: ${service}.${event}` });
    }
    const subscribe = entry.impl[event] as (l: (payload: unknown) => void) => Disposable;
    return subscribe.call(entry.impl, listener);
  }
}
