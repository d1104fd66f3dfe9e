import type { PacketRow } from '../../shared/inspector/packets/types';
import { LiveBuffers } from './liveBuffers';

/** Packet rows kept per connection in the UI (the engine keeps more; see its capture counts). */
export const PACKET_LOG_CAPACITY = 200_000;

export const packetLog = new LiveBuffers<PacketRow>(PACKET_LOG_CAPACITY);
