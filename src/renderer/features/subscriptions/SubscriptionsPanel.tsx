import { useState } from 'react';
import type { ConnectionInfo, SubscriptionInfo } from '../../../shared/domain/connection';
import { useEngine } from '../../services/engine';
import { SubscribeForm } from './SubscribeForm';

/**
 * The connection's subscriptions: saved with it and made again on every connect, each with the
 * QoS the broker granted, its colour and its alias.
 */
export function SubscriptionsPanel({ connection }: { connection: ConnectionInfo }) {
  const { connections } = useEngine();
  const [error, setError] = useState<string>();
  const saved = new Map((connection.profile.subscriptions ?? []).map((sub) => [sub.filter, sub]));

  return (
    <section className="panel" aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">Subscriptions</h2>
      <SubscribeForm key={connection.id} connection={connection} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="subscription-list" aria-label="Active subscriptions">
        {connection.subscriptions.length === 0 && <li className="empty">No subscriptions yet.</li>}
        {connection.subscriptions.map((sub) => {
          const extra = saved.get(sub.filter);
          return (
            <li key={sub.filter} aria-label={extra?.alias ? `${extra.alias} (${sub.filter})` : sub.filter}>
              <span className="swatch" style={extra?.color ? { background: extra.color } : undefined} title={extra?.color ? `Colour ${extra.color}` : 'No colour'} aria-hidden="true" />
              <span className="subscription-name" title={extra?.alias ? `${extra.alias}: ${sub.filter}` : sub.filter}>
                {extra?.alias && <strong>{extra.alias}</strong>}
                <code>{sub.filter}</code>
                <span className={`sub-status ${sub.status}`}>{statusText(sub)}</span>
              </span>
              <button
                type="button"
                aria-label={`Unsubscribe from ${sub.filter}`}
                onClick={() => void connections.unsubscribe(connection.id, sub.filter).catch((e: Error) => setError(e.message))}
              >
                Unsubscribe
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function statusText(sub: SubscriptionInfo): string {
  if (sub.status === 'failed') return sub.error ?? 'Refused';
  if (sub.status === 'pending') return `QoS ${sub.qos}, waiting for connection`;
  return sub.grantedQos !== undefined && sub.grantedQos !== sub.qos ? `granted QoS ${sub.grantedQos} (asked ${sub.qos})` : `QoS ${sub.grantedQos ?? sub.qos}`;
}
