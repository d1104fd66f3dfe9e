// The flattened, visible part of the tree for a virtualised list. Listing which nodes are
// visible is cheap (one array slot each); building a row object is not, at 100,000 rows per
// refresh. So the list is fixed when rows() runs and each row is built only when the view asks
// for it, typically the few dozen on screen.

import type { PayloadPreview } from '../payload/preview';
import type { QoS } from '../domain/message';
import type { TopicNode, TreeNode } from './topicNode';

export interface TopicRow {
  readonly path: string;
  /** '' for an empty level; the view shows it as a visible placeholder such as "(empty)". */
  readonly name: string;
  /** Indentation: 0 for a top-level topic. */
  readonly depth: number;
  /** There are child rows to show: any child unfiltered, a child leading to a match when filtered. */
  readonly hasChildren: boolean;
  /** The child rows follow this row. */
  readonly expanded: boolean;
  readonly ownMessages: number;
  readonly subtreeMessages: number;
  readonly subtreeTopics: number;
  /** Newest message anywhere in the subtree (ms since the epoch). */
  readonly lastActivity: number;
  readonly lastPreview?: PayloadPreview;
  readonly lastTime?: number;
  readonly lastQos?: QoS;
  readonly lastSize?: number;
  readonly retained: boolean;
  /** Messages per second into the subtree at the time rows() was asked for. */
  readonly rate: number;
  /** False for an ancestor shown only to lead to a filter match. */
  readonly matches: boolean;
}

export const ROW_MATCHES = 1;
export const ROW_EXPANDED = 2;
export const ROW_HAS_CHILDREN = 4;

export class TopicRows implements Iterable<TopicRow> {
  /**
   * @param nodes the visible nodes in display order
   * @param flags per node, ROW_* bits decided when the list was built
   * @param now the time rates are decayed to
   */
  constructor(
    private readonly nodes: readonly TreeNode[],
    private readonly flags: readonly number[],
    private readonly now: number,
  ) {}

  get length(): number {
    return this.nodes.length;
  }

  /**
   * The row at a display index. Which rows exist and in what order is fixed when rows() ran;
   * counts, previews and the retained flag are read from the live node when this is called.
   */
  at(index: number): TopicRow | undefined {
    const node = this.nodes[index];
    if (node === undefined) return undefined;
    const flags = this.flags[index] ?? 0;
    // Always the same fields, absent ones undefined, so every row shares one object shape.
    const preview = node.ownMessages > 0 ? node.renderPreview() : undefined;
    const hasLast = preview !== undefined;
    return {
      path: node.path,
      name: node.name,
      depth: node.depth,
      hasChildren: (flags & ROW_HAS_CHILDREN) !== 0,
      expanded: (flags & ROW_EXPANDED) !== 0,
      ownMessages: node.ownMessages,
      subtreeMessages: node.subtreeMessages,
      subtreeTopics: node.subtreeTopics,
      lastActivity: node.lastActivity,
      lastPreview: preview,
      lastTime: hasLast ? node.lastTime : undefined,
      lastQos: hasLast ? node.lastQos : undefined,
      lastSize: hasLast ? node.lastSize : undefined,
      retained: node.retained,
      rate: node.rate(this.now),
      matches: (flags & ROW_MATCHES) !== 0,
    };
  }

  /** The node behind a row, for selection and detail views. */
  nodeAt(index: number): TopicNode | undefined {
    return this.nodes[index];
  }

  /** Display index of a path, or -1 when it is not visible (scroll-to-selection). */
  indexOf(path: string): number {
    return this.nodes.findIndex((node) => node.path === path);
  }

  *[Symbol.iterator](): Iterator<TopicRow> {
    for (let i = 0; i < this.nodes.length; i++) {
      const row = this.at(i);
      if (row !== undefined) yield row;
    }
  }
}
