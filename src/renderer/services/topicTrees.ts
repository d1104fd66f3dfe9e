import type { MessageRecord } from '../../shared/domain/message';
import { TopicTree } from '../../shared/topics/topicTree';
import { FrameNotifier } from './frameNotifier';

/**
 * One topic tree per connection, built from every received message as batches arrive. It lives
 * outside React; views re-read it on the animation frame after a change.
 */
class TopicTrees {
  private readonly trees = new Map<string, TopicTree>();
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
        if (id !== undefined) this.tree(id).addRecords(messages.slice(start, i));
        start = i;
      }
    }
    this.changed.notify();
  }
}

export const topicTrees = new TopicTrees();
