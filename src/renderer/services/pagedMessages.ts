import type { MessagesService, ViewStatus } from '../../shared/contract/messages';
import type { MessageRecord } from '../../shared/domain/message';
import { isEmptyQuery, type MessageQuery } from '../../shared/domain/messageQuery';
import { fromWire, packedRecord, unpackMessages } from '../../shared/domain/packedBatch';
import type { MessageRows } from './messageRows';
import { PagedRows } from './pagedRows';

export { PAGE_ROWS } from './pagedRows';

/** Rows seeded from each live batch beyond what the view shows: the next frames' rows. */
const SEED_MARGIN_ROWS = 50;

/** Open message views by engine view id, so status events reach them. */
export const openViews = new Map<string, PagedMessages>();

/**
 * The log's window onto one engine message view. Unfiltered, a row's index is its sequence
 * number, so the live feed fills the pages the log is about to show and following the tail costs
 * no read; a search is paged from the engine alone.
 */
export class PagedMessages extends PagedRows<MessageRecord, ViewStatus> {
  constructor(
    messages: MessagesService,
    readonly connectionId: string,
    readonly query: MessageQuery,
  ) {
    super(
      {
        open: () => messages.openView(connectionId, query),
        read: async (viewId, start, count) => {
          const page = await messages.read(viewId, start, count);
          return { start: page.start, rows: unpackMessages(fromWire(page.messages)), status: page.status };
        },
        close: (viewId) => messages.closeView(viewId),
      },
      openViews as Map<string, PagedRows<MessageRecord, ViewStatus>>,
      (shown, fetched) => shown.seq === fetched.seq,
      isEmptyQuery(query),
    );
  }

  /**
   * Live rows of this view's connection (an unfiltered view only): the newest of them fill the
   * pages the log is about to show. A copy of each payload preview is kept, not a view, so a
   * cached row does not keep a whole batch alive.
   */
  seed(live: MessageRows): void {
    if (!this.fillsItself || this.closed) return;
    const { batch, rows } = live;
    for (let at = Math.max(0, rows.length - this.wantedRows - SEED_MARGIN_ROWS); at < rows.length; at += 1) {
      const record = packedRecord(batch, rows[at]!);
      record.payload = record.payload.slice();
      this.put(record.seq, record);
    }
    this.changed.notify();
  }
}
