import type { MessageRecord } from '../../../shared/domain/message';
import { TopicTree } from '../../../shared/topics/topicTree';
import { FrameNotifier } from '../../services/frameNotifier';
import type { MessagesService } from '../../../shared/contract/messages';
import { fromWire, unpackMessages } from '../../../shared/domain/packedBatch';

/** Rows per read while a tree is filled from the engine's store. */
const SEED_PAGE = 5_000;

/** While a tree is filled from the store: live records wait, or pass from `end` on. */
type Seeding = { end: number | undefined; waiting: MessageRecord[][] };

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

  append(messages: readonly MessageRecord[]): void {
    // Batches mix connections; group runs so each tree gets its records in one call.
    let start = 0;
    for (let i = 1; i <= messages.length; i += 1) {
      const id = messages[start]?.connectionId;
      if (i === messages.length || messages[i]?.connectionId !== id) {
        if (id !== undefined) this.addLive(id, messages.slice(start, i));
        start = i;
      }
    }
    this.changed.notify();
  }

  /**
   * Fills a connection's tree from everything its store keeps — messages from before a restart
   * or a page reload — once. Live records with sequence numbers the store read covers are left
   * to it, so none is counted twice.
   */
  async seed(connectionId: string, messages: MessagesService): Promise<void> {
    if (this.seeding.has(connectionId)) return;
    const seeding: Seeding = { end: undefined, waiting: [] };
    this.seeding.set(connectionId, seeding);
    const tree = this.tree(connectionId);
    let end = 0;
    try {
      const view = await messages.openView(connectionId, {});
      end = view.end;
      seeding.end = end;
      try {
        for (let start = view.first; start < end; ) {
          const page = await messages.read(view.viewId, start, Math.min(SEED_PAGE, end - start));
          const records = unpackMessages(fromWire(page.messages));
          if (records.length === 0) break;
          tree.addRecords(records);
          start = page.start + records.length;
        }
      } finally {
        void messages.closeView(view.viewId).catch(() => undefined);
      }
    } finally {
      // Records that came while the view was opening: the store read covered those before `end`.
      seeding.end = end;
      for (const records of seeding.waiting) tree.addRecords(records.filter((record) => record.seq >= end));
      seeding.waiting = [];
      this.changed.notify();
    }
  }

  private addLive(connectionId: string, records: MessageRecord[]): void {
    const seeding = this.seeding.get(connectionId);
    if (!seeding) this.tree(connectionId).addRecords(records);
    else if (seeding.end === undefined) seeding.waiting.push(records);
    else {
      const end = seeding.end;
      this.tree(connectionId).addRecords(records.filter((record) => record.seq >= end));
    }
  }
}

export const topicTrees = new TopicTrees();
