import type { ConnectionState } from '../../../shared/domain/connection';

/** The words next to a connection; `now` drives the reconnect countdown. */
export function describeState(state: ConnectionState, now: number): string {
  switch (state.status) {
    case 'idle':
      return 'Not connected';
    case 'connecting':
      return state.attempt > 1 ? `Connecting (attempt ${state.attempt})…` : 'Connecting…';
    case 'connected':
      return state.sessionPresent ? 'Connected (session resumed)' : 'Connected';
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((state.nextAttemptAt - now) / 1000));
      return `${state.reason}. Reconnecting in ${seconds} s`;
    }
    case 'closed':
      return state.error ? state.reason : 'Disconnected';
  }
}

export function stateTone(state: ConnectionState): 'ok' | 'busy' | 'error' | 'off' {
  if (state.status === 'connected') return 'ok';
  if (state.status === 'connecting' || state.status === 'reconnecting') return 'busy';
  if (state.status === 'closed' && state.error) return 'error';
  return 'off';
}
