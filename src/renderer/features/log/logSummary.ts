import type { ViewStatus } from '../../../shared/contract/messages';
import type { StoreStats } from '../../../shared/domain/messageStore';
import { byteCount } from '../../../shared/payload/byteCount';

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/** "12,000 messages, 10,000 kept, 2,000 oldest dropped (1.2 MB)": what the engine holds. */
export function storeSummary(store: StoreStats): string {
  const total = store.kept + store.dropped;
  const disk = store.history ? `, ${byteCount(store.history.diskBytes)} on disk` : '';
  return `${plural(total, 'message')}, ${store.kept.toLocaleString()} kept${store.dropped > 0 ? `, ${store.dropped.toLocaleString()} oldest dropped` : ''} (${byteCount(store.bytes)}${disk})`;
}

/** How far a search got and what it found. */
export function searchSummary(status: ViewStatus): string {
  const matches = plural(status.end - status.first, 'match').replace('matchs', 'matches');
  if (status.done) return `${matches} in ${status.store.kept.toLocaleString()} kept`;
  const percent = status.store.kept === 0 ? 100 : Math.floor((status.scanned / status.store.kept) * 100);
  return `Searching… ${percent}% · ${matches} so far`;
}
