import { errorCodeOf } from '../../shared/errors/errors';
import { describeError } from '../components/describeError';
import { FrameNotifier } from './frameNotifier';

/** Rows fetched per request. */
export const PAGE_ROWS = 200;
/** Pages kept in the UI; the engine holds the rest. */
const MAX_PAGES = 60;

/** What every engine view announces: its id and the absolute row indexes [first, end) it holds. */
export type RowsStatus = { viewId: string; first: number; end: number };

/** An engine view as the cache reads it (messages from the store, packets from the capture). */
export interface RowSource<Row, Status extends RowsStatus> {
  open(): Promise<Status>;
  read(viewId: string, start: number, count: number): Promise<{ start: number; rows: Row[]; status: Status }>;
  close(viewId: string): Promise<void>;
}

/** A stale page is shown until its refetch lands, so the newest rows never blink. */
type Page<Row> = { rows: (Row | undefined)[]; complete: boolean; stale: boolean };

/**
 * The UI's window onto one engine view: the status the engine announces (how many rows, how far
 * a search got) and a small cache of the pages around what is on screen. Rows are fetched only
 * when a list asks for them, so a million kept rows cost the UI a few hundred. The one cache for
 * every long list (the message log, the packet list).
 */
export class PagedRows<Row, Status extends RowsStatus> {
  status: Status | undefined;
  error: string | undefined;
  readonly changed = new FrameNotifier();
  protected readonly pages = new Map<number, Page<Row>>();
  private readonly loading = new Set<number>();
  protected closed = false;
  private opening: Promise<void> | undefined;
  /** Rows the list last asked for. */
  protected wantedRows = PAGE_ROWS;

  /**
   * `fillsItself`: rows of this view also arrive live (see PagedMessages.seed), so a page is read
   * only for rows it lacks, and growth at the end does not make a page stale.
   */
  constructor(
    private readonly source: RowSource<Row, Status>,
    private readonly registry: Map<string, PagedRows<Row, Status>>,
    private readonly sameRow: (shown: Row, fetched: Row) => boolean,
    protected readonly fillsItself = false,
  ) {}

  get viewId(): string | undefined {
    return this.status?.viewId;
  }

  open(): Promise<void> {
    this.opening ??= this.source
      .open()
      .then((status) => {
        if (this.closed) return void this.source.close(status.viewId).catch(() => undefined);
        this.status = status;
        this.error = undefined;
        this.registry.set(status.viewId, this);
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
    if (this.status) this.registry.delete(this.status.viewId);
    if (this.status) void this.source.close(this.status.viewId).catch(() => undefined);
  }

  /** A newer status from the engine: partial pages at the end are fetched again when more arrived. */
  update(status: Status): void {
    const previous = this.status;
    this.status = status;
    if (previous && status.end !== previous.end && !this.fillsItself) {
      for (const page of this.pages.values()) if (!page.complete) page.stale = true;
    }
    if (previous && status.first > previous.first) {
      for (const number of this.pages.keys()) if ((number + 1) * PAGE_ROWS <= status.first) this.pages.delete(number);
    }
    this.changed.notify();
  }

  at(index: number): Row | undefined {
    return this.pages.get(Math.floor(index / PAGE_ROWS))?.rows[index % PAGE_ROWS];
  }

  /** Fetches the pages covering rows [start, end) that are not here yet (or stale, or lacking rows). */
  want(start: number, end: number): void {
    if (!this.status || this.closed) return;
    this.wantedRows = Math.max(1, end - start);
    const from = Math.max(start, this.status.first);
    const last = Math.min(end, this.status.end);
    for (let number = Math.floor(from / PAGE_ROWS); number * PAGE_ROWS < last; number += 1) {
      if (this.loading.has(number)) continue;
      const page = this.pages.get(number);
      const needed = !page || (this.fillsItself ? lacksRows(page, number, from, last) : page.stale);
      if (needed) void this.load(number);
    }
    this.trim(start);
  }

  /** Puts a row that arrived live at its index. */
  protected put(index: number, row: Row): void {
    const number = Math.floor(index / PAGE_ROWS);
    let page = this.pages.get(number);
    if (!page) {
      page = { rows: new Array<Row | undefined>(PAGE_ROWS), complete: false, stale: false };
      this.pages.set(number, page);
    }
    page.rows[index % PAGE_ROWS] = row;
  }

  private async load(number: number): Promise<void> {
    const viewId = this.status?.viewId;
    if (!viewId) return;
    this.loading.add(number);
    try {
      const page = await this.source.read(viewId, number * PAGE_ROWS, PAGE_ROWS);
      if (this.closed || this.status?.viewId !== viewId) return;
      const previous = this.pages.get(number)?.rows;
      // Rows that arrived live meanwhile, past what the read saw, stay.
      const rows: (Row | undefined)[] = previous && this.fillsItself ? [...previous] : new Array(PAGE_ROWS);
      page.rows.forEach((row, i) => {
        const at = page.start + i - number * PAGE_ROWS;
        // Rows already shown keep their object, so their (memoised) row components do not render again.
        const shown = previous?.[at];
        rows[at] = shown && this.sameRow(shown, row) ? shown : row;
      });
      this.pages.set(number, { rows, complete: page.start + page.rows.length >= (number + 1) * PAGE_ROWS, stale: false });
      this.update(page.status);
    } catch (error) {
      // The engine forgets views a gone UI left open; this one may have been among them.
      if (!this.closed && errorCodeOf(error) === 'view.closed') {
        this.registry.delete(viewId);
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

function lacksRows<Row>(page: Page<Row>, number: number, from: number, to: number): boolean {
  const pageStart = number * PAGE_ROWS;
  for (let index = Math.max(from, pageStart); index < Math.min(to, pageStart + PAGE_ROWS); index += 1) {
    if (page.rows[index - pageStart] === undefined) return true;
  }
  return false;
}
