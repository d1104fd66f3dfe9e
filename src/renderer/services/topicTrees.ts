import type { MessagesService } from '../../shared/contract/messages';
import { fromWire } from '../../shared/domain/packedBatch';
import { TopicTree } from '../../shared/topics/topicTree';
import { FrameNotifier } from './frameNotifier';
import { allRows, isSplittable, rowsBefore, rowsFrom, type MessageRows } from './messageRows';

/** Rows per read while a tree is filled from the engine's store. */
const SEED_PAGE = 5_000;

/**
 * While a tree is filled from the store: live rows wait. `end` is where the store reads have got
 * to; undefined until they are done.
 */
type Seeding = { end: number | undefined; waiting: MessageRows[] };

/**
 * One topic tree per connection, built from every received message as batches arrive. It lives
 * outside React; views re-read it on the animation frame after a change.
 */
class TopicTrees {
  private readonly trees = new Map<string, TopicTree>();
  private readonly seeding = new Map<string, Seeding>();
  readonly changed = new FrameNotifier();

  /** The engine's message service, known once the first seed starts (only seeding reads the store). */
  private messages: MessagesService | undefined;

  tree(connectionId: string): TopicTree {
    let tree = this.trees.get(connectionId);
    if (!tree) {
      tree = new TopicTree();
      this.trees.set(connectionId, tree);
    }
    return tree;
  }

  append(live: MessageRows): void {
    const seeding = this.seeding.get(live.connectionId);
    if (seeding?.end === undefined) {
      if (seeding) seeding.waiting.push(live);
      else this.add(live);
    } else if (live.from < seeding.end && live.end > seeding.end && !isSplittable(live)) {
      // Counted messages cannot be split at the point the store read reached: read the rest too.
      seeding.waiting.push(live);
      void this.release(live.connectionId, seeding);
    } else {
      this.add(rowsFrom(live, seeding.end));
    }
    this.changed.notify();
  }

  /**
   * Fills a connection's tree from everything its store keeps — messages from before a restart
   * or a page reload — once. Live rows with sequence numbers the store read covers are left to
   * it, so none is counted twice.
   */
  async seed(connectionId: string, messages: MessagesService): Promise<void> {
    if (this.seeding.has(connectionId)) return;
    this.messages = messages;
    const seeding: Seeding = { end: undefined, waiting: [] };
    this.seeding.set(connectionId, seeding);
    let end = 0;
    try {
      const view = await messages.openView(connectionId, {});
      end = view.end;
      try {
        await this.readStore(view.viewId, connectionId, view.first, end);
      } finally {
        void messages.closeView(view.viewId).catch(() => undefined);
      }
    } finally {
      seeding.end = end;
      await this.release(connectionId, seeding);
    }
  }

  /**
   * Adds the live rows that waited, from where the store reads got to. A live batch that both
   * overlaps what was read and counts messages it does not carry is replaced by a store read of
   * its new part, so nothing is counted twice or left out.
   */
  private async release(connectionId: string, seeding: Seeding): Promise<void> {
    let end = seeding.end ?? 0;
    seeding.end = undefined;
    try {
      for (let live = seeding.waiting.shift(); live !== undefined; live = seeding.waiting.shift()) {
        if (live.end <= end) continue;
        if (live.from >= end || isSplittable(live)) this.add(rowsFrom(live, end));
        else await this.readRange(connectionId, end, live.end);
        end = live.end;
      }
    } catch (error) {
      // The connection was removed, or the engine went away: the tree goes on from here.
      console.error(error);
    } finally {
      seeding.end = end;
      for (const live of seeding.waiting.splice(0)) if (live.end > end) this.add(rowsFrom(live, end));
      this.changed.notify();
    }
  }

  private async readRange(connectionId: string, from: number, end: number): Promise<void> {
    const messages = this.messages;
    if (!messages) return;
    const view = await messages.openView(connectionId, {});
    try {
      await this.readStore(view.viewId, connectionId, from, end);
    } finally {
      void messages.closeView(view.viewId).catch(() => undefined);
    }
  }

  private async readStore(viewId: string, connectionId: string, from: number, end: number): Promise<void> {
    for (let start = from; start < end; ) {
      const page = await this.messages!.read(viewId, start, Math.min(SEED_PAGE, end - start));
      const batch = fromWire(page.messages);
      if (batch.count === 0) break;
      this.add(rowsBefore(allRows(batch, connectionId), end));
      start = page.start + batch.count;
    }
  }

  private add(live: MessageRows): void {
    if (live.rows.length > 0 || live.skipped) this.tree(live.connectionId).addRows(live.batch, live.rows, live.skipped);
  }
}

export const topicTrees = new TopicTrees();
