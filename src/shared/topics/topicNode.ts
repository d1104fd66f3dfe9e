// One level of the topic tree. The public face is the read-only TopicNode; TreeNode is the
// mutable record the tree and its helpers update in place. Every field is a plain number,
// boolean or reference so a message costs no allocation, and leaves (most of the 100,000
// nodes of a big tree) carry no child containers at all.

import type { QoS } from '../domain/message';
import { payloadPreview, type PayloadPreview } from '../payload/preview';
import type { TopicSort } from './childOrder';
import type { ForwardDecay } from './forwardDecay';

/** Characters of payload a tree row shows; the detail view has the full message. */
export const PREVIEW_CHARS = 100;

export interface LastMessage {
  /** ms since the epoch, as stamped on arrival. */
  readonly time: number;
  readonly qos: QoS;
  readonly retain: boolean;
  /** Payload size in bytes. */
  readonly size: number;
  readonly preview: PayloadPreview;
}

export interface TopicNode {
  /** This level's name; '' for an empty level ("a//b", or the first level of "/a"). */
  readonly name: string;
  /** The full topic up to and including this level. */
  readonly path: string;
  /** 0 for a top-level node. */
  readonly depth: number;
  /** Children by level name, in arrival order; rows() gives them sorted. */
  readonly children: ReadonlyMap<string, TopicNode>;
  /** Messages published to exactly this topic. */
  readonly ownMessages: number;
  /** Messages to this topic and every topic below it. */
  readonly subtreeMessages: number;
  /** Nodes in this subtree, itself included, that received at least one message. */
  readonly subtreeTopics: number;
  /** Time of the newest message anywhere in the subtree. */
  readonly lastActivity: number;
  /** The latest message to exactly this topic, by arrival. */
  readonly last: LastMessage | undefined;
  /** The broker holds a retained message for this topic, as far as we have seen. */
  readonly retained: boolean;
  /** Messages per second into this subtree, decayed to `now` (same clock as message times). */
  rate(now: number): number;
}

const NO_CHILDREN: ReadonlyMap<string, TreeNode> = new Map();

export class TreeNode implements TopicNode {
  ownMessages = 0;
  subtreeMessages = 0;
  subtreeTopics = 0;
  lastActivity = -Infinity;
  retained = false;

  // The latest own message, kept flat rather than as an object so repeated messages to a
  // topic overwrite numbers instead of allocating.
  lastTime = 0;
  lastQos: QoS = 0;
  lastRetain = false;
  lastSize = 0;
  /** Payload whose preview has not been rendered yet (see pendingPreviews.ts). */
  pendingPayload: Uint8Array | undefined = undefined;
  previewQueued = false;
  private renderedPreview: PayloadPreview | undefined = undefined;

  /** Forward-decay mass of this subtree's messages (see forwardDecay.ts). */
  rateMass = 0;

  kids: Map<string, TreeNode> | undefined = undefined;
  /** Children in the order of the last sort, with newer children appended (see childOrder.ts). */
  ordered: TreeNode[] | undefined = undefined;
  orderedBy: TopicSort | undefined = undefined;
  orderedStamp = -1;

  // Filter bookkeeping, valid only while filterEpoch matches the active filter (treeFilter.ts).
  filterEpoch = 0;
  filterSelf = false;
  filterHits = 0;

  constructor(
    readonly name: string,
    readonly path: string,
    readonly depth: number,
    readonly parent: TreeNode | undefined,
    private readonly decay: ForwardDecay,
  ) {}

  get children(): ReadonlyMap<string, TopicNode> {
    return this.kids ?? NO_CHILDREN;
  }

  addChild(child: TreeNode): void {
    const kids = (this.kids ??= new Map());
    const ordered = (this.ordered ??= []);
    kids.set(child.name, child);
    ordered.push(child);
  }

  setPayload(payload: Uint8Array): void {
    this.pendingPayload = payload;
    this.renderedPreview = undefined;
  }

  /** Renders the pending payload, if any, so the payload itself can be let go. */
  renderPreview(): PayloadPreview | undefined {
    if (this.pendingPayload !== undefined) {
      this.renderedPreview = payloadPreview(this.pendingPayload, PREVIEW_CHARS);
      this.pendingPayload = undefined;
    }
    return this.renderedPreview;
  }

  get last(): LastMessage | undefined {
    const preview = this.renderPreview();
    if (this.ownMessages === 0 || preview === undefined) return undefined;
    return { time: this.lastTime, qos: this.lastQos, retain: this.lastRetain, size: this.lastSize, preview };
  }

  rate(now: number): number {
    return this.decay.rate(this.rateMass, now);
  }
}
