import type { StateCreator } from 'zustand';
import type { BrokerStatus } from '../../shared/domain/broker';
import type { LinkState } from '../transport/webSocketTransport';
import type { AppState } from './index';

export type BrokerSlice = {
  broker: BrokerStatus;
  /** The UI's own link to the engine (always open in the desktop app). */
  link: LinkState;
  /** The broker's dashboard fills the workspace instead of the selected connection. */
  dashboardOpen: boolean;
  setDashboardOpen(open: boolean): void;
  setBroker(status: BrokerStatus): void;
  setLink(link: LinkState): void;
};

export const createBrokerSlice: StateCreator<AppState, [], [], BrokerSlice> = (set) => ({
  broker: { state: 'stopped' },
  link: 'connecting',
  dashboardOpen: false,
  setDashboardOpen: (dashboardOpen) => set(dashboardOpen ? { dashboardOpen, editing: undefined } : { dashboardOpen }),
  setBroker: (broker) => set({ broker }),
  setLink: (link) => set({ link }),
});
