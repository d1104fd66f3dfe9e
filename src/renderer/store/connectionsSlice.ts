import type { StateCreator } from 'zustand';
import type { ConnectionInfo } from '../../shared/domain/connection';
import type { AppState } from './index';

export type ConnectionsSlice = {
  connections: ConnectionInfo[];
  selectedId: string | undefined;
  /** 'new' while creating a profile, an id while editing one, undefined when the form is closed. */
  editing: string | undefined;
  setConnections(connections: ConnectionInfo[]): void;
  select(id: string): void;
  edit(target: string | undefined): void;
};

export const createConnectionsSlice: StateCreator<AppState, [], [], ConnectionsSlice> = (set) => ({
  connections: [],
  selectedId: undefined,
  editing: undefined,
  setConnections: (connections) =>
    set((state) => ({
      connections,
      // Keep the selection valid: first connection when nothing (or something removed) is selected.
      selectedId: connections.some((c) => c.id === state.selectedId) ? state.selectedId : connections[0]?.id,
    })),
  select: (id) => set({ selectedId: id, editing: undefined }),
  edit: (target) => set({ editing: target }),
});
