import { useAppStore } from '../../store';
import { useNow } from '../../components/useNow';
import { describeState, stateTone } from './describeState';
import { useTranslation } from 'react-i18next';

export function ConnectionList() {
  const { t } = useTranslation();
  const all = useAppStore((s) => s.connections);
  const hidden = useAppStore((s) => s.pendingDelete?.id);
  const connections = all.filter((c) => c.id !== hidden);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const edit = useAppStore((s) => s.edit);
  const now = useNow(all.some((c) => c.state.status === 'reconnecting'));

  return (
    <nav className="connection-list" aria-label={t('connections.list.title')}>
      <div className="section-title">
        <h2>{t('connections.list.title')}</h2>
        <button type="button" onClick={() => edit('new')}>
          {t('connections.list.new')}
        </button>
      </div>
      <ul>
        {connections.map((connection) => {
          const status = describeState(connection.state, now, t);
          return (
            <li key={connection.id}>
              <button
                type="button"
                className="connection-item"
                aria-current={connection.id === selectedId ? 'true' : undefined}
                aria-label={`${connection.profile.name}, ${status}`}
                onClick={() => select(connection.id)}
              >
                <span className={`dot ${stateTone(connection.state)}`} aria-hidden="true" />
                <span className="connection-name">{connection.profile.name}</span>
                <span className="connection-address">
                  {connection.profile.transport}://{connection.profile.host}:{connection.profile.port}
                </span>
                <span className="connection-status">{status}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
