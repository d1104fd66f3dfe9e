import type { StateCreator } from 'zustand';
import type { Direction, PacketTypeName } from '../../shared/inspector/packets/types';
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
  selectedPacket: Record<string, number | undefined>;
  packetFilter: PacketFilter;
  revealSecrets: boolean;
  setTab(tab: WorkspaceTab): void;
  selectPacket(connectionId: string, no: number | undefined): void;
  setPacketFilter(filter: Partial<PacketFilter>): void;
  setRevealSecrets(reveal: boolean): void;
};

export const createInspectorSlice: StateCreator<AppState, [], [], InspectorSlice> = (set) => ({
  tab: 'messages',
  selectedPacket: {},
  packetFilter: NO_FILTER,
  revealSecrets: false,
  setTab: (tab) => set({ tab }),
  selectPacket: (connectionId, no) => set((state) => ({ selectedPacket: { ...state.selectedPacket, [connectionId]: no } })),
  setPacketFilter: (filter) => set((state) => ({ packetFilter: { ...state.packetFilter, ...filter } })),
  setRevealSecrets: (revealSecrets) => set({ revealSecrets }),
});
