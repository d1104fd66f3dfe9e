import type { MessagesService, ViewStatus } from '../../shared/contract/messages';
import type { MessageRecord } from '../../shared/domain/message';
import { isEmptyQuery, type MessageQuery } from '../../shared/domain/messageQuery';
import { fromWire, packedRecord, unpackMessages } from '../../shared/domain/packedBatch';
import { errorCodeOf } from '../../shared/errors/errors';
import { describeError } from '../components/describeError';
import { FrameNotifier } from './frameNotifier';
import type { MessageRows } from './messageRows';

/** Rows fetched per request. */
export const PAGE_ROWS = 200;
/** Pages kept in the UI; the engine holds the rest. */
const MAX_PAGES = 60;

/** A stale page is shown until its refetch lands, so the newest rows never blink. */
type Page = { rows: (MessageRecord | undefined)[]; complete: boolean; stale: boolean };

/** Rows seeded from each live batch beyond what the view shows: the next frames' rows. */
const SEED_MARGIN_ROWS = 50;

/**
 * The UI's window onto one engine view: the status the engine announces (how many rows, how far
 * a search got) and a small cache of the pages around what is on screen. Rows are fetched only
 * when a view asks for them, so a million kept messages cost the UI a few hundred rows.
 */
export class PagedMessages {
  status: ViewStatus | undefined;
  error: string | undefined;
  readonly changed = new FrameNotifier();
  private readonly pages = new Map<number, Page>();
  private readonly loading = new Set<number>();
  private closed = false;
  private opening: Promise<void> | undefined;
  /** Rows the view last asked for: how many live rows are worth seeding. */
  private wantedRows = PAGE_ROWS;
  /** Every message, so a row's index is its sequence number and live rows can fill pages. */
  private readonly unfiltered: boolean;

  constructor(
    private readonly messages: MessagesService,
    readonly connectionId: string,
    readonly query: MessageQuery,
  ) {
    this.unfiltered = isEmptyQuery(query);
  }

  get viewId(): string | undefined {
    return this.status?.viewId;
  }

  open(): Promise<void> {
    this.opening ??= this.messages
      .openView(this.connectionId, this.query)
      .then((status) => {
        if (this.closed) return void this.messages.closeView(status.viewId).catch(() => undefined);
        this.status = status;
        this.error = undefined;
        openViews.set(status.viewId, this);
      })
      .catch((error: unknown) => {
        this.error = describeError(error);
      })
      .finally(() => {
        this.opening = undefined;
        this.changed.notify();
      });
    return this.opening;
  }

  close(): void {
    this.closed = true;
    if (this.status) openViews.delete(this.status.viewId);
    if (this.status) void this.messages.closeView(this.status.viewId).catch(() => undefined);
  }

  /**
   * Live rows of this view's connection (an unfiltered view only): the newest of them fill the
   * pages the view is about to show, so following the tail costs no read. A copy of each payload
   * preview is kept, not a view, so a cached row does not keep a whole batch alive.
   */
  seed(live: MessageRows): void {
    if (!this.unfiltered || this.closed) return;
    const { batch, rows } = live;
    for (let at = Math.max(0, rows.length - this.wantedRows - SEED_MARGIN_ROWS); at < rows.length; at += 1) {
      const record = packedRecord(batch, rows[at]!);
      record.payload = record.payload.slice();
      const number = Math.floor(record.seq / PAGE_ROWS);
      let page = this.pages.get(number);
      if (!page) {
        page = { rows: new Array<MessageRecord | undefined>(PAGE_ROWS), complete: false, stale: false };
        this.pages.set(number, page);
      }
      page.rows[record.seq % PAGE_ROWS] = record;
    }
    this.changed.notify();
  }

  /** A newer status from the engine: partial pages at the end are fetched again when more arrived. */
  update(status: ViewStatus): void {
    const previous = this.status;
    this.status = status;
    if (previous && status.end !== previous.end && !this.unfiltered) {
      for (const page of this.pages.values()) if (!page.complete) page.stale = true;
    }
    if (previous && status.first > previous.first) {
      for (const number of this.pages.keys()) if ((number + 1) * PAGE_ROWS <= status.first) this.pages.delete(number);
    }
    this.changed.notify();
  }

  at(index: number): MessageRecord | undefined {
    return this.pages.get(Math.floor(index / PAGE_ROWS))?.rows[index % PAGE_ROWS];
  }

  /**
   * Fetches the pages covering rows [start, end) that are not here yet: for an unfiltered view,
   * a page with any of those rows missing (live rows fill the rest); for a search, a stale page.
   */
  want(start: number, end: number): void {
    if (!this.status || this.closed) return;
    this.wantedRows = Math.max(1, end - start);
    const from = Math.max(start, this.status.first);
    const last = Math.min(end, this.status.end);
    for (let number = Math.floor(from / PAGE_ROWS); number * PAGE_ROWS < last; number += 1) {
      if (this.loading.has(number)) continue;
      const page = this.pages.get(number);
      const needed = !page || (this.unfiltered ? this.lacksRows(page, number, from, last) : page.stale);
      if (needed) void this.load(number);
    }
    this.trim(start);
  }

  private lacksRows(page: Page, number: number, from: number, to: number): boolean {
    const pageStart = number * PAGE_ROWS;
    for (let index = Math.max(from, pageStart); index < Math.min(to, pageStart + PAGE_ROWS); index += 1) {
      if (page.rows[index - pageStart] === undefined) return true;
    }
    return false;
  }

  private async load(number: number): Promise<void> {
    const viewId = this.status?.viewId;
    if (!viewId) return;
    this.loading.add(number);
    try {
      const page = await this.messages.read(viewId, number * PAGE_ROWS, PAGE_ROWS);
      if (this.closed || this.status?.viewId !== viewId) return;
      const records = unpackMessages(fromWire(page.messages));
      const previous = this.pages.get(number)?.rows;
      // Rows seeded meanwhile past what the read saw stay.
      const rows: (MessageRecord | undefined)[] = previous && this.unfiltered ? [...previous] : new Array(PAGE_ROWS);
      records.forEach((record, i) => {
        const at = page.start + i - number * PAGE_ROWS;
        // Rows already shown keep their object, so their (memoised) row components do not render again.
        const shown = previous?.[at];
        rows[at] = shown && shown.seq === record.seq ? shown : record;
      });
      this.pages.set(number, { rows, complete: page.start + records.length >= (number + 1) * PAGE_ROWS, stale: false });
      this.update(page.status);
    } catch (error) {
      // The engine forgets views a gone UI left open; this one may have been among them.
      if (!this.closed && errorCodeOf(error) === 'view.closed') {
        openViews.delete(viewId);
        this.status = undefined;
        this.pages.clear();
        await this.open();
      } else this.error = describeError(error);
    } finally {
      this.loading.delete(number);
      this.changed.notify();
    }
  }

  /** Keeps the cache small: drops the pages farthest from what is being looked at. */
  private trim(around: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const centre = Math.floor(around / PAGE_ROWS);
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const number of byDistance.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(number);
  }
}

/** Open paged views by engine view id, so status events reach them. */
export const openViews = new Map<string, PagedMessages>();
