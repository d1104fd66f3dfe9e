import { brokerService } from './broker';
import { connectionsService } from './connections';
import { desktopService } from './desktop';
import { inspectorService } from './inspector';
import { messagesService } from './messages';
import { profilesService } from './profiles';
import { createServiceClient, type ServiceDescriptor } from './service';
import type { Channel } from './channel';

/**
 * The one registry of services. The main-side host, the browser-mode channel, the preload bridge
 * and the renderer's client are all derived from it: a service added here must be implemented by
 * the engine (`ServiceImpls` in app.ts fails to typecheck otherwise) and reaches the UI through
 * both transports without another list to update. Each key equals its descriptor's name.
 */
export const services = {
  connections: connectionsService,
  messages: messagesService,
  broker: brokerService,
  inspector: inspectorService,
  profiles: profilesService,
  desktop: desktopService,
} as const;

export type Services = typeof services;
export type ServiceName = keyof Services;

/** What implements each service: the interface its descriptor was defined with. */
export type ServiceImpls = { [K in ServiceName]: Services[K] extends ServiceDescriptor<infer T> ? T : never };

/** Every service's descriptor, for code that walks them all (the preload bridge, the host). */
export const serviceList: readonly ServiceDescriptor<unknown>[] = Object.values(services) as ServiceDescriptor<unknown>[];

/** A typed client for every service over one channel. */
export function createEngineClient(channel: Channel): ServiceImpls {
  const client: Partial<Record<ServiceName, unknown>> = {};
  for (const name of Object.keys(services) as ServiceName[]) {
    client[name] = createServiceClient(channel, services[name] as ServiceDescriptor<unknown>);
  }
  return client as ServiceImpls;
}

export type { BrokerService } from './broker';
export type { InspectorService, PacketDetail, FlowPage, CaptureExport } from './inspector';
export type { ConnectionsService, PublishRequest, SubscribeRequest, ProfileUpdate } from './connections';
export type { DesktopService, DesktopCommand, ThemeChoice } from './desktop';
export type { MessagesService } from './messages';
export type { ProfilesService, Preset, StorageStatus, ImportSummary, ProfilesExport } from './profiles';
