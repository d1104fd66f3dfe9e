import { create } from 'zustand';
import { createBrokerSlice, type BrokerSlice } from './brokerSlice';
import { createConnectionsSlice, type ConnectionsSlice } from './connectionsSlice';
import { createLogSlice, type LogSlice } from './logSlice';

export type AppState = ConnectionsSlice & BrokerSlice & LogSlice;

/** One store built from slices; high-rate data stays out of it (see features/log/messageLog.ts). */
export const useAppStore = create<AppState>()((...a) => ({
  ...createConnectionsSlice(...a),
  ...createBrokerSlice(...a),
  ...createLogSlice(...a),
}));

export function useSelectedConnection() {
  return useAppStore((state) => state.connections.find((c) => c.id === state.selectedId));
}
