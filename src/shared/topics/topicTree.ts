// The topic tree behind the explorer view: every topic seen so far, split on '/', with message
// counts, the latest message and a decaying rate per subtree. It is fed from message batches
// (tens of thousands of messages per second) and must list 100,000 topics for a virtualised
// view, so a message costs one map lookup plus a walk up its ancestors, and nothing is
// allocated per message unless the topic is new.

import type { MessageRecord, QoS } from '../domain/message';
import type { SkippedTopics } from '../domain/liveBatch';
import { PACKED_FLAG, type PackedMessageBatch } from '../domain/packedBatch';
import { sortedChildren, type TopicSort } from './childOrder';
import { ForwardDecay } from './forwardDecay';
import { PendingPreviews } from './pendingPreviews';
import { TreeNode, type TopicNode } from './topicNode';
import { ROW_EXPANDED, ROW_HAS_CHILDREN, ROW_MATCHES, TopicRows } from './topicRows';
import { TreeFilter } from './treeFilter';

export type { TopicSort } from './childOrder';
export type { LastMessage, TopicNode } from './topicNode';
export type { TopicRow, TopicRows } from './topicRows';
export { isMqttFilter } from './treeFilter';

const DEFAULT_RATE_TIME_CONSTANT_MS = 5_000;

export interface TopicTreeOptions {
  /** Time constant τ of the exponentially decaying rate, in ms (default 5 s). */
  rateTimeConstantMs?: number;
}

export interface TopicRowsOptions {
  /** Paths whose children are listed; ignored while a filter is active (see below). */
  expanded: ReadonlySet<string>;
  sort: TopicSort;
  /**
   * Filter text. Matching nodes are listed with their ancestors, and every ancestor of a match
   * is expanded regardless of `expanded`, so matches are never hidden.
   */
  filter?: string;
  /** Time rates are decayed to, on the same clock as message times. */
  now: number;
}

export class TopicTree {
  private readonly decay: ForwardDecay;
  // The invisible node above the top level; its counts are the whole tree's.
  private root: TreeNode;
  private byPath = new Map<string, TreeNode>();
  private readonly previews = new PendingPreviews();
  private filter: TreeFilter | undefined;
  private filterEpoch = 0;
  // Nodes created or first published to since the active filter last looked at the tree.
  private filterPending: TreeNode[] = [];

  constructor(options: TopicTreeOptions = {}) {
    this.decay = new ForwardDecay(options.rateTimeConstantMs ?? DEFAULT_RATE_TIME_CONSTANT_MS);
    this.root = this.newRoot();
  }

  /** Distinct topics that received at least one message. */
  get topicCount(): number {
    return this.root.subtreeTopics;
  }

  get messageCount(): number {
    return this.root.subtreeMessages;
  }

  /** Messages per second across the whole tree, decayed to `now`. */
  rate(now: number): number {
    return this.root.rate(now);
  }

  /** One received message; `time` in ms since the epoch; `size` is the payload's full size when `payload` is only its preview. */
  add(topic: string, time: number, qos: QoS, retain: boolean, payload: Uint8Array, size = payload.length): void {
    const node = this.byPath.get(topic) ?? this.createPath(topic);
    node.lastTime = time;
    node.lastQos = qos;
    node.lastRetain = retain;
    node.lastSize = size;
    // A retained publish replaces the broker's retained message and an empty one deletes it
    // [MQTT-3.3.1-5], [MQTT-3.3.1-6]. A message without the flag says nothing either way: a
    // broker clears the flag on live deliveries however the publisher set it.
    if (retain) node.retained = size > 0;
    this.previews.hold(node, payload);
    this.count(node, 1, time, time);
  }

  /**
   * `count` received messages on `topic` that arrived between `first` and `last` and are
   * counted, not carried (see SkippedTopics): they add to the counts and rates only. The topic's
   * last message comes after them, as a row.
   */
  addCounted(topic: string, count: number, first: number, last: number): void {
    this.count(this.byPath.get(topic) ?? this.createPath(topic), count, first, last);
  }

  /** Credits `count` messages spread over [first, last] to a topic and its ancestors. */
  private count(node: TreeNode, count: number, first: number, last: number): void {
    const firstMessage = node.ownMessages === 0;
    node.ownMessages += count;
    const rescale = this.decay.rebaseFor(last);
    if (rescale !== undefined) this.rescaleRates(rescale);
    const weight = count === 1 ? this.decay.weight(last) : this.decay.spreadWeight(count, first, last);
    for (let at: TreeNode | undefined = node; at !== undefined; at = at.parent) {
      at.subtreeMessages += count;
      if (firstMessage) at.subtreeTopics++;
      if (last > at.lastActivity) at.lastActivity = last;
      at.rateMass += weight;
    }
    if (firstMessage && this.filter !== undefined) this.filterPending.push(node);
  }

  /**
   * Adds the received messages of a batch. Outgoing publishes are left out: the tree shows what
   * the broker delivered, and a publish the user is subscribed to comes back as received.
   */
  addRecords(records: readonly MessageRecord[]): void {
    for (const record of records) {
      if (record.direction === 'in') {
        this.add(record.topic, record.time, record.qos, record.retain, record.payload, record.size);
      }
    }
  }

