import { brokerService } from './broker';
import { connectionsService } from './connections';

/** Every service the engine offers; transports and the preload bridge are built from this list. */
export const services = [connectionsService, brokerService] as const;

export type { BrokerService } from './broker';
export type { ConnectionsService, PublishRequest, SubscribeRequest, ProfileUpdate } from './connections';
