import type { MessagesService } from '../../shared/contract/messages';
import { liveFromWire } from '../../shared/domain/liveBatch';
import { fromWire } from '../../shared/domain/packedBatch';
import { allRows, liveRows, rowsBefore, rowsFrom, type MessageRows } from './messageRows';

/** The most rows one `read` may ask for (the contract's limit). */
const CATCH_UP_PAGE = 5_000;

type Follow = {
  /** The sequence number expected next from this connection. */
  next: number;
  /** Set while the gap before `pending` is being fetched from the store. */
  pending?: MessageRows[];
};

/**
 * Live message batches in sequence order, per connection, with nothing missing. An engine skips
 * live batches for a UI that fell behind (a frozen tab) instead of queueing them, and keeps every
 * message in its store; so when a batch's span starts past the sequence number expected next, the gap is
 * read from the store in pages first, and batches arriving meanwhile wait behind it. Messages the
 * store has already dropped (its limits) stay missing: the store's first kept row is where it resumes.
 *
 * Each batch is decoded once, here at the contract boundary, and stays packed: the sink gets
 * rows of it, never an object per message.
 */
export class MessageFeed {
  private readonly follows = new Map<string, Follow>();

  constructor(
    private readonly messages: MessagesService,
    private readonly sink: (rows: MessageRows) => void,
  ) {}

  /** Feeds one live batch; a malformed one is dropped whole (liveFromWire validates). */
  receive(wire: unknown): void {
    let groups: MessageRows[];
    try {
      groups = liveRows(liveFromWire(wire));
    } catch (error) {
      console.error(error);
      return;
    }
    for (const rows of groups) this.receiveFrom(rows);
  }

  /** Whether rows of this connection arrive without a gap being filled right now. */
  isFollowing(connectionId: string): boolean {
    const follow = this.follows.get(connectionId);
    return follow !== undefined && follow.pending === undefined;
  }

  private receiveFrom(rows: MessageRows): void {
    const { connectionId, from: first } = rows;
    let follow = this.follows.get(connectionId);
    // Live batches never repeat a number: one below it means the store was cleared and renumbered.
    if (!follow || (!follow.pending && first < follow.next)) {
      follow = { next: first };
      this.follows.set(connectionId, follow);
    }
    if (follow.pending) {
      follow.pending.push(rows);
      return;
    }
    if (first > follow.next) {
      follow.pending = [rows];
      void this.catchUp(connectionId, follow, first);
      return;
    }
    this.deliver(follow, rows);
  }

  private deliver(follow: Follow, rows: MessageRows): void {
    const fresh = rowsFrom(rows, follow.next);
    if (fresh.end <= follow.next) return;
    follow.next = fresh.end;
    this.sink(fresh);
  }

  /** Reads [follow.next, end) from the store, then releases the batches that waited. */
  private async catchUp(connectionId: string, follow: Follow, end: number): Promise<void> {
    try {
      const view = await this.messages.openView(connectionId, {});
      try {
        while (follow.next < end) {
          const page = await this.messages.read(view.viewId, follow.next, Math.min(CATCH_UP_PAGE, end - follow.next));
          const batch = fromWire(page.messages);
          const rows = rowsBefore(allRows(batch, connectionId), end);
          // Rows the store no longer keeps are skipped: go on from the first one it has.
          if (rows.rows.length > 0) this.deliver(follow, rows);
          else follow.next = page.status.first > follow.next ? Math.min(end, page.status.first) : end;
        }
      } finally {
        await this.messages.closeView(view.viewId);
      }
    } catch (error) {
      // The connection was removed, or the engine went away: follow live from here.
      console.error(error);
      follow.next = end;
    }
    const waiting = follow.pending ?? [];
    follow.pending = undefined;
    // A batch that skips again starts another catch-up, and the rest wait behind it.
    for (const rows of waiting) this.receiveFrom(rows);
  }
}
