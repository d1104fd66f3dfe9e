import { TopicTree } from '../../shared/topics/topicTree';
import { FrameNotifier } from './frameNotifier';
import type { MessageRows } from './messageRows';

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

  append(live: MessageRows): void {
    this.tree(live.connectionId).addRows(live.batch, live.rows);
    this.changed.notify();
  }
}

export const topicTrees = new TopicTrees();
