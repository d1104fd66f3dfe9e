import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import type { CaptureCounts, CapturedPacket, PacketRow } from '../inspector/packets/types';
import { packetQuerySchema, type PacketQuery } from '../inspector/packetQuery';
import type { Flow } from '../inspector/flows';
import type { ProtocolVersion } from '../domain/profile';

/** One packet's bytes, the version to decode them by, and its list row (with the problems the flow linker found). */
export type PacketDetail = { packet: CapturedPacket; protocolVersion: ProtocolVersion; row: PacketRow };
export type FlowPage = { flows: Flow[]; total: number };
export type CaptureExport = { fileName: string; bytes: Uint8Array; mediaType: string };

/**
 * A packet view: the rows of one connection's capture that match a query, addressed by index in
 * [first, end). Unfiltered, an index is the packet's `no`; filtered, matches are numbered as the
 * engine finds them (the oldest fall out as the capture drops them). The engine pages the rows;
 * the UI asks only for what is on screen.
 */
export type PacketViewStatus = {
  viewId: string;
  connectionId: string;
  first: number;
  end: number;
  /** False while a filter is still going through what the capture already held. */
  done: boolean;
  counts: CaptureCounts;
};

export type PacketPage = { start: number; rows: PacketRow[]; status: PacketViewStatus };

export interface InspectorService {
  counts(connectionId: string): Promise<CaptureCounts>;
  /** Rows with `no` in [from, from + count), oldest first; evicted ones are skipped. */
  rows(connectionId: string, from: number, count: number): Promise<PacketRow[]>;
  openView(connectionId: string, query: PacketQuery): Promise<PacketViewStatus>;
  /** Rows [start, start + count) of a view (the page starts at its first kept row). */
  readView(viewId: string, start: number, count: number): Promise<PacketPage>;
  closeView(viewId: string): Promise<void>;
  /** The exact bytes of one packet, with the protocol version to decode them by. */
  packet(connectionId: string, no: number): Promise<PacketDetail | undefined>;
  /** The most recent flows (newest last), at most `limit`. */
  flows(connectionId: string, limit: number): Promise<FlowPage>;
  clear(connectionId: string): Promise<CaptureCounts>;
  /** How many packets each connection's capture keeps. */
  setCapacity(capacity: number): Promise<void>;
  exportPcapng(connectionId: string): Promise<CaptureExport>;
  exportJson(connectionId: string, revealSecrets: boolean): Promise<CaptureExport>;
  /** Every open view's status, at most once per batch interval while packets are captured. */
  onDidUpdateViews: Event<PacketViewStatus[]>;
}

const id = z.string().min(1).max(100);
const no = z.number().int().min(0);

export const inspectorService = defineService<InspectorService>({
  name: 'inspector',
  calls: {
    counts: z.tuple([id]),
    rows: z.tuple([id, no, z.number().int().min(0).max(10_000)]),
    openView: z.tuple([id, packetQuerySchema]),
    readView: z.tuple([z.string().min(1).max(100), no, z.number().int().min(0).max(10_000)]),
    closeView: z.tuple([z.string().min(1).max(100)]),
    packet: z.tuple([id, no]),
    flows: z.tuple([id, z.number().int().min(1).max(100_000)]),
    clear: z.tuple([id]),
    setCapacity: z.tuple([z.number().int().min(1_000, 'Keep at least 1,000 packets').max(5_000_000, 'At most 5,000,000 packets')]),
    exportPcapng: z.tuple([id]),
    exportJson: z.tuple([id, z.boolean()]),
  },
  events: ['onDidUpdateViews'],
});
