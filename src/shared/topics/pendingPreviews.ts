// Payload previews are rendered when a row is shown, not per message: a busy topic receives
// many messages between two frames and only the last is ever displayed, and rendering costs
// a UTF-8 validation pass over the payload. Until then the node holds the payload itself,
// which must not keep more memory alive than the tree is worth:
//   - a small payload is held as is, or copied when it is a view into a larger buffer (a
//     decoded WebSocket frame holds a whole batch), so it pins no more than its own bytes;
//   - a large payload pins its buffer only until the large payloads held together reach a
//     budget, then every pending large preview is rendered and the payloads are let go.

import type { TreeNode } from './topicNode';

// About what a rendered preview of PREVIEW_CHARS characters takes anyway.
const SMALL_PAYLOAD_BYTES = 256;
// Rendering this much at once costs a few milliseconds: a hiccup, not a stall.
const LARGE_PAYLOAD_BUDGET_BYTES = 1024 * 1024;

export class PendingPreviews {
  private large: TreeNode[] = [];
  // An upper bound: a replaced payload's bytes stay counted until the next flush.
  private largeBytes = 0;

  hold(node: TreeNode, payload: Uint8Array): void {
    if (payload.byteLength <= SMALL_PAYLOAD_BYTES) {
      node.setPayload(payload.buffer.byteLength <= SMALL_PAYLOAD_BYTES ? payload : payload.slice());
      return;
    }
    node.setPayload(payload);
    if (!node.previewQueued) {
      node.previewQueued = true;
      this.large.push(node);
    }
    this.largeBytes += payload.buffer.byteLength;
    if (this.largeBytes >= LARGE_PAYLOAD_BUDGET_BYTES) this.renderLarge();
  }

  clear(): void {
    this.large = [];
    this.largeBytes = 0;
  }

  private renderLarge(): void {
    for (const node of this.large) {
      node.renderPreview();
      node.previewQueued = false;
    }
    this.clear();
  }
}
