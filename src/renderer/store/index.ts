import { create } from 'zustand';
import { createBrokerSlice, type BrokerSlice } from './brokerSlice';
import { createConnectionsSlice, type ConnectionsSlice } from './connectionsSlice';
import { createLogSlice, type LogSlice } from './logSlice';
import { createInspectorSlice, type InspectorSlice } from './inspectorSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createPublishSlice, type PublishSlice } from './publishSlice';
import { createProtobufSlice, type ProtobufSlice } from './protobufSlice';
import { createDraftsSlice, type DraftsSlice } from './draftsSlice';

export type AppState = ConnectionsSlice & BrokerSlice & LogSlice & InspectorSlice & SettingsSlice & PublishSlice & ProtobufSlice & DraftsSlice;

/** One store built from slices; high-rate data stays out of it (see services/frameNotifier.ts). */
export const useAppStore = create<AppState>()((...a) => ({
  ...createConnectionsSlice(...a),
  ...createBrokerSlice(...a),
  ...createLogSlice(...a),
  ...createInspectorSlice(...a),
  ...createSettingsSlice(...a),
  ...createPublishSlice(...a),
  ...createProtobufSlice(...a),
  ...createDraftsSlice(...a),
}));

export function useSelectedConnection() {
  return useAppStore((state) => state.connections.find((c) => c.id === state.selectedId && c.id !== state.pendingDelete?.id));
}
