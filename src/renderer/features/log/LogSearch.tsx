import { useEffect } from 'react';
import type { MessageQuery } from '../../../shared/domain/messageQuery';
import { validateTopicFilter } from '../../../shared/mqtt/topic';
import { useAppStore } from '../../store';
import { EMPTY_SEARCH_DRAFT, type SearchDraft } from '../../store/draftsSlice';
import { useTranslation } from 'react-i18next';

/** Typing pauses this long before a search starts in the engine. */
const SEARCH_DELAY_MS = 250;

/**
 * Search over every kept message: text (topic or payload, any letter case), an MQTT topic
 * filter with real wildcards, and direction. A filter with a mistake is explained in place and
 * not sent.
 */
export function LogSearch({ connectionId, onChange }: { connectionId: string; onChange: (query: MessageQuery) => void }) {
  const { t } = useTranslation();
  // Kept per connection, so it survives a tab change and stays with its connection.
  const { text, topicFilter, direction } = useAppStore((s) => s.searchDrafts[connectionId] ?? EMPTY_SEARCH_DRAFT);
  const setDraft = useAppStore((s) => s.setSearchDraft);
  const setText = (value: string) => setDraft(connectionId, { text: value });
  const setTopicFilter = (value: string) => setDraft(connectionId, { topicFilter: value });
  const setDirection = (value: SearchDraft['direction']) => setDraft(connectionId, { direction: value });
  const filter = topicFilter.trim();
  const filterProblem = filter === '' ? null : validateTopicFilter(filter);

  useEffect(() => {
    if (filterProblem) return;
    const timer = setTimeout(() => onChange(searchQuery({ text, topicFilter, direction })), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, topicFilter, direction, filterProblem, onChange]);

  return (
    <div className="log-search" role="search" aria-label={t('log.search.label')}>
      <input type="search" aria-label={t('log.search.text')} placeholder={t('log.search.textPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="field-inline">
        <input
          aria-label={t('log.search.filter')}
          placeholder={t('log.search.filterPlaceholder')}
          value={topicFilter}
          aria-invalid={filterProblem ? true : undefined}
          aria-describedby={filterProblem ? 'log-topic-filter-error' : undefined}
          onChange={(e) => setTopicFilter(e.target.value)}
        />
        {filterProblem && (
          <small id="log-topic-filter-error" className="error">
            {filterProblem}
          </small>
        )}
      </div>
      <select aria-label={t('log.search.direction')} value={direction} onChange={(e) => setDirection(e.target.value as '' | 'in' | 'out')}>
        <option value="">{t('log.search.both')}</option>
        <option value="in">{t('common.received')}</option>
        <option value="out">{t('common.sent')}</option>
      </select>
    </div>
  );
}

/** The engine query for what is typed; a filter with a mistake searches nothing by topic. */
export function searchQuery({ text, topicFilter, direction }: SearchDraft): MessageQuery {
  const filter = topicFilter.trim();
  return {
    ...(text ? { text } : {}),
    ...(filter && !validateTopicFilter(filter) ? { topicFilter: filter } : {}),
    ...(direction ? { direction } : {}),
  };
}
