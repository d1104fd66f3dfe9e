import type { StateCreator } from 'zustand';
import type { AppState } from './index';
import type { BufferCounts } from '../services/liveBuffers';

/** Summaries only: the messages themselves live in ring buffers outside React state. */
export type LogCounts = BufferCounts;

export type LogSlice = {
  logCounts: Record<string, LogCounts>;
  /** Per connection: the total at the moment the view was paused. */
  pausedAt: Record<string, number>;
  setLogCounts(counts: Record<string, LogCounts>): void;
  pause(connectionId: string, total: number): void;
  resume(connectionId: string): void;
};

export const createLogSlice: StateCreator<AppState, [], [], LogSlice> = (set) => ({
  logCounts: {},
  pausedAt: {},
  setLogCounts: (counts) => set((state) => ({ logCounts: { ...state.logCounts, ...counts } })),
  pause: (connectionId, total) => set((state) => ({ pausedAt: { ...state.pausedAt, [connectionId]: total } })),
  resume: (connectionId) =>
    set((state) => {
      const { [connectionId]: _resumed, ...rest } = state.pausedAt;
      return { pausedAt: rest };
    }),
});
