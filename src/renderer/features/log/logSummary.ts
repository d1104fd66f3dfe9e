import type { ViewStatus } from '../../../shared/contract/messages';
import type { StoreStats } from '../../../shared/domain/messageStore';
import { byteCount } from '../../../shared/payload/byteCount';
import type { TFunction } from 'i18next';
import type { LocaleFormat } from '../../i18n/localeFormat';

type Locale = LocaleFormat & { t: TFunction };

/** "12,000 messages, 10,000 kept, 2,000 oldest dropped (1.2 MB)": what the engine holds. */
export function storeSummary(store: StoreStats, { t, number }: Locale): string {
  const total = store.kept + store.dropped;
  const bytes = store.history ? t('log.onDisk', { bytes: byteCount(store.bytes), disk: byteCount(store.history.diskBytes) }) : byteCount(store.bytes);
  const counts = { count: total, total: number(total), kept: number(store.kept), dropped: number(store.dropped), bytes };
  return store.dropped > 0 ? t('log.summaryDropped', counts) : t('log.summary', counts);
}

/** How far a search got and what it found. */
export function searchSummary(status: ViewStatus, { t, number }: Locale): string {
  const found = status.end - status.first;
  const counts = { count: found, matches: number(found), kept: number(status.store.kept) };
  if (status.done) return t('log.searchDone', counts);
  const percent = status.store.kept === 0 ? 100 : Math.floor((status.scanned / status.store.kept) * 100);
  return t('log.searchProgress', { ...counts, percent });
}
