import type { MessagesService } from '../../shared/contract/messages';
import { fromWire } from '../../shared/domain/packedBatch';
import { TopicTree } from '../../shared/topics/topicTree';
import { FrameNotifier } from './frameNotifier';
import { allRows, rowsFrom, type MessageRows } from './messageRows';

/** Rows per read while a tree is filled from the engine's store. */
const SEED_PAGE = 5_000;

/** While a tree is filled from the store: live rows wait, or pass from `end` on. */
type Seeding = { end: number | undefined; waiting: MessageRows[] };

/**
 * One topic tree per connection, built from every received message as batches arrive. It lives
 * outside React; views re-read it on the animation frame after a change.
 */
class TopicTrees {
  private readonly trees = new Map<string, TopicTree>();
  private readonly seeding = new Map<string, Seeding>();
  readonly changed = new FrameNotifier();

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
    if (!seeding) this.add(live);
    else if (seeding.end === undefined) seeding.waiting.push(live);
    else this.add(rowsFrom(live, seeding.end));
    this.changed.notify();
  }

  /**
   * Fills a connection's tree from everything its store keeps — messages from before a restart
   * or a page reload — once. Live rows with sequence numbers the store read covers are left to
   * it, so none is counted twice.
   */
  async seed(connectionId: string, messages: MessagesService): Promise<void> {
    if (this.seeding.has(connectionId)) return;
    const seeding: Seeding = { end: undefined, waiting: [] };
    this.seeding.set(connectionId, seeding);
    let end = 0;
    try {
      const view = await messages.openView(connectionId, {});
      end = view.end;
      try {
        for (let start = view.first; start < end; ) {
          const page = await messages.read(view.viewId, start, Math.min(SEED_PAGE, end - start));
          const batch = fromWire(page.messages);
          if (batch.count === 0) break;
          this.add(allRows(batch, connectionId));
          start = page.start + batch.count;
        }
      } finally {
        void messages.closeView(view.viewId).catch(() => undefined);
      }
    } finally {
      // Rows that came while the view was opening: the store read covered those before `end`.
      seeding.end = end;
      for (const live of seeding.waiting) this.add(rowsFrom(live, end));
      seeding.waiting = [];
      this.changed.notify();
    }
  }

  private add(live: MessageRows): void {
    if (live.rows.length > 0) this.tree(live.connectionId).addRows(live.batch, live.rows);
  }
}

export const topicTrees = new TopicTrees();
