import type { HistoryRetention as Retention } from '../../../shared/domain/messageStore';
import type { SegmentInfo } from './segmentFiles';

export type { Retention };

/**
 * The segments to delete, oldest first: while the rest still hold at least `maxMessages`, or
 * all of them take more than `maxBytes`, or the oldest holds nothing younger than `maxAgeMs`.
 * The segment being written is never one of them.
 */
export function retire(segments: readonly SegmentInfo[], current: SegmentInfo | undefined, retention: Retention, now: number): SegmentInfo[] {
  let messages = segments.reduce((sum, segment) => sum + segment.messages, 0);
  let bytes = segments.reduce((sum, segment) => sum + segment.bytes, 0);
  const retired: SegmentInfo[] = [];
  for (const oldest of segments) {
    if (oldest === current) break;
    const tooMany = messages - oldest.messages >= retention.maxMessages;
    const tooBig = bytes > retention.maxBytes;
    const tooOld = oldest.lastTime < now - retention.maxAgeMs;
    if (!tooMany && !tooBig && !tooOld) break;
    retired.push(oldest);
    messages -= oldest.messages;
    bytes -= oldest.bytes;
  }
  return retired;
}
