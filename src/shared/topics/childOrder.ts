// Sibling order for the tree view. Sorting 100,000 nodes on every frame would be wasted work,
// so each node keeps its children in the order of its last sort and re-sorts only when that
// order can have changed: for 'name' when a child was added, for 'messages' and 'recent' when
// anything below the node received a message (its subtreeMessages moved). The re-sort starts
// from the previous order, which V8's TimSort finishes in close to linear time when only a few
// siblings moved or were appended.

import { compareNatural } from './naturalCompare';
import type { TreeNode } from './topicNode';

export type TopicSort = 'name' | 'messages' | 'recent';

const NO_CHILDREN: readonly TreeNode[] = [];

function byName(a: TreeNode, b: TreeNode): number {
  return compareNatural(a.name, b.name);
}

// Busiest first; equal counts fall back to name so the order does not flicker.
function byMessages(a: TreeNode, b: TreeNode): number {
  return b.subtreeMessages - a.subtreeMessages || compareNatural(a.name, b.name);
}

function byRecent(a: TreeNode, b: TreeNode): number {
  if (a.lastActivity !== b.lastActivity) return a.lastActivity > b.lastActivity ? -1 : 1;
  return compareNatural(a.name, b.name);
}

const COMPARATORS: Record<TopicSort, (a: TreeNode, b: TreeNode) => number> = {
  name: byName,
  messages: byMessages,
  recent: byRecent,
};

// Children are only ever added, so their count identifies the set; any message below the node
// moves its subtreeMessages, which identifies the counts and times the other orders read.
function stampFor(node: TreeNode, sort: TopicSort): number {
  return sort === 'name' ? (node.ordered?.length ?? 0) : node.subtreeMessages;
}

/** The node's children in `sort` order; the array is the node's own cache, not a copy. */
export function sortedChildren(node: TreeNode, sort: TopicSort): readonly TreeNode[] {
  const ordered = node.ordered;
  if (ordered === undefined) return NO_CHILDREN;
  const stamp = stampFor(node, sort);
  if (node.orderedBy !== sort || node.orderedStamp !== stamp) {
    ordered.sort(COMPARATORS[sort]);
    node.orderedBy = sort;
    node.orderedStamp = stamp;
  }
  return ordered;
}