  /**
   * The same for rows of a packed batch, read from its columns: no record object per message.
   * `skipped`: the batch's received messages that travel as counts (a live batch); they precede
   * their topics' last rows, so they are counted first.
   */
  addRows(batch: PackedMessageBatch, rows: readonly number[], skipped?: SkippedTopics): void {
    if (skipped) {
      for (let k = 0; k < skipped.topic.length; k += 1) this.addCounted(batch.topics[skipped.topic[k]!]!, skipped.count[k]!, skipped.first[k]!, skipped.last[k]!);
    }
    for (const i of rows) {
      const flags = batch.flags[i]!;
      if (flags & PACKED_FLAG.directionOut) continue;
      const start = i === 0 ? 0 : batch.payloadEnd[i - 1]!;
      const payload = batch.payloads.subarray(start, batch.payloadEnd[i]);
      this.add(batch.topics[batch.topic[i]!]!, batch.time[i]!, (flags & PACKED_FLAG.qosMask) as QoS, (flags & PACKED_FLAG.retain) !== 0, payload, batch.sizes?.[i] ?? payload.length);
    }
  }

  /** The node for a full path, whether or not that exact topic received messages. */
  node(path: string): TopicNode | undefined {
    return this.byPath.get(path);
  }

  /**
   * We deleted this topic's retained message ourselves. The broker's echo cannot be relied on to
   * say so: without Retain As Published a live delivery carries RETAIN=0 [MQTT-3.3.1-9].
   */
  markRetainedCleared(path: string): void {
    const node = this.byPath.get(path);
    if (node) node.retained = false;
  }

  /** The visible rows, in display order, for a virtualised list. */
  rows(options: TopicRowsOptions): TopicRows {
    const filter = this.activateFilter(options.filter);
    const nodes: TreeNode[] = [];
    const flags: number[] = [];
    // Depth-first with an explicit stack: a topic may have thousands of levels ("a/////…").
    const stack: TreeNode[] = [];
    this.pushChildren(stack, this.root, options.sort, filter);
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      let rowFlags: number;
      let open: boolean;
      if (filter === undefined) {
        const hasChildren = node.ordered !== undefined;
        open = hasChildren && options.expanded.has(node.path);
        rowFlags = ROW_MATCHES | (hasChildren ? ROW_HAS_CHILDREN : 0) | (open ? ROW_EXPANDED : 0);
      } else {
        open = filter.hitsBelow(node) > 0;
        rowFlags = (filter.isMatch(node) ? ROW_MATCHES : 0) | (open ? ROW_HAS_CHILDREN | ROW_EXPANDED : 0);
      }
      nodes.push(node);
      flags.push(rowFlags);
      if (open) this.pushChildren(stack, node, options.sort, filter);
    }
    return new TopicRows(nodes, flags, options.now);
  }

  clear(): void {
    this.root = this.newRoot();
    this.byPath = new Map();
    this.previews.clear();
    this.filter = undefined;
    this.filterPending = [];
    this.decay.reset();
  }

  private newRoot(): TreeNode {
    return new TreeNode('', '', -1, undefined, this.decay);
  }

  // Walks the levels with indexOf rather than split, creating the missing ones. Runs once per
  // new topic; a known topic never gets here.
  private createPath(topic: string): TreeNode {
    let parent = this.root;
    let start = 0;
    for (let depth = 0; ; depth++) {
      const slash = topic.indexOf('/', start);
      const end = slash === -1 ? topic.length : slash;
      const name = topic.slice(start, end);
      let child = parent.kids?.get(name);
      if (child === undefined) {
        child = new TreeNode(name, slash === -1 ? topic : topic.slice(0, end), depth, parent, this.decay);
        parent.addChild(child);
        this.byPath.set(child.path, child);
        // The topic's own node is queued by add() as it receives its first message.
        if (this.filter !== undefined && slash !== -1) this.filterPending.push(child);
      }
      if (slash === -1) return child;
      parent = child;
      start = slash + 1;
    }
  }

  private rescaleRates(factor: number): void {
    this.root.rateMass *= factor;
    for (const node of this.byPath.values()) node.rateMass *= factor;
  }

  private activateFilter(text: string | undefined): TreeFilter | undefined {
    if (text === undefined || text === '') {
      this.filter = undefined;
      this.filterPending = [];
      return undefined;
    }
    if (this.filter === undefined || this.filter.text !== text) {
      this.filter = new TreeFilter(text, ++this.filterEpoch);
      this.filterPending = [];
      this.filter.evaluateAll(this.root);
    } else {
      for (const node of this.filterPending) this.filter.evaluate(node);
      this.filterPending = [];
    }
    return this.filter;
  }

  private pushChildren(stack: TreeNode[], node: TreeNode, sort: TopicSort, filter: TreeFilter | undefined): void {
    const children = sortedChildren(node, sort);
    // Last child first, so the first child is popped (and listed) first.
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined && (filter === undefined || filter.hits(child) > 0)) stack.push(child);
    }
  }
}
