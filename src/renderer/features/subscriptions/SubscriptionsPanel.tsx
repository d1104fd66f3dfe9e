import { useState, type FormEvent } from 'react';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import type { QoS } from '../../../shared/domain/message';
import { validateTopicFilter } from '../../../shared/mqtt/topic';
import { useEngine } from '../../services/engine';

export function SubscriptionsPanel({ connection }: { connection: ConnectionInfo }) {
  const { connections } = useEngine();
  const [filter, setFilter] = useState('');
  const [qos, setQos] = useState<QoS>(0);
  const [retainAsPublished, setRetainAsPublished] = useState(true);
  const isV5 = connection.profile.protocolVersion === 5;
  const [error, setError] = useState<string>();
  const [tried, setTried] = useState(false);
  const problem = filter === '' && !tried ? undefined : validateTopicFilter(filter) ?? undefined;

  async function subscribe(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    setError(undefined);
    if (validateTopicFilter(filter)) return;
    try {
      await connections.subscribe(connection.id, { filter, qos, ...(isV5 ? { retainAsPublished } : {}) });
      setFilter('');
      setTried(false);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section className="panel" aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">Subscriptions</h2>
      <form className="inline-form" onSubmit={subscribe} noValidate aria-label="Subscribe">
        <div className="field grow">
          <label htmlFor="subscribe-filter">Topic filter</label>
          <input
            id="subscribe-filter"
            value={filter}
            placeholder="home/#"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'subscribe-filter-error' : undefined}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="subscribe-qos">QoS</label>
          <select id="subscribe-qos" value={qos} onChange={(e) => setQos(Number(e.target.value) as QoS)}>
            <option value={0}>0</option>
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        </div>
        <button type="submit">Subscribe</button>
        {isV5 && (
          <label className="checkbox" title="MQTT 5: deliver the publisher's RETAIN flag as it was sent, so retained messages are marked in the log">
            <input type="checkbox" checked={retainAsPublished} onChange={(e) => setRetainAsPublished(e.target.checked)} />
            Retain as published
          </label>
        )}
      </form>
      {problem && (
        <small id="subscribe-filter-error" className="error">
          {problem}
        </small>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="subscription-list" aria-label="Active subscriptions">
        {connection.subscriptions.length === 0 && <li className="empty">No subscriptions yet.</li>}
        {connection.subscriptions.map((sub) => (
          <li key={sub.filter}>
            <code>{sub.filter}</code>
            <span className={`sub-status ${sub.status}`}>
              {sub.status === 'active'
                ? sub.grantedQos !== undefined && sub.grantedQos !== sub.qos
                  ? `granted QoS ${sub.grantedQos} (asked ${sub.qos})`
                  : `QoS ${sub.grantedQos ?? sub.qos}`
                : sub.status === 'failed'
                  ? sub.error
                  : `QoS ${sub.qos}, waiting for connection`}
            </span>
            <button
              type="button"
              aria-label={`Unsubscribe from ${sub.filter}`}
              onClick={() => void connections.unsubscribe(connection.id, sub.filter).catch((e: Error) => setError(e.message))}
            >
              Unsubscribe
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
