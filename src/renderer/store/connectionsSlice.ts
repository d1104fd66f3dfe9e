import type { StateCreator } from 'zustand';
import type { ConnectionInfo } from '../../shared/domain/connection';
import type { AppState } from './index';

export type ConnectionsSlice = {
  connections: ConnectionInfo[];
  selectedId: string | undefined;
  /** 'new' while creating a profile, an id while editing one, undefined when the form is closed. */
  editing: string | undefined;
  /** Deleted by the user but still undoable: hidden everywhere, removed in the engine once the time is up. */
  pendingDelete: { id: string; name: string } | undefined;
  setConnections(connections: ConnectionInfo[]): void;
  startDelete(id: string, name: string): void;
  undoDelete(): void;
  finishDelete(id: string): void;
  select(id: string): void;
  edit(target: string | undefined): void;
};

export const createConnectionsSlice: StateCreator<AppState, [], [], ConnectionsSlice> = (set) => ({
  connections: [],
  selectedId: undefined,
  editing: undefined,
  pendingDelete: undefined,
  setConnections: (connections) =>
    set((state) => ({
      connections,
      // Keep the selection valid: first connection when nothing (or something removed) is selected.
      selectedId: connections.some((c) => c.id === state.selectedId && c.id !== state.pendingDelete?.id)
        ? state.selectedId
        : connections.find((c) => c.id !== state.pendingDelete?.id)?.id,
    })),
  startDelete: (id, name) =>
    set((state) => ({
      pendingDelete: { id, name },
      editing: undefined,
      selectedId: state.selectedId === id ? state.connections.find((c) => c.id !== id)?.id : state.selectedId,
    })),
  undoDelete: () => set((state) => (state.pendingDelete ? { pendingDelete: undefined, selectedId: state.pendingDelete.id } : {})),
  finishDelete: (id) => set((state) => (state.pendingDelete?.id === id ? { pendingDelete: undefined } : {})),
  select: (id) => set({ selectedId: id, editing: undefined, dashboardOpen: false }),
  edit: (target) => set({ editing: target }),
});
