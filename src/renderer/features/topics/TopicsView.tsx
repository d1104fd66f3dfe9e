import { useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { TopicSort } from '../../../shared/topics/topicTree';
import { formatDuration } from '../../components/formatTime';
import { useFixedRows } from '../../components/useFixedRows';
import { TopicDetails } from './TopicDetails';
import { topicTrees } from '../../services/topicTrees';

const ROW_HEIGHT = 26;
/** Recently active rows are highlighted for this long. */
const FLASH_MS = 1500;

/** The topic hierarchy of one connection: virtualised, sortable, filterable by text or MQTT filter. */
export function TopicsView({ connectionId }: { connectionId: string }) {
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
    <section className="topics" aria-label="Topics">
      <div className="inspector-toolbar">
        <label>
          Filter
          <input value={filterText} onChange={(e) => setFilterText(e.target.value)} placeholder="text, or a filter like home/+/temp" />
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as TopicSort)}>
            <option value="name">name</option>
            <option value="messages">messages</option>
            <option value="recent">recent activity</option>
          </select>
        </label>
        <span className="log-count" role="status" aria-label="Topic count">
          {tree.topicCount.toLocaleString()} topic{tree.topicCount === 1 ? '' : 's'}, {tree.messageCount.toLocaleString()} message{tree.messageCount === 1 ? '' : 's'} · {tree.rate(now).toFixed(1)} msg/s
        </span>
        <button type="button" onClick={() => setExpanded(new Set())}>
          Collapse all
        </button>
      </div>
      <div className="topic-header" aria-hidden="true">
        <span>Topic</span>
        <span>Messages</span>
        <span>Topics</span>
        <span>Rate</span>
        <span>Last</span>
        <span>Last payload</span>
      </div>
      <div className="topic-scroll" ref={scrollRef}>
        {rows.length === 0 ? (
          <p className="empty">{filter ? 'No topic matches that filter.' : 'No topics yet. Subscribe (for example to #) and messages build the tree here.'}</p>
        ) : (
          <div
            role="tree"
            aria-label="Topic tree"
            tabIndex={0}
            onKeyDown={onKeyDown}
            aria-activedescendant={selectedIndex >= 0 ? `topic-row-${selectedIndex}` : undefined}
            style={{ height: windowed.totalHeight, position: 'relative' }}
          >
            {windowed.rows.map((item) => {
              const row = rows.at(item.index);
              if (!row) return null;
              const fresh = row.lastActivity > 0 && now - row.lastActivity < FLASH_MS;
              const name = row.name === '' ? '(empty)' : row.name;
              return (
                <div
                  key={row.path}
                  id={`topic-row-${item.index}`}
                  role="treeitem"
                  aria-level={row.depth + 1}
                  aria-expanded={row.hasChildren ? row.expanded : undefined}
                  aria-selected={row.path === selected}
                  aria-label={`${name}, ${row.subtreeMessages} message${row.subtreeMessages === 1 ? '' : 's'}${row.hasChildren ? `, ${row.subtreeTopics} topic${row.subtreeTopics === 1 ? '' : 's'}` : ''}${row.retained ? ', retained' : ''}`}
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
                      <span className="badge retained" title="A retained message is stored for this topic">
                        R
                      </span>
                    )}
                  </span>
                  <span>
                    {row.subtreeMessages.toLocaleString()}
                    {row.hasChildren && row.ownMessages > 0 ? ` (${row.ownMessages.toLocaleString()} own)` : ''}
                  </span>
                  <span>{row.hasChildren ? row.subtreeTopics.toLocaleString() : ''}</span>
                  <span>{row.rate >= 0.05 ? `${row.rate.toFixed(1)}/s` : ''}</span>
                  <span>{row.lastTime !== undefined ? `${formatDuration(Math.max(0, now - row.lastTime))} ago` : ''}</span>
                  <span className={`payload ${row.lastPreview?.kind ?? ''}`}>
                    {row.lastQos !== undefined ? <span className={`badge qos${row.lastQos}`}>QoS {row.lastQos}</span> : null}{' '}
                    {row.lastPreview ? (row.lastPreview.kind === 'hex' ? `hex ${row.lastPreview.text}` : row.lastPreview.text) : ''}
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
        <p className="empty details-empty">Select a topic to see its last payload, history and chart.</p>
      )}
    </section>
  );
}
