import type { z } from 'zod';
import type { Channel, Disposable } from './channel';

/**
 * A service is an interface whose members are either calls (return a Promise) or events
 * (named `onDidX`, take a listener, return a Disposable). The descriptor lists them at runtime,
 * with a schema for every call's arguments so the receiving side can validate them.
 */
type EventKey<T> = { [K in keyof T]: K extends `onDid${string}` ? K : never }[keyof T];
type CallKey<T> = Exclude<keyof T, EventKey<T>>;

type Fn = (...args: never[]) => unknown;
export type CallArgs<T, K extends keyof T> = T[K] extends Fn ? Parameters<T[K]> : never;

export interface ServiceDescriptor<T> {
  readonly name: string;
  readonly calls: { readonly [K in CallKey<T>]: z.ZodType<CallArgs<T, K>> };
  readonly events: readonly EventKey<T>[];
}

export function defineService<T>(descriptor: ServiceDescriptor<T>): ServiceDescriptor<T> {
  return descriptor;
}

export type Listener<E> = (event: E) => void;
export type Event<E> = (listener: Listener<E>) => Disposable;

/** Builds a typed client for a service over any channel. */
export function createServiceClient<T>(channel: Channel, descriptor: ServiceDescriptor<T>): T {
  const client: Record<string, unknown> = {};
  for (const method of Object.keys(descriptor.calls)) {
    client[method] = (...args: unknown[]) => channel.call(descriptor.name, method, args);
  }
  for (const event of descriptor.events) {
    client[event as string] = (listener: (payload: unknown) => void) =>
      channel.listen(descriptor.name, event as string, listener);
  }
  return client as T;
}
