import { useState } from 'react';
import type { ConnectionInfo, SubscriptionInfo } from '../../../shared/domain/connection';
import { useEngine } from '../../services/engine';
import { SubscribeForm } from './SubscribeForm';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/**
 * The connection's subscriptions: saved with it and made again on every connect, each with the
 * QoS the broker granted, its colour and its alias.
 */
export function SubscriptionsPanel({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const [error, setError] = useState<string>();
  const saved = new Map((connection.profile.subscriptions ?? []).map((sub) => [sub.filter, sub]));

  return (
    <section className="panel" aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">{t('subscriptions.title')}</h2>
      <SubscribeForm key={connection.id} connection={connection} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="subscription-list" aria-label={t('subscriptions.active')}>
        {connection.subscriptions.length === 0 && <li className="empty">{t('subscriptions.none')}</li>}
        {connection.subscriptions.map((sub) => {
          const extra = saved.get(sub.filter);
          return (
            <li key={sub.filter} aria-label={extra?.alias ? `${extra.alias} (${sub.filter})` : sub.filter}>
              <span className="swatch" style={extra?.color ? { background: extra.color } : undefined} title={extra?.color ? t('subscriptions.colourNamed', { colour: extra.color }) : t('subscriptions.noColour')} aria-hidden="true" />
              <span className="subscription-name" title={extra?.alias ? `${extra.alias}: ${sub.filter}` : sub.filter}>
                {extra?.alias && <strong>{extra.alias}</strong>}
                <code>{sub.filter}</code>
                <span className={`sub-status ${sub.status}`}>
                  {statusText(sub, t)}
                  {extra?.format && ` · ${t('subscriptions.formatNamed', { format: t(`formats.${extra.format}`) })}`}
                </span>
              </span>
              <button
                type="button"
                aria-label={t('subscriptions.unsubscribeFrom', { filter: sub.filter })}
                onClick={() => void connections.unsubscribe(connection.id, sub.filter).catch((e: Error) => setError(e.message))}
              >
                {t('subscriptions.unsubscribe')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function statusText(sub: SubscriptionInfo, t: TFunction): string {
  if (sub.status === 'failed') return sub.error ?? t('subscriptions.refused');
  if (sub.status === 'pending') return t('subscriptions.pending', { qos: sub.qos });
  return sub.grantedQos !== undefined && sub.grantedQos !== sub.qos
    ? t('subscriptions.grantedLower', { granted: sub.grantedQos, asked: sub.qos })
    : t('subscriptions.granted', { qos: sub.grantedQos ?? sub.qos });
}
