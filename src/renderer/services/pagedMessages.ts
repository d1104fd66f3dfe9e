import type { MessagesService, ViewStatus } from '../../shared/contract/messages';
import type { MessageRecord } from '../../shared/domain/message';
import type { MessageQuery } from '../../shared/domain/messageQuery';
import { fromWire, unpackMessages } from '../../shared/domain/packedBatch';
import { errorCodeOf } from '../../shared/errors/errors';
import { describeError } from '../components/describeError';
import { FrameNotifier } from './frameNotifier';

/** Rows fetched per request. */
export const PAGE_ROWS = 200;
/** Pages kept in the UI; the engine holds the rest. */
const MAX_PAGES = 60;

/** A stale page is shown until its refetch lands, so the newest rows never blink. */
type Page = { rows: (MessageRecord | undefined)[]; complete: boolean; stale: boolean };

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

  constructor(
    private readonly messages: MessagesService,
    readonly connectionId: string,
    readonly query: MessageQuery,
  ) {}

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

  /** A newer status from the engine: partial pages at the end are fetched again when more arrived. */
  update(status: ViewStatus): void {
    const previous = this.status;
    this.status = status;
    if (previous && status.end !== previous.end) {
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

  /** Fetches the pages covering rows [start, end) that are not here yet. */
  want(start: number, end: number): void {
    if (!this.status || this.closed) return;
    const last = Math.min(end, this.status.end);
    for (let number = Math.floor(Math.max(start, this.status.first) / PAGE_ROWS); number * PAGE_ROWS < last; number += 1) {
      if (!this.loading.has(number) && (this.pages.get(number)?.stale ?? true)) void this.load(number);
    }
    this.trim(start);
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
      const rows: (MessageRecord | undefined)[] = new Array(PAGE_ROWS);
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
