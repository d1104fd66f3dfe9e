import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { PacketRow } from '../../../shared/inspector/packets/types';
import type { PacketFilter } from '../../store/inspectorSlice';
import { rowPredicate } from './filterRows';
import { packetLog } from '../../services/packetLog';

/**
 * The absolute ring indexes of the rows that pass the filter, kept up to date incrementally:
 * each animation frame scans only rows that arrived since the last one.
 */
export function useFilteredRows(connectionId: string, filter: PacketFilter): { count: number; at(index: number): PacketRow | undefined } {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const predicate = useMemo(() => rowPredicate(filter), [filter]);
  const state = useRef({ key: '', scanned: 0, indexes: [] as number[] });
  useEffect(() => packetLog.subscribe(rerender), []);

  const buffer = packetLog.buffer(connectionId);
  const key = `${connectionId}|${JSON.stringify(filter)}`;
  const s = state.current;
  if (s.key !== key || s.scanned > buffer.total) {
    s.key = key;
    s.scanned = buffer.first;
    s.indexes = [];
  }
  if (predicate) {
    for (let i = Math.max(s.scanned, buffer.first); i < buffer.total; i += 1) {
      const row = buffer.at(i);
      if (row && predicate(row)) s.indexes.push(i);
    }
    s.scanned = buffer.total;
    // Rows evicted from the ring fall out of the filtered view too.
    let drop = 0;
    while (drop < s.indexes.length && (s.indexes[drop] ?? 0) < buffer.first) drop += 1;
    if (drop > 0) s.indexes = s.indexes.slice(drop);
    const indexes = s.indexes;
    return { count: indexes.length, at: (index) => buffer.at(indexes[index] ?? -1) };
  }
  const first = buffer.first;
  return { count: buffer.total - first, at: (index) => buffer.at(first + index) };
}
