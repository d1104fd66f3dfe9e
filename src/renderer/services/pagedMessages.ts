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
  /** One past the newest message the live feed brought this view. */
  private liveEnd = 0;
  /** The end the engine last announced; the view may show less of it (see update). */
  private announcedEnd: number | undefined;

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
   * The engine announces a view's new end on its own timer, up to one batch interval before the
   * live batch with those rows arrives. A log following the tail would show blank rows for that
   * moment (and during a flood, at every refresh); so an unfiltered view that is fed live ends
   * at the newest row it was fed. The store summary (the count) is the engine's, as announced.
   */
  override update(status: ViewStatus): void {
    this.announcedEnd = status.end;
    super.update(this.fillsItself && this.liveEnd > status.first ? { ...status, end: Math.min(status.end, this.liveEnd) } : status);
  }

  private reach(announcedEnd: number): void {
    const status = this.status;
    const end = Math.min(announcedEnd, this.liveEnd);
    if (status && end > status.end) this.status = { ...status, end };
  }

  /**
   * Live rows of this view's connection (an unfiltered view only): the newest of them fill the
   * pages the log is about to show. A copy of each payload preview is kept, not a view, so a
   * cached row does not keep a whole batch alive.
   */
  seed(live: MessageRows): void {
    if (!this.fillsItself || this.closed) return;
    this.liveEnd = Math.max(this.liveEnd, live.end);
    if (this.announcedEnd !== undefined) this.reach(this.announcedEnd);
    const { batch, rows } = live;
    for (let at = Math.max(0, rows.length - this.wantedRows - SEED_MARGIN_ROWS); at < rows.length; at += 1) {
      const record = packedRecord(batch, rows[at]!);
      record.payload = record.payload.slice();
      this.put(record.seq, record);
    }
    this.changed.notify();
  }
}
