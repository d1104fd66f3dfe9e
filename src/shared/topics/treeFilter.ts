// The tree view's filter box. Text holding + or # that forms a valid MQTT filter matches the
// way a subscription would (topicMatchesFilter, only topics that received messages); anything
// else is a case-insensitive substring of the full path, so typing "kitchen" just works.
//
// A filter is evaluated once over the tree when it is set; afterwards only nodes that appear
// or receive their first message are evaluated, so a filter stays cheap while topics keep
// arriving. Results live on the nodes, tagged with the filter's epoch, so switching filters
// never has to clear 100,000 nodes: stale tags simply read as "no match".

import { topicMatchesFilter, validateTopicFilter } from '../mqtt/topic';
import type { TreeNode } from './topicNode';

export function isMqttFilter(text: string): boolean {
  return (text.includes('+') || text.includes('#')) && validateTopicFilter(text) === null;
}

// A loop rather than push(...items): a node may have 100,000 children, more arguments than a
// call can take.
function pushAll(stack: TreeNode[], items: readonly TreeNode[] | undefined): void {
  if (items === undefined) return;
  for (const item of items) stack.push(item);
}

export class TreeFilter {
  private readonly mqtt: boolean;
  private readonly needle: string;

  constructor(
    readonly text: string,
    private readonly epoch: number,
  ) {
    this.mqtt = isMqttFilter(text);
    this.needle = text.toLowerCase();
  }

  /** The node itself matches (as opposed to being shown only to reach a match). */
  isMatch(node: TreeNode): boolean {
    return node.filterEpoch === this.epoch && node.filterSelf;
  }

  /** Matching nodes in the node's subtree, itself included. */
  hits(node: TreeNode): number {
    return node.filterEpoch === this.epoch ? node.filterHits : 0;
  }

  /** Matching nodes strictly below the node: its descendants that must be shown. */
  hitsBelow(node: TreeNode): number {
    if (node.filterEpoch !== this.epoch) return 0;
    return node.filterSelf ? node.filterHits - 1 : node.filterHits;
  }

  /** Evaluates a node that appeared or received its first message since the last evaluation. */
  evaluate(node: TreeNode): void {
    if (this.isMatch(node)) return;
    if (this.test(node)) this.mark(node);
  }

  evaluateAll(root: TreeNode): void {
    if (this.mqtt) {
      this.evaluateMqtt(root);
    } else {
      this.evaluateText(root);
    }
  }

  private test(node: TreeNode): boolean {
    if (this.mqtt) return node.ownMessages > 0 && topicMatchesFilter(this.text, node.path);
    return node.path.toLowerCase().includes(this.needle);
  }

  // The match counts go up the ancestor chain, so each ancestor knows whether it must be shown.
  private mark(node: TreeNode): void {
    node.filterSelf = true;
    for (let at: TreeNode | undefined = node; at !== undefined; at = at.parent) {
      if (at.filterEpoch !== this.epoch) {
        at.filterEpoch = this.epoch;
        at.filterSelf = at === node;
        at.filterHits = 0;
      }
      at.filterHits++;
    }
  }

  // A path contains its parent's path, so below a text match everything matches and only the
  // nodes outside matched subtrees need a test.
  private evaluateText(root: TreeNode): void {
    const stack: TreeNode[] = [];
    pushAll(stack, root.ordered);
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      const parent = node.parent;
      if ((parent !== undefined && this.isMatch(parent)) || this.test(node)) this.mark(node);
      pushAll(stack, node.ordered);
    }
  }

  // Walks only the branches the filter's levels can reach (a literal level is one map lookup)
  // and leaves every verdict to topicMatchesFilter, so the walk is purely a shortcut and the
  // matching rules live in one place. A shared subscription's levels start after its group,
  // so for those every node is visited and tested.
  private evaluateMqtt(root: TreeNode): void {
    const levels = this.text.startsWith('$share/') ? undefined : this.text.split('/');
    const endsWithHash = levels?.[levels.length - 1] === '#';
    const levelAt = (depth: number): string | undefined =>
      levels === undefined ? '+' : depth < levels.length ? levels[depth] : endsWithHash ? '#' : undefined;
    const stack: TreeNode[] = [];
    const pushReachable = (parent: TreeNode, level: string | undefined): void => {
      if (level === '#' || level === '+') {
        pushAll(stack, parent.ordered);
      } else if (level !== undefined) {
        const child = parent.kids?.get(level);
        if (child !== undefined) stack.push(child);
      }
    };
    pushReachable(root, levelAt(0));
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      // A topic below one that # matches is matched too [MQTT-4.7.1-2], and one it rejects (a
      // $ topic for a leading #) rejects its whole subtree, so one test decides them all. The
      // empty first level of "/a" is the exception: '' is no topic name, so nothing matches it.
      if (levelAt(node.depth) === '#' && node.path !== '') {
        if (topicMatchesFilter(this.text, node.path)) this.markSubtree(node);
      } else {
        if (this.test(node)) this.mark(node);
        pushReachable(node, levelAt(node.depth + 1));
      }
    }
  }

  // Only a level holding a wildcard character can change the verdict below a match (no broker
  // accepts such a topic, and topicMatchesFilter refuses it), so only those are asked again.
  private markSubtree(top: TreeNode): void {
    const stack = [top];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      const suspect = node !== top && (node.name.includes('+') || node.name.includes('#'));
      if (suspect && !topicMatchesFilter(this.text, node.path)) continue;
      if (node.ownMessages > 0) this.mark(node);
      pushAll(stack, node.ordered);
    }
  }
}
