import { useAppStore } from '../store';
import { readPreference, writePreference } from './preferences';

const LAST_CONNECTION_KEY = 'lastConnection';

/**
 * Reopens the connection that was selected when the app last closed. The list arrives from the
 * engine after start; until it does, the remembered choice waits (and is not overwritten).
 */
export function rememberSelection(): void {
  let waiting = readPreference(LAST_CONNECTION_KEY);
  useAppStore.subscribe((state, previous) => {
    if (waiting !== undefined) {
      if (state.connections.length === 0) return;
      const wanted = waiting;
      waiting = undefined;
      if (state.selectedId !== wanted && state.connections.some((c) => c.id === wanted)) {
        state.select(wanted);
        return;
      }
    }
    if (state.selectedId && state.selectedId !== previous.selectedId) writePreference(LAST_CONNECTION_KEY, state.selectedId);
  });
}
