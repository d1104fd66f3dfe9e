import type { TFunction } from 'i18next';
import type { ConnectionState } from '../../../shared/domain/connection';

/** The words next to a connection; `now` drives the reconnect countdown. */
export function describeState(state: ConnectionState, now: number, t: TFunction): string {
  switch (state.status) {
    case 'idle':
      return t('connections.state.idle');
    case 'connecting':
      return state.attempt > 1 ? t('connections.state.connectingAttempt', { attempt: state.attempt }) : t('connections.state.connecting');
    case 'connected':
      return state.sessionPresent ? t('connections.state.connectedResumed') : t('connections.state.connected');
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((state.nextAttemptAt - now) / 1000));
      return t('connections.state.reconnecting', { reason: state.reason, seconds });
    }
    case 'closed':
      return state.error ? state.reason : t('connections.state.disconnected');
  }
}

export function stateTone(state: ConnectionState): 'ok' | 'busy' | 'error' | 'off' {
  if (state.status === 'connected') return 'ok';
  if (state.status === 'connecting' || state.status === 'reconnecting') return 'busy';
  if (state.status === 'closed' && state.error) return 'error';
  return 'off';
}
