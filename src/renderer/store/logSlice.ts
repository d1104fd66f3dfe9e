import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/** The log's own state; its messages live in the engine's store and are paged in as needed. */
export type LogSlice = {
  /** Per connection: the view's end at the moment the log was paused. */
  pausedAt: Record<string, number>;
  pause(connectionId: string, end: number): void;
  resume(connectionId: string): void;
};

export const createLogSlice: StateCreator<AppState, [], [], LogSlice> = (set) => ({
  pausedAt: {},
  pause: (connectionId, end) => set((state) => ({ pausedAt: { ...state.pausedAt, [connectionId]: end } })),
  resume: (connectionId) =>
    set((state) => {
      const { [connectionId]: _resumed, ...rest } = state.pausedAt;
      return { pausedAt: rest };
    }),
});
