import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import type { CaptureCounts, CapturedPacket, PacketBatch, PacketRow } from '../inspector/packets/types';
import type { Flow } from '../inspector/flows';
import type { ProtocolVersion } from '../domain/profile';

export type PacketDetail = { packet: CapturedPacket; protocolVersion: ProtocolVersion };
export type FlowPage = { flows: Flow[]; total: number };
export type CaptureExport = { fileName: string; bytes: Uint8Array; mediaType: string };

export interface InspectorService {
  counts(connectionId: string): Promise<CaptureCounts>;
  /** Rows with `no` in [from, from + count), oldest first; evicted ones are skipped. */
  rows(connectionId: string, from: number, count: number): Promise<PacketRow[]>;
  /** The exact bytes of one packet, with the protocol version to decode them by. */
  packet(connectionId: string, no: number): Promise<PacketDetail | undefined>;
  /** The most recent flows (newest last), at most `limit`. */
  flows(connectionId: string, limit: number): Promise<FlowPage>;
  clear(connectionId: string): Promise<CaptureCounts>;
  /** How many packets each connection's capture keeps. */
  setCapacity(capacity: number): Promise<void>;
  exportPcapng(connectionId: string): Promise<CaptureExport>;
  exportJson(connectionId: string, revealSecrets: boolean): Promise<CaptureExport>;
  onDidCapturePackets: Event<PacketBatch>;
}

const id = z.string().min(1).max(100);
const no = z.number().int().min(0);

export const inspectorService = defineService<InspectorService>({
  name: 'inspector',
  calls: {
    counts: z.tuple([id]),
    rows: z.tuple([id, no, z.number().int().min(0).max(10_000)]),
    packet: z.tuple([id, no]),
    flows: z.tuple([id, z.number().int().min(1).max(100_000)]),
    clear: z.tuple([id]),
    setCapacity: z.tuple([z.number().int().min(1_000, 'Keep at least 1,000 packets').max(5_000_000, 'At most 5,000,000 packets')]),
    exportPcapng: z.tuple([id]),
    exportJson: z.tuple([id, z.boolean()]),
  },
  events: ['onDidCapturePackets'],
});
