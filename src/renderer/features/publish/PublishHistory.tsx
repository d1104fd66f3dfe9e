import { useEffect, useMemo, useState } from 'react';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import type { MessageRecord } from '../../../shared/domain/message';
import type { MessageQuery } from '../../../shared/domain/messageQuery';
import { byteCount } from '../../../shared/payload/byteCount';
import { PAYLOAD_CODECS } from '../../../shared/payload/codecs/payloadCodecs';
import { payloadPreview } from '../../../shared/payload/preview';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';
import { PagedMessages } from '../../services/pagedMessages';
import { useAppStore } from '../../store';
import { usePagedView } from '../usePagedView';
import { useLocale } from '../useLocale';

/** The newest sent messages listed; a search reaches older ones. */
const SHOWN = 20;

/**
 * What this connection sent, newest first, searchable: read from the engine's message store (the
 * log's own record, kept on disk with the history), so nothing is stored twice. *Send again* sends
 * the same bytes; *Edit* puts the message in the composer.
 */
export function PublishHistory({ connection }: { connection: ConnectionInfo }) {
  const { t } = useLocale();
  const [open, setOpen] = useState(false);
  return (
    <details className="publish-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('publish.history.title')}</summary>
      {open && <SentMessages connection={connection} />}
    </details>
  );
}

function SentMessages({ connection }: { connection: ConnectionInfo }) {
  const { t, clock } = useLocale();
  const { messages, connections } = useEngine();
  const fillComposer = useAppStore((s) => s.fillComposer);
  const [search, setSearch] = useState('');
  const [sent, setSent] = useState<string>();
  const action = useAction();
  const query = useMemo<MessageQuery>(() => ({ direction: 'out', ...(search.trim() ? { text: search.trim() } : {}) }), [search]);
  const view = useMemo(() => new PagedMessages(messages, connection.id, query), [messages, connection.id, query]);
  usePagedView(view);
  const end = view.status?.end ?? 0;
  const from = Math.max(view.status?.first ?? 0, end - SHOWN);
  useEffect(() => view.want(from, end));
  const rows: MessageRecord[] = [];
  for (let index = end - 1; index >= from; index -= 1) {
    const row = view.at(index);
    if (row) rows.push(row);
  }

  const fullPayload = async (message: MessageRecord) => (message.size !== undefined ? ((await connections.payload(connection.id, message.seq)) ?? message.payload) : message.payload);

  return (
    <div>
      <input type="search" aria-label={t('publish.history.search')} placeholder={t('publish.history.searchHint')} value={search} onChange={(e) => setSearch(e.target.value)} />
      {rows.length === 0 ? (
        <p className="muted">{view.status?.done === false ? t('log.searching') : t('publish.history.none')}</p>
      ) : (
        <ul aria-label={t('publish.history.list')} className="publish-history-list">
          {rows.map((message) => {
            const preview = payloadPreview(message.payload, 80);
            return (
              <li key={message.seq} aria-label={t('publish.history.item', { topic: message.topic, time: clock(message.time) })}>
                <span className="time">{clock(message.time)}</span> <code>{message.topic}</code> <span className="badge">QoS {message.qos}</span>{' '}
                <span className="payload">{preview.kind === 'empty' ? t('common.empty') : preview.text}</span> <span className="size">{byteCount(message.size ?? message.payload.byteLength)}</span>
                <button
                  type="button"
                  onClick={() =>
                    void action.run(async () => {
                      setSent(undefined);
                      await connections.publish(connection.id, { topic: message.topic, payload: await fullPayload(message), qos: message.qos, retain: message.retain });
                      setSent(t('details.actions.published', { topic: message.topic }));
                    })
                  }
                >
                  {t('publish.history.again')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void action.run(async () => {
                      const bytes = await fullPayload(message);
                      // Text when it is UTF-8, else hex: the composer then sends the same bytes.
                      const text = PAYLOAD_CODECS.text.decode(bytes);
                      const hex = PAYLOAD_CODECS.hex.decode(bytes);
                      const payload = text.ok ? text.value : hex.ok ? hex.value : '';
                      fillComposer({ connectionId: connection.id, topic: message.topic, payload, format: text.ok ? 'text' : 'hex', qos: message.qos, retain: message.retain });
                    })
                  }
                >
                  {t('publish.history.edit')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {sent && <p role="status">{sent}</p>}
      {action.error && (
        <p role="alert" className="error">
          {action.error}
        </p>
      )}
    </div>
  );
}
