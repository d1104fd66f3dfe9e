import { brokerUrls } from '../../../shared/domain/broker';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { useAction } from '../../components/useAction';

export function BrokerPanel() {
  const { broker } = useEngine();
  const status = useAppStore((s) => s.broker);
  const { run, error, setError } = useAction();
  const urls = brokerUrls(status);

  const toggle = () =>
    run(async () => {
      const next = status.state === 'running' ? await broker.stop() : await broker.start();
      if (next.state === 'stopped' && next.error) setError(next.error);
    });

  return (
    <section className="broker-panel" aria-labelledby="broker-title">
      <h2 id="broker-title">Embedded broker</h2>
      <p role="status" aria-label="Embedded broker status">
        {status.state === 'running'
          ? `Running · ${status.clients} client${status.clients === 1 ? '' : 's'}`
          : status.state === 'starting'
            ? 'Starting…'
            : 'Stopped'}
      </p>
      {urls && (
        <dl>
          <dt>MQTT</dt>
          <dd>{urls.mqtt}</dd>
          <dt>WebSocket</dt>
          <dd>{urls.ws}</dd>
        </dl>
      )}
      {status.state === 'running' && status.notice && (
        <p role="note" aria-label="Embedded broker ports" className="warning">
          {status.notice}
        </p>
      )}
      {status.state === 'stopped' && status.error && !error && (
        <p role="alert" className="error">
          {status.error}
        </p>
      )}
      <button type="button" onClick={() => void toggle()} disabled={status.state === 'starting'}>
        {status.state === 'running' ? 'Stop broker' : 'Start broker'}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
