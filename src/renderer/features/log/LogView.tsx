import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { MessageRecord } from '../../../shared/domain/message';
import type { MessageQuery } from '../../../shared/domain/messageQuery';
import { PAYLOAD_FORMATS, type PayloadFormat, type ViewFormat } from '../../../shared/payload/codecs/codec';
import { useAppStore } from '../../store';
import { useEngine } from '../../services/engine';
import { useAction } from '../../components/useAction';
import { useFixedRows } from '../../components/useFixedRows';
import { ExportMessages } from './ExportMessages';
import { LogSearch, searchQuery } from './LogSearch';
import { EMPTY_SEARCH_DRAFT } from '../../store/draftsSlice';
import { MessageDetails } from './MessageDetails';
import { MessageRow, useRowWords } from './MessageRow';
import { colourForTopic } from '../subscriptions/subscriptionColours';
import { formatForTopic } from '../subscriptions/subscriptionFormats';
import { useRowKeys } from './useRowKeys';
import { PagedMessages } from '../../services/pagedMessages';
import { FLOOD_INTERVAL_MS } from '../../../shared/domain/floodRate';
import { refreshPace } from '../../services/refreshPace';
import { usePagedView } from '../usePagedView';
import { StoreLimitsControl } from './StoreLimitsControl';
import { HistoryNote } from './HistoryNote';
import { storeSummary, searchSummary } from './logSummary';
import { useLocale } from '../useLocale';

const ROW_HEIGHT = 28;

/**
 * One connection's messages as the engine keeps them: virtualised, paged in from the engine's
 * store around what is on screen, newest at the bottom, following unless scrolled up. A search
 * runs in the engine over everything kept and fills in as it goes.
 */
