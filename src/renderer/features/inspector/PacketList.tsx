import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PacketRow } from '../../../shared/inspector/packets/types';
import { useFixedRows } from '../../components/useFixedRows';
import type { PagedPackets } from '../../services/pagedPackets';
import { useLocale } from '../useLocale';

const ROW_HEIGHT = 24;

type Props = {
  view: PagedPackets;
  selectedNo: number | undefined;
  /** `index` is the row's index in the view, for keyboard moves from it. */
  onSelect(row: PacketRow, index: number): void;
  selectedIndex: number | undefined;
  /**
   * 'end' (default): a live capture, following new packets at the bottom. 'start': a finished set
   * read from its beginning (the packets that prove a check start with their CONNECT).
   */
  opensAt?: 'start' | 'end';
};

/**
 * The capture as a windowed listbox over the engine's packet view: only the rows on screen are
 * fetched; arrow keys move the selection, new packets follow at the bottom unless scrolled up.
 */
export function PacketList({ view, selectedNo, selectedIndex, onSelect, opensAt = 'end' }: Props) {
  const { t, clock, duration } = useLocale();
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = useRef(opensAt === 'end');
  const first = view.status?.first ?? 0;
  const count = Math.max(0, (view.status?.end ?? 0) - first);
  const { rows, totalHeight, scrollToRow } = useFixedRows(scrollRef, count, ROW_HEIGHT, 10, following.current);
  const firstVisible = rows[0]?.index ?? 0;
  const lastVisible = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    // The row above the first visible one too: its time gives the first row's Δt.
    if (count > 0) view.want(first + Math.max(0, firstVisible - 1), first + lastVisible + 1);
  });

  // A listbox's keys: arrows move by one packet, Home and End go to the first and the last.
  function onKeyDown(event: KeyboardEvent) {
    const from = selectedIndex !== undefined && selectedIndex >= first && selectedIndex < first + count ? selectedIndex - first : count;
    const target = { ArrowDown: from + 1, ArrowUp: from - 1, Home: 0, End: count - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.min(count - 1, Math.max(0, target));
    const row = view.at(first + next);
    if (row) {
      following.current = false;
      onSelect(row, first + next);
      scrollToRow(next);
    }
  }

  return (
    <div className="packet-list">
      <div className="packet-header" aria-hidden="true">
        <span>{t('packets.columns.no')}</span>
        <span>{t('packets.columns.time')}</span>
        <span>Δt</span>
        <span>{t('packets.columns.direction')}</span>
        <span>{t('packets.columns.type')}</span>
        <span>{t('packets.columns.id')}</span>
        <span>{t('packets.columns.summary')}</span>
      </div>
      <div
        className="packet-scroll"
        ref={scrollRef}
        onScroll={() => {
          const el = scrollRef.current;
          if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
        }}
      >
        {count === 0 ? (
          <p className="empty">{view.status?.done === false ? t('packets.searching') : t('packets.none')}</p>
        ) : (
          <div
            role="listbox"
            aria-label={t('packets.list')}
            tabIndex={0}
            onKeyDown={onKeyDown}
            aria-activedescendant={selectedNo !== undefined ? `packet-${selectedNo}` : undefined}
            style={{ height: totalHeight, position: 'relative' }}
          >
            {rows.map((item) => {
              const row = view.at(first + item.index);
              if (!row) return <div key={first + item.index} className="packet-row loading" aria-hidden="true" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }} />;
              const previous = item.index > 0 ? view.at(first + item.index - 1) : undefined;
              const problems = row.problems.length > 0;
              return (
                <div
                  key={first + item.index}
                  id={`packet-${row.no}`}
                  role="option"
                  aria-selected={row.no === selectedNo}
                  aria-label={t(row.direction === 'out' ? 'packets.rowSent' : 'packets.rowReceived', { no: row.no, type: row.type }) + (row.packetId !== undefined ? ` ${t('packets.rowId', { id: row.packetId })}` : '') + (problems ? t('packets.rowProblems') : '')}
                  className={`packet-row ${row.direction}${problems ? ' problem' : ''}${row.no === selectedNo ? ' selected' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => {
                    following.current = false;
                    onSelect(row, first + item.index);
                  }}
                  title={problems ? row.problems.join('\n') : undefined}
                >
                  <span>{row.no}</span>
                  <span>{clock(row.time)}</span>
                  <span>{previous ? `+${duration(row.time - previous.time)}` : ''}</span>
                  <span>{row.direction === 'out' ? t('packets.out') : t('packets.in')}</span>
                  <span className={`ptype ${row.type.toLowerCase()}`}>{row.type}</span>
                  <span>{row.packetId ?? ''}</span>
                  <span className="psummary">
                    {problems ? '⚠ ' : ''}
                    {row.summary}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
