import { useState } from 'react';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import { useNow } from '../../components/useNow';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { describeState, stateTone } from './describeState';
import { useAction } from '../../components/useAction';
import { useTranslation } from 'react-i18next';
import { BrokerCheck } from './BrokerCheck';

export function ConnectionHeader({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const edit = useAppStore((s) => s.edit);
  const { run, error } = useAction();
  // Each click on Check broker mounts a new check, for the connection it was clicked on.
  const [check, setCheck] = useState<{ id: string; run: number }>();
  const [checking, setChecking] = useState(false);
  const { state, profile } = connection;
  const now = useNow(state.status === 'reconnecting');
  const active = state.status === 'connecting' || state.status === 'connected' || state.status === 'reconnecting';

  const toggle = () => run(() => (active ? connections.disconnect(connection.id) : connections.connect(connection.id)));

  return (
    <header className="connection-header">
      <div>
        <h1>{profile.name}</h1>
        <p className="address">
          {profile.transport}://{profile.host}:{profile.port}
          {profile.transport === 'ws' ? profile.path : ''} · MQTT {profile.protocolVersion === 5 ? '5.0' : profile.protocolVersion === 4 ? '3.1.1' : '3.1'} ·{' '}
          {t('connections.header.clientId', { clientId: profile.clientId || t('connections.header.assignedByBroker') })}
        </p>
      </div>
      <p className={`state ${stateTone(state)}`} role="status" aria-label={t('connections.header.state')}>
        {describeState(state, now, t)}
      </p>
      <div className="header-actions">
        <button type="button" className={active ? '' : 'primary'} onClick={() => void toggle()}>
          {active ? t('connections.header.disconnect') : t('connections.header.connect')}
        </button>
        <button type="button" onClick={() => edit(connection.id)} disabled={active} title={active ? t('connections.header.disconnectToEdit') : undefined}>
          {t('connections.header.edit')}
        </button>
        <button type="button" onClick={() => setCheck({ id: connection.id, run: (check?.run ?? 0) + 1 })} disabled={checking}>
          {checking ? t('brokerCheck.running') : t('brokerCheck.run')}
        </button>
      </div>
      {check?.id === connection.id && <BrokerCheck key={check.run} connectionId={connection.id} onRunning={setChecking} onClose={() => setCheck(undefined)} />}
      {error && error !== describeState(state, now, t) && (
        <p role="alert" className="error header-error">
          {error}
        </p>
      )}
    </header>
  );
}
