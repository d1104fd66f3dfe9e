import type { MessagesService } from '../../shared/contract/messages';
import type { MessageRecord } from '../../shared/domain/message';
import type { PackedMessageBatchWire } from '../../shared/domain/packedBatch';
import { fromWire, unpackMessages } from '../../shared/domain/packedBatch';

/** The most rows one `read` may ask for (the contract's limit). */
const CATCH_UP_PAGE = 5_000;

type Follow = {
  /** The sequence number expected next from this connection. */
  next: number;
  /** Set while the gap before `pending` is being fetched from the store. */
  pending?: MessageRecord[][];
};

/**
 * Live message batches in sequence order, per connection, with nothing missing. An engine skips
 * live batches for a UI that fell behind (a frozen tab) instead of queueing them, and keeps every
 * message in its store; so when a batch starts past the sequence number expected next, the gap is
 * read from the store in pages first, and batches arriving meanwhile wait behind it. Messages the
 * store has already dropped (its limits) stay missing: the store's first kept row is where it resumes.
 */
export class MessageFeed {
  private readonly follows = new Map<string, Follow>();

  constructor(
    private readonly messages: MessagesService,
    private readonly sink: (records: MessageRecord[]) => void,
  ) {}

  /** Feeds one live batch; a malformed one is dropped whole (fromWire validates). */
  receive(batch: PackedMessageBatchWire): void {
    let records: MessageRecord[];
    try {
      records = unpackMessages(fromWire(batch));
    } catch (error) {
      console.error(error);
      return;
    }
    const byConnection = new Map<string, MessageRecord[]>();
    for (const record of records) {
      const list = byConnection.get(record.connectionId);
      if (list) list.push(record);
      else byConnection.set(record.connectionId, [record]);
    }
    for (const [connectionId, list] of byConnection) this.receiveFrom(connectionId, list);
  }

  private receiveFrom(connectionId: string, records: MessageRecord[]): void {
    const first = records[0]?.seq ?? 0;
    let follow = this.follows.get(connectionId);
    // Live batches never repeat a number: one below it means the store was cleared and renumbered.
    if (!follow || (!follow.pending && first < follow.next)) {
      follow = { next: first };
      this.follows.set(connectionId, follow);
    }
    if (follow.pending) {
      follow.pending.push(records);
      return;
    }
    if (first > follow.next) {
      follow.pending = [records];
      void this.catchUp(connectionId, follow, first);
      return;
    }
    this.deliver(follow, records);
  }

  private deliver(follow: Follow, records: MessageRecord[]): void {
    const fresh = records.filter((record) => record.seq >= follow.next);
    if (fresh.length === 0) return;
    follow.next = (fresh[fresh.length - 1]?.seq ?? follow.next) + 1;
    this.sink(fresh);
  }

  /** Reads [follow.next, end) from the store, then releases the batches that waited. */
  private async catchUp(connectionId: string, follow: Follow, end: number): Promise<void> {
    try {
      const view = await this.messages.openView(connectionId, {});
      try {
        while (follow.next < end) {
          const page = await this.messages.read(view.viewId, follow.next, Math.min(CATCH_UP_PAGE, end - follow.next));
          const rows = unpackMessages(fromWire(page.messages)).filter((record) => record.seq < end);
          // Rows the store no longer keeps are skipped: go on from the first one it has.
          if (rows.length > 0) this.deliver(follow, rows);
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
    for (const records of waiting) this.receiveFrom(connectionId, records);
  }
}
