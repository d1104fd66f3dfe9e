import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PacketRow } from '../../../shared/inspector/types';
import { useLocale } from '../../i18n/useLocale';

const ROW_HEIGHT = 24;

type Props = {
  count: number;
  at(index: number): PacketRow | undefined;
  selectedNo: number | undefined;
  onSelect(row: PacketRow): void;
};

/** The capture as a virtualised listbox: arrow keys move the selection, new packets follow at the bottom. */
export function PacketList({ count, at, selectedNo, onSelect }: Props) {
  const { t, clock, duration } = useLocale();
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 16 });

  useEffect(() => {
    if (following.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  });

  const selectedIndex = (() => {
    if (selectedNo === undefined) return -1;
    for (const item of virtualizer.getVirtualItems()) if (at(item.index)?.no === selectedNo) return item.index;
    return -1;
  })();

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const next = Math.min(count - 1, Math.max(0, (selectedIndex < 0 ? count : selectedIndex) + (event.key === 'ArrowDown' ? 1 : -1)));
    const row = at(next);
    if (row) {
      following.current = false;
      onSelect(row);
      virtualizer.scrollToIndex(next);
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
          <p className="empty">{t('packets.none')}</p>
        ) : (
          <div
            role="listbox"
            aria-label={t('packets.list')}
            tabIndex={0}
            onKeyDown={onKeyDown}
            aria-activedescendant={selectedNo !== undefined ? `packet-${selectedNo}` : undefined}
            style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const row = at(item.index);
              if (!row) return null;
              const previous = item.index > 0 ? at(item.index - 1) : undefined;
              const problems = row.problems.length > 0;
              return (
                <div
                  key={row.no}
                  id={`packet-${row.no}`}
                  role="option"
                  aria-selected={row.no === selectedNo}
                  aria-label={t(row.direction === 'out' ? 'packets.rowSent' : 'packets.rowReceived', { no: row.no, type: row.type }) + (row.packetId !== undefined ? ` ${t('packets.rowId', { id: row.packetId })}` : '') + (problems ? t('packets.rowProblems') : '')}
                  className={`packet-row ${row.direction}${problems ? ' problem' : ''}${row.no === selectedNo ? ' selected' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => {
                    following.current = false;
                    onSelect(row);
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
