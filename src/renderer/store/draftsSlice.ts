import type { PayloadFormat } from '../../shared/payload/codecs/codec';
import type { StateCreator } from 'zustand';
import type { QoS } from '../../shared/domain/message';
import type { AppState } from './index';

/** A subscription being typed, before Subscribe is pressed. */
export type SubscribeDraft = { filter: string; qos: QoS; retainAsPublished: boolean; noLocal: boolean; retainHandling: 0 | 1 | 2; color: string; alias: string; format: PayloadFormat | '' };

/** The log's search fields as typed. */
export type SearchDraft = { text: string; topicFilter: string; direction: '' | 'in' | 'out' };

export const EMPTY_SUBSCRIBE_DRAFT: SubscribeDraft = { filter: '', qos: 0, retainAsPublished: true, noLocal: false, retainHandling: 0, color: '', alias: '', format: '' };
export const EMPTY_SEARCH_DRAFT: SearchDraft = { text: '', topicFilter: '', direction: '' };

/**
 * Half-typed input kept per connection, so switching connection or tab neither carries it to
 * another connection nor loses it. Lives only as long as the window.
 */
export type DraftsSlice = {
  subscribeDrafts: Record<string, SubscribeDraft>;
  searchDrafts: Record<string, SearchDraft>;
  setSubscribeDraft(connectionId: string, draft: Partial<SubscribeDraft>): void;
  setSearchDraft(connectionId: string, draft: Partial<SearchDraft>): void;
};

export const createDraftsSlice: StateCreator<AppState, [], [], DraftsSlice> = (set) => ({
  subscribeDrafts: {},
  searchDrafts: {},
  setSubscribeDraft: (connectionId, draft) =>
    set((state) => ({
      subscribeDrafts: { ...state.subscribeDrafts, [connectionId]: { ...(state.subscribeDrafts[connectionId] ?? EMPTY_SUBSCRIBE_DRAFT), ...draft } },
    })),
  setSearchDraft: (connectionId, draft) =>
    set((state) => ({
      searchDrafts: { ...state.searchDrafts, [connectionId]: { ...(state.searchDrafts[connectionId] ?? EMPTY_SEARCH_DRAFT), ...draft } },
    })),
});
