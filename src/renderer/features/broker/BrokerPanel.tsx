import { brokerUrls } from '../../../shared/domain/broker';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { useAction } from '../../components/useAction';
import { useTranslation } from 'react-i18next';
import { BrokerPorts } from './BrokerPorts';

export function BrokerPanel() {
  const { t } = useTranslation();
  const { broker } = useEngine();
  const status = useAppStore((s) => s.broker);
  const openDashboard = useAppStore((s) => s.setDashboardOpen);
  const { run, error, setError } = useAction();
  const urls = brokerUrls(status);

  const toggle = () =>
    run(async () => {
      const next = status.state === 'running' ? await broker.stop() : await broker.start();
      if (next.state === 'stopped' && next.error) setError(next.error);
    });

  return (
    <section className="broker-panel" aria-labelledby="broker-title">
      <h2 id="broker-title">{t('broker.title')}</h2>
      <p role="status" aria-label={t('broker.status')}>
        {status.state === 'running'
          ? t('broker.running', { count: status.clients })
          : status.state === 'starting'
            ? t('broker.starting')
            : t('broker.stopped')}
      </p>
      {urls && (
        <dl>
          <dt>MQTT</dt>
          <dd>{urls.mqtt}</dd>
          <dt>WebSocket</dt>
          <dd>{urls.ws}</dd>
          {urls.mqtts && (
            <>
              <dt>MQTT TLS</dt>
              <dd>{urls.mqtts}</dd>
              <dt>WS TLS</dt>
              <dd>{urls.wss}</dd>
            </>
          )}
          {status.state === 'running' && status.lanAddresses && (
            <>
              <dt>{t('broker.lan')}</dt>
              <dd>{status.lanAddresses.map((address) => `mqtt://${address}:${status.mqttPort}`).join(', ') || '—'}</dd>
            </>
          )}
        </dl>
      )}
      {status.state === 'running' && status.notice && (
        <p role="note" aria-label={t('broker.ports')} className="warning">
          {status.notice}
        </p>
      )}
      {status.state === 'stopped' && status.error && !status.busy && !error && (
        <p role="alert" className="error">
          {status.error}
        </p>
      )}
      <button type="button" onClick={() => void toggle()} disabled={status.state === 'starting'}>
        {status.state === 'running' ? t('broker.stop') : t('broker.start')}
      </button>
      <button type="button" onClick={() => openDashboard(true)}>
        {t('broker.openDashboard')}
      </button>
      <BrokerPorts status={status} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
