import type { StateCreator } from 'zustand';
import type { Direction, PacketTypeName } from '../../shared/inspector/types';
import type { BufferCounts } from '../services/liveBuffers';
import type { AppState } from './index';

export type WorkspaceTab = 'messages' | 'packets' | 'flows';

export type PacketFilter = {
  type: PacketTypeName | 'any';
  direction: Direction | 'any';
  packetId: string;
  topic: string;
};

export const NO_FILTER: PacketFilter = { type: 'any', direction: 'any', packetId: '', topic: '' };

export type InspectorSlice = {
  tab: WorkspaceTab;
  packetCounts: Record<string, BufferCounts>;
  selectedPacket: Record<string, number | undefined>;
  packetFilter: PacketFilter;
  revealSecrets: boolean;
  setTab(tab: WorkspaceTab): void;
  setPacketCounts(counts: Record<string, BufferCounts>): void;
  selectPacket(connectionId: string, no: number | undefined): void;
  setPacketFilter(filter: Partial<PacketFilter>): void;
  setRevealSecrets(reveal: boolean): void;
};

export const createInspectorSlice: StateCreator<AppState, [], [], InspectorSlice> = (set) => ({
  tab: 'messages',
  packetCounts: {},
  selectedPacket: {},
  packetFilter: NO_FILTER,
  revealSecrets: false,
  setTab: (tab) => set({ tab }),
  setPacketCounts: (counts) => set((state) => ({ packetCounts: { ...state.packetCounts, ...counts } })),
  selectPacket: (connectionId, no) => set((state) => ({ selectedPacket: { ...state.selectedPacket, [connectionId]: no } })),
  setPacketFilter: (filter) => set((state) => ({ packetFilter: { ...state.packetFilter, ...filter } })),
  setRevealSecrets: (revealSecrets) => set({ revealSecrets }),
});
