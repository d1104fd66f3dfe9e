import { brokerService } from './broker';
import { connectionsService } from './connections';
import { desktopService } from './desktop';
import { inspectorService } from './inspector';
import { profilesService } from './profiles';

/** Every service the engine offers; transports and the preload bridge are built from this list. */
export const services = [connectionsService, brokerService, inspectorService, profilesService, desktopService] as const;

export type { BrokerService } from './broker';
export type { InspectorService, PacketDetail, FlowPage, CaptureExport } from './inspector';
export type { ConnectionsService, PublishRequest, SubscribeRequest, ProfileUpdate } from './connections';
export type { DesktopService, DesktopCommand, ThemeChoice } from './desktop';
export type { ProfilesService, Preset, StorageStatus, ImportSummary, ProfilesExport } from './profiles';
