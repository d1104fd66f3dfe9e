import { useState } from 'react';
import { useBrokerViewText } from './useBrokerViewText';
import { SESSION_NEVER_EXPIRES, type BrokerClientRow, type BrokerDashboard } from '../../../shared/domain/brokerDashboard';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';
import { FlowsView } from '../inspector/FlowsView';
import { PacketsView } from '../inspector/PacketsView';


/** Connected clients (with Disconnect and, when captured, their packets) and offline sessions. */
export function BrokerClients({ dashboard }: { dashboard: BrokerDashboard | undefined }) {
  const { t } = useBrokerViewText();
  const { broker } = useEngine();
  const { run, error } = useAction();
  const [inspected, setInspected] = useState<{ clientId: string; captureId: string; view: 'packets' | 'flows' }>();
  const clients = dashboard?.clients ?? [];
  const sessions = dashboard?.sessions ?? [];
  const expiry = (client: BrokerClientRow) => (client.sessionExpiry >= SESSION_NEVER_EXPIRES ? t('never') : t('statsSeconds', { count: client.sessionExpiry }));

  return (
    <div className="broker-clients">
      <h3 id="broker-clients-title">{t('clients', { count: clients.length })}</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {clients.length === 0 ? (
        <p className="empty">{t('noClients')}</p>
      ) : (
        <div className="table-scroll">
          <table aria-labelledby="broker-clients-title">
            <thead>
              <tr>
                <th scope="col">{t('colClientId')}</th>
                <th scope="col">{t('colAddress')}</th>
                <th scope="col">{t('colProtocol')}</th>
                <th scope="col">{t('colSession')}</th>
                <th scope="col">{t('colKeepalive')}</th>
                <th scope="col">{t('colSince')}</th>
                <th scope="col">{t('colInOut')}</th>
                <th scope="col">{t('colSubscriptions')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.clientId}>
                  <th scope="row">
                    {client.clientId}
                    {client.username && <span className="muted"> ({client.username})</span>}
                  </th>
                  <td>
                    {client.address} {client.transport === 'ws' ? 'WS' : 'TCP'}
                  </td>
                  <td>MQTT {client.protocol}</td>
                  <td>
                    {client.cleanStart ? t('cleanStart') : t('keepsSession')} · {expiry(client)}
                  </td>
                  <td>{t('statsSeconds', { count: client.keepalive })}</td>
                  <td>{new Date(client.since).toLocaleTimeString()}</td>
                  <td>
                    {client.messagesIn.toLocaleString()} / {client.messagesOut.toLocaleString()}
                  </td>
                  <td>{client.subscriptions.map((sub) => `${sub.filter} (QoS ${sub.qos})`).join(', ') || '—'}</td>
                  <td className="row-actions">
                    <button type="button" aria-label={t('disconnect', { id: client.clientId })} onClick={() => void run(() => broker.disconnectClient(client.clientId))}>
                      {t('disconnectShort')}
                    </button>
                    {client.captureId && (
                      <button type="button" aria-label={t('packetsOf', { id: client.clientId })} onClick={() => setInspected({ clientId: client.clientId, captureId: client.captureId!, view: 'packets' })}>
                        {t('packetsShort')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="broker-sessions-title">{t('sessions', { count: sessions.length })}</h3>
      {sessions.length === 0 ? (
        <p className="empty">{t('noSessions')}</p>
      ) : (
        <table aria-labelledby="broker-sessions-title">
          <thead>
            <tr>
              <th scope="col">{t('colClientId')}</th>
              <th scope="col">{t('colQueued')}</th>
              <th scope="col">{t('colSubscriptions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.clientId}>
                <th scope="row">{session.clientId}</th>
                <td>{session.queued.toLocaleString()}</td>
                <td>{session.subscriptions.map((sub) => `${sub.filter} (QoS ${sub.qos})`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inspected && (
        <section className="broker-client-packets" aria-label={t('packetsOf', { id: inspected.clientId })}>
          <div className="broker-dashboard-head">
            <h3>{t('packetsOf', { id: inspected.clientId })}</h3>
            <button type="button" aria-pressed={inspected.view === 'flows'} onClick={() => setInspected({ ...inspected, view: inspected.view === 'flows' ? 'packets' : 'flows' })}>
              {t('showFlows')}
            </button>
            <button type="button" onClick={() => setInspected(undefined)}>
              {t('hidePackets')}
            </button>
          </div>
          {inspected.view === 'packets' ? <PacketsView connectionId={inspected.captureId} /> : <FlowsView connectionId={inspected.captureId} />}
        </section>
      )}
    </div>
  );
}
