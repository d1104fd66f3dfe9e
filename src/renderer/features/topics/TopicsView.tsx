import { useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { TopicSort } from '../../../shared/topics/topicTree';
import { useLocale } from '../useLocale';
import { useFixedRows } from '../../components/useFixedRows';
import { TopicDetails } from './TopicDetails';
import { topicTrees } from '../../services/topicTrees';

const ROW_HEIGHT = 26;
/** Recently active rows are highlighted for this long. */
const FLASH_MS = 1500;

/** The topic hierarchy of one connection: virtualised, sortable, filterable by text or MQTT filter. */
export function TopicsView({ connectionId }: { connectionId: string }) {
  const { t, number, duration } = useLocale();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [selected, setSelected] = useState<string>();
  const [sort, setSort] = useState<TopicSort>('name');
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  useEffect(() => topicTrees.changed.subscribe(rerender), []);
  // Matching 100,000 topics against a filter takes a moment: wait until typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setFilter(filterText.trim()), 200);
    return () => clearTimeout(timer);
  }, [filterText]);

  const tree = topicTrees.tree(connectionId);
  const now = Date.now();
  const rows = tree.rows({ expanded, sort, filter: filter || undefined, now });
  const windowed = useFixedRows(scrollRef, rows.length, ROW_HEIGHT, 12);
  // Fade the activity highlight even when nothing else arrives.
  useEffect(() => {
    const timer = setTimeout(rerender, FLASH_MS);
    return () => clearTimeout(timer);
  });
  const selectedIndex = useMemo(() => (selected === undefined ? -1 : rows.indexOf(selected)), [rows, selected]);

  function toggle(path: string, open?: boolean) {
    setExpanded((current) => {
      const next = new Set(current);
      if (open ?? !next.has(path)) next.add(path);
      else next.delete(path);
      return next;
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    const row = rows.at(selectedIndex);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.min(rows.length - 1, Math.max(0, selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)));
      const target = rows.at(next);
      if (target) {
        setSelected(target.path);
        windowed.scrollToRow(next);
      }
    } else if (row && (event.key === 'ArrowRight' || event.key === 'ArrowLeft') && row.hasChildren) {
      event.preventDefault();
      toggle(row.path, event.key === 'ArrowRight');
    }
  }

  return (
    <section className="topics" aria-label={t('topics.title')}>
      <div className="inspector-toolbar">
        <label>
          {t('topics.filter')}
          <input value={filterText} onChange={(e) => setFilterText(e.target.value)} placeholder={t('topics.filterPlaceholder')} />
        </label>
        <label>
          {t('topics.sortBy')}
          <select value={sort} onChange={(e) => setSort(e.target.value as TopicSort)}>
            <option value="name">{t('topics.sort.name')}</option>
            <option value="messages">{t('topics.sort.messages')}</option>
            <option value="recent">{t('topics.sort.recent')}</option>
          </select>
        </label>
        <span className="log-count" role="status" aria-label={t('topics.count')}>
          {t('topics.topicCount', { count: tree.topicCount, n: number(tree.topicCount) })}, {t('topics.messageCount', { count: tree.messageCount, n: number(tree.messageCount) })} ·{' '}
          {t('topics.rate', { rate: number(tree.rate(now), 1) })}
        </span>
        <button type="button" onClick={() => setExpanded(new Set())}>
          {t('topics.collapseAll')}
        </button>
      </div>
      <div className="topic-header" aria-hidden="true">
        <span>{t('topics.columns.topic')}</span>
        <span>{t('topics.columns.messages')}</span>
        <span>{t('topics.columns.topics')}</span>
        <span>{t('topics.columns.rate')}</span>
        <span>{t('topics.columns.last')}</span>
        <span>{t('topics.columns.lastPayload')}</span>
      </div>
      <div className="topic-scroll" ref={scrollRef}>
        {rows.length === 0 ? (
          <p className="empty">{filter ? t('topics.noMatch') : t('topics.none')}</p>
        ) : (
          <div
            role="tree"
            aria-label={t('topics.tree')}
            tabIndex={0}
            onKeyDown={onKeyDown}
            aria-activedescendant={selectedIndex >= 0 ? `topic-row-${selectedIndex}` : undefined}
            style={{ height: windowed.totalHeight, position: 'relative' }}
          >
            {windowed.rows.map((item) => {
              const row = rows.at(item.index);
              if (!row) return null;
              const fresh = row.lastActivity > 0 && now - row.lastActivity < FLASH_MS;
              const name = row.name === '' ? t('common.empty') : row.name;
              return (
                <div
                  key={row.path}
                  id={`topic-row-${item.index}`}
                  role="treeitem"
                  aria-level={row.depth + 1}
                  aria-expanded={row.hasChildren ? row.expanded : undefined}
                  aria-selected={row.path === selected}
                  aria-label={[
                    name,
                    t('topics.messageCount', { count: row.subtreeMessages, n: row.subtreeMessages }),
                    ...(row.hasChildren ? [t('topics.topicCount', { count: row.subtreeTopics, n: row.subtreeTopics })] : []),
                    ...(row.retained ? [t('topics.retained')] : []),
                  ].join(', ')}
                  className={`topic-row${row.path === selected ? ' selected' : ''}${fresh ? ' fresh' : ''}${row.matches ? '' : ' context'}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => setSelected(row.path)}
                  onDoubleClick={() => row.hasChildren && toggle(row.path)}
                >
                  <span className="topic-name" style={{ paddingLeft: row.depth * 16 }}>
                    <span
                      className="twisty"
                      aria-hidden="true"
                      onClick={(event) => {
                        event.stopPropagation();
                        if (row.hasChildren) toggle(row.path);
                      }}
                    >
                      {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
                    </span>
                    {name}
                    {row.retained && (
                      <span className="badge retained" title={t('topics.retainedHint')}>
                        R
                      </span>
                    )}
                  </span>
                  <span>
                    {number(row.subtreeMessages)}
                    {row.hasChildren && row.ownMessages > 0 ? ` ${t('topics.own', { n: number(row.ownMessages) })}` : ''}
                  </span>
                  <span>{row.hasChildren ? number(row.subtreeTopics) : ''}</span>
                  <span>{row.rate >= 0.05 ? t('topics.perSecond', { rate: number(row.rate, 1) }) : ''}</span>
                  <span>{row.lastTime !== undefined ? t('topics.ago', { duration: duration(Math.max(0, now - row.lastTime)) }) : ''}</span>
                  <span className={`payload ${row.lastPreview?.kind ?? ''}`}>
                    {row.lastQos !== undefined ? <span className={`badge qos${row.lastQos}`}>QoS {row.lastQos}</span> : null}{' '}
                    {row.lastPreview ? (row.lastPreview.kind === 'hex' ? t('common.hex', { bytes: row.lastPreview.text }) : row.lastPreview.text) : ''}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
      {selected !== undefined && tree.node(selected) ? (
        <TopicDetails key={`${connectionId}|${selected}`} connectionId={connectionId} path={selected} />
      ) : (
        <p className="empty details-empty">{t('topics.selectHint')}</p>
      )}
    </section>
  );
}
