import { useState, type FormEvent } from 'react';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import type { QoS } from '../../../shared/domain/message';
import { validateTopicFilter } from '../../../shared/mqtt/topic';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { EMPTY_SUBSCRIBE_DRAFT } from '../../store/draftsSlice';
import { nextColour } from './subscriptionColours';
import { PAYLOAD_FORMATS, type PayloadFormat } from '../../../shared/payload/codecs/codec';
import { useTranslation } from 'react-i18next';

/** Subscribe, with the options that are saved with the connection. The draft is per connection. */
export function SubscribeForm({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const draft = useAppStore((s) => s.subscribeDrafts[connection.id] ?? EMPTY_SUBSCRIBE_DRAFT);
  const setDraft = useAppStore((s) => s.setSubscribeDraft);
  const change = (fields: Partial<typeof draft>) => setDraft(connection.id, fields);
  const isV5 = connection.profile.protocolVersion === 5;
  const [error, setError] = useState<string>();
  const [tried, setTried] = useState(false);
  const problem = draft.filter === '' && !tried ? undefined : (validateTopicFilter(draft.filter) ?? undefined);
  // Until one is picked, each new subscription gets the next colour not yet in use.
  const colour = draft.color || nextColour(connection.profile.subscriptions ?? []);

  async function subscribe(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    setError(undefined);
    if (validateTopicFilter(draft.filter)) return;
    const alias = draft.alias.trim();
    try {
      await connections.subscribe(connection.id, {
        filter: draft.filter,
        qos: draft.qos,
        color: colour,
        ...(alias ? { alias } : {}),
        ...(draft.format ? { format: draft.format } : {}),
        ...(isV5
          ? {
              retainAsPublished: draft.retainAsPublished,
              ...(draft.noLocal ? { noLocal: true } : {}),
              ...(draft.retainHandling ? { retainHandling: draft.retainHandling } : {}),
            }
          : {}),
      });
      // Clear what was sent, but not what the user has typed since (the broker may take a while).
      const now = useAppStore.getState().subscribeDrafts[connection.id] ?? EMPTY_SUBSCRIBE_DRAFT;
      if (now.filter === draft.filter) change({ filter: '', alias: '', color: '', format: '' });
      setTried(false);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <>
      <form className="inline-form" onSubmit={subscribe} noValidate aria-label={t('subscriptions.subscribe')}>
        <div className="field grow">
          <label htmlFor="subscribe-filter">{t('subscriptions.filter')}</label>
          <input
            id="subscribe-filter"
            value={draft.filter}
            placeholder="home/#"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'subscribe-filter-error' : undefined}
            onChange={(e) => change({ filter: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="subscribe-qos">QoS</label>
          <select id="subscribe-qos" value={draft.qos} onChange={(e) => change({ qos: Number(e.target.value) as QoS })}>
            <option value={0}>0</option>
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="subscribe-alias">{t('subscriptions.alias')}</label>
          <input id="subscribe-alias" value={draft.alias} maxLength={100} placeholder={t('subscriptions.optional')} onChange={(e) => change({ alias: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="subscribe-colour">{t('subscriptions.colour')}</label>
          <input id="subscribe-colour" type="color" className="colour-input" value={colour} onChange={(e) => change({ color: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="subscribe-format">{t('subscriptions.format')}</label>
          <select id="subscribe-format" value={draft.format} onChange={(e) => change({ format: e.target.value as PayloadFormat | '' })}>
            <option value="">{t('subscriptions.formatAuto')}</option>
            {PAYLOAD_FORMATS.map((format) => (
              <option key={format} value={format}>
                {t(`formats.${format}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('subscriptions.subscribe')}</button>
        {isV5 && (
          <div className="subscribe-options">
            <label className="checkbox" title={t('subscriptions.retainAsPublishedHint')}>
              <input type="checkbox" checked={draft.retainAsPublished} onChange={(e) => change({ retainAsPublished: e.target.checked })} />
              {t('subscriptions.retainAsPublished')}
            </label>
            <label className="checkbox" title={t('subscriptions.noLocalHint')}>
              <input type="checkbox" checked={draft.noLocal} onChange={(e) => change({ noLocal: e.target.checked })} />
              {t('subscriptions.noLocal')}
            </label>
            <label className="checkbox">
              {t('subscriptions.retainHandling')}
              <select value={draft.retainHandling} onChange={(e) => change({ retainHandling: Number(e.target.value) as 0 | 1 | 2 })}>
                <option value={0}>{t('subscriptions.retainSend')}</option>
                <option value={1}>{t('subscriptions.retainIfNew')}</option>
                <option value={2}>{t('subscriptions.retainNever')}</option>
              </select>
            </label>
          </div>
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
    </>
  );
}