export function LogView({ connectionId }: { connectionId: string }) {
  const { messages } = useEngine();
  const locale = useLocale();
  const { t } = locale;
  // Back on this tab or connection, the search typed before applies straight away.
  const [query, setQuery] = useState<MessageQuery>(() => searchQuery(useAppStore.getState().searchDrafts[connectionId] ?? EMPTY_SEARCH_DRAFT));
  // A new view (and search) only when the query really changed.
  const changeQuery = useCallback((next: MessageQuery) => setQuery((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next)), []);
  const pausedAt = useAppStore((s) => s.pausedAt[connectionId]);
  const savedSubscriptions = useAppStore((s) => s.connections.find((c) => c.id === connectionId)?.profile.subscriptions);
  const subscriptionFormat = useCallback((topic: string) => formatForTopic(savedSubscriptions, topic), [savedSubscriptions]);
  const pause = useAppStore((s) => s.pause);
  const resume = useAppStore((s) => s.resume);
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const clear = useAction();
  const flooding = useSyncExternalStore(refreshPace.subscribe, refreshPace.snapshot);

  const view = useMemo(() => new PagedMessages(messages, connectionId, query), [messages, connectionId, query]);
  usePagedView(view, () => (following.current = true));

  const status = view.status;
  const first = status?.first ?? 0;
  const end = Math.max(first, Math.min(pausedAt ?? Infinity, status?.end ?? 0));
  const count = end - first;

  const { rows, totalHeight } = useFixedRows(scrollRef, count, ROW_HEIGHT, 12, following.current);
  const words = useRowWords();
  const firstVisible = rows[0]?.index ?? 0;
  const lastVisible = rows[rows.length - 1]?.index ?? 0;
  const [selected, setSelected] = useState<{ seq: number; index: number }>();
  const [payloadFormat, setPayloadFormat] = useState<PayloadFormat | 'auto'>('auto');
  const [detailsFormat, setDetailsFormat] = useState<ViewFormat>();
  useEffect(() => setSelected(undefined), [view]);
  const select = useCallback((message: MessageRecord, index: number) => setSelected({ seq: message.seq, index }), []);
  // Back to the row the details were for, so the keyboard user carries on from there.
  const closeDetails = useCallback(() => {
    setSelected(undefined);
    scrollRef.current?.querySelector<HTMLElement>('[aria-current="true"]')?.focus();
  }, []);
  const keys = useRowKeys(scrollRef, ROW_HEIGHT, count, () => (following.current = false));
  const tabStop = keys.active !== undefined && keys.active < count ? keys.active : selected && selected.index < count ? selected.index : count - 1;

  useEffect(() => {
    if (count > 0) view.want(first + firstVisible, first + lastVisible + 1);
  });

  // Only a move up (the user's) stops following; rows arriving below never do.
  const lastScrollTop = useRef(0);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    if (el.scrollTop < lastScrollTop.current - 1) following.current = false;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2) following.current = true;
    lastScrollTop.current = el.scrollTop;
  };

  const waiting = pausedAt !== undefined && status ? status.end - pausedAt : 0;
  const filtered = Boolean(query.text || query.topicFilter || query.direction);

  return (
    <section className="log" aria-labelledby="log-title">
      <div className="log-toolbar">
        <h2 id="log-title">{t('log.title')}</h2>
        <span className="log-count" role="status" aria-label={t('log.kept')}>
          {status ? storeSummary(status.store, locale) : t('common.loading')}
          {waiting > 0 ? ` · ${t('log.newWhilePaused', { count: waiting, n: locale.number(waiting) })}` : ''}
        </span>
        {flooding && (
          <span className="log-flood" role="status">
            {t('log.flood', { n: 1_000 / FLOOD_INTERVAL_MS })}
          </span>
        )}
        <label className="log-format">
          {t('log.payloadsAs')}
          <select value={payloadFormat} onChange={(e) => setPayloadFormat(e.target.value as PayloadFormat | 'auto')}>
            <option value="auto">{t('log.textOrHex')}</option>
            {PAYLOAD_FORMATS.map((format) => (
              <option key={format} value={format}>
                {t(`formats.${format}`)}
              </option>
            ))}
          </select>
        </label>
        <StoreLimitsControl history={status?.store.history} />
        <ExportMessages connectionId={connectionId} query={query} />
        <button
          type="button"
          aria-pressed={pausedAt !== undefined}
          onClick={() => (pausedAt !== undefined ? resume(connectionId) : status && pause(connectionId, status.end))}
        >
          {pausedAt !== undefined ? t('log.resume') : t('log.pause')}
        </button>
        <button
          type="button"
          onClick={() =>
            void clear.run(async () => {
              resume(connectionId);
              await messages.clear(connectionId);
            })
          }
        >
          {t('log.clear')}
        </button>
        {clear.error && (
          <small className="error" role="alert">
            {clear.error}
          </small>
        )}
      </div>
      <HistoryNote history={status?.store.history} />
      <LogSearch connectionId={connectionId} onChange={changeQuery} />
      {filtered && status && (
        <p className="log-search-status" role="status" aria-label={t('log.searchResults')}>
          {searchSummary(status, locale)}
        </p>
      )}
      {view.error && (
        <p className="error" role="alert">
          {view.error}
        </p>
      )}
      <div className="log-header" aria-hidden="true">
        <span>{t('log.columns.time')}</span>
        <span>{t('log.columns.direction')}</span>
        <span>{t('log.columns.flags')}</span>
        <span>{t('log.columns.topic')}</span>
        <span>{t('log.columns.payload')}</span>
        <span>{t('log.columns.size')}</span>
      </div>
      <div className="log-scroll" ref={scrollRef} onScroll={onScroll}>
        {count === 0 ? (
          <p className="empty">{filtered ? (status?.done === false ? t('log.searching') : t('log.noMatch')) : t('log.noMessages')}</p>
        ) : (
          <div role="list" aria-label={t('log.list')} style={{ height: totalHeight, position: 'relative' }} onKeyDown={keys.onKeyDown} onFocus={keys.onFocus}>
            {rows.map((item) => {
              const message = view.at(first + item.index);
              return (
                // Keyed by slot, not by message: while the log follows new messages every row
                // shows another message each frame, and reusing the slots' elements costs far
                // less than building them anew.
                <div key={item.index % rows.length} role="presentation" className="row-slot" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                  {message ? (
                    <MessageRow
                      message={message}
                      index={item.index}
                      selected={selected?.seq === message.seq}
                      tabbable={item.index === tabStop || (item.index === rows[0]?.index && (tabStop < item.index || tabStop > lastVisible))}
                      format={payloadFormat === 'auto' && message.direction === 'in' ? (formatForTopic(savedSubscriptions, message.topic) ?? 'auto') : payloadFormat}
                      restarted={status?.store.history?.restarts.includes(message.seq) ?? false}
                      colour={message.direction === 'in' ? colourForTopic(savedSubscriptions, message.topic) : undefined}
                      words={words}
                      onSelect={select}
                    />
                  ) : (
                    <div className="message-row loading" aria-hidden="true" />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {selected && (
        <MessageDetails connectionId={connectionId} seq={selected.seq} chosen={detailsFormat} onChoose={setDetailsFormat} onClose={closeDetails} formatOf={subscriptionFormat} />
      )}
    </section>
  );
}
