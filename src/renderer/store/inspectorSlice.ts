import type { StateCreator } from 'zustand';
import type { CaptureCounts, Direction, PacketTypeName } from '../../shared/inspector/packets/types';
import type { AppState } from './index';

export type WorkspaceTab = 'messages' | 'topics' | 'packets' | 'flows';

export type PacketFilter = {
  type: PacketTypeName | 'any';
  direction: Direction | 'any';
  packetId: string;
  topic: string;
};

export const NO_FILTER: PacketFilter = { type: 'any', direction: 'any', packetId: '', topic: '' };

export type InspectorSlice = {
  tab: WorkspaceTab;
  /** The engine's own counts: what the capture keeps, dropped, and may keep at most. */
  captureCounts: Record<string, CaptureCounts>;
  selectedPacket: Record<string, number | undefined>;
  packetFilter: PacketFilter;
  revealSecrets: boolean;
  setTab(tab: WorkspaceTab): void;
  setCaptureCounts(counts: Record<string, CaptureCounts>): void;
  selectPacket(connectionId: string, no: number | undefined): void;
  setPacketFilter(filter: Partial<PacketFilter>): void;
  setRevealSecrets(reveal: boolean): void;
};

export const createInspectorSlice: StateCreator<AppState, [], [], InspectorSlice> = (set) => ({
  tab: 'messages',
  captureCounts: {},
  selectedPacket: {},
  packetFilter: NO_FILTER,
  revealSecrets: false,
  setTab: (tab) => set({ tab }),
  setCaptureCounts: (counts) => set((state) => ({ captureCounts: { ...state.captureCounts, ...counts } })),
  selectPacket: (connectionId, no) => set((state) => ({ selectedPacket: { ...state.selectedPacket, [connectionId]: no } })),
  setPacketFilter: (filter) => set((state) => ({ packetFilter: { ...state.packetFilter, ...filter } })),
  setRevealSecrets: (revealSecrets) => set({ revealSecrets }),
});
