import { useState } from 'react';
import { brokerUrls } from '../../../shared/domain/broker';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';

export function BrokerPanel() {
  const { broker } = useEngine();
  const status = useAppStore((s) => s.broker);
  const [error, setError] = useState<string>();
  const urls = brokerUrls(status);

  async function toggle() {
    setError(undefined);
    try {
      const next = status.state === 'running' ? await broker.stop() : await broker.start();
      if (next.state === 'stopped' && next.error) setError(next.error);
    } catch (e) {
      setError((e as Error).message);
    }
  }

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
