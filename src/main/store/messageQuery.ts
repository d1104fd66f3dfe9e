import { isEmptyQuery, type MessageQuery } from '../../shared/domain/messageQuery';
import { PACKED_FLAG } from '../../shared/domain/packedBatch';
import { topicMatchesFilter } from '../../shared/mqtt/topic';
import { containsFolded, searchNeedle } from '../../shared/payload/asciiCaseSearch';
import type { MessageStore, Segment } from './messageStore';

export type MessagePredicate = (segment: Segment, index: number) => boolean;

const UNKNOWN = 0;
const YES = 1;
const NO = 2;

/**
 * Turns a query into a test over the store's columns. Topic answers are cached per interned
 * topic id (a firehose repeats topics), so each distinct topic is matched once.
 * Returns undefined for an empty query: every message matches.
 */
export function compileQuery(query: MessageQuery, store: MessageStore): MessagePredicate | undefined {
  if (isEmptyQuery(query)) return undefined;
  const needle = query.text ? searchNeedle(query.text) : undefined;
  const topicText = query.text?.toLowerCase();
  const wantOut = query.direction === undefined ? undefined : query.direction === 'out';
  const filterCache = new TopicCache((topic) => topicMatchesFilter(query.topicFilter!, topic));
  const textCache = new TopicCache((topic) => topic.toLowerCase().includes(topicText!));

  return (segment, index) => {
    if (wantOut !== undefined && ((segment.flags[index]! & PACKED_FLAG.directionOut) !== 0) !== wantOut) return false;
    const topicId = segment.topic[index]!;
    if (query.topicFilter && !filterCache.test(topicId, store.topics)) return false;
    if (needle && !textCache.test(topicId, store.topics) && !containsFolded(segment.payload(index), needle)) return false;
    return true;
  };
}

class TopicCache {
  private answers = new Uint8Array(1024);

  constructor(private readonly compute: (topic: string) => boolean) {}

  test(topicId: number, topics: readonly string[]): boolean {
    if (topicId >= this.answers.length) {
      const grown = new Uint8Array(Math.max(topicId + 1, this.answers.length * 2));
      grown.set(this.answers);
      this.answers = grown;
    }
    let answer = this.answers[topicId];
    if (answer === UNKNOWN) {
      answer = this.compute(topics[topicId]!) ? YES : NO;
      this.answers[topicId] = answer;
    }
    return answer === YES;
  }
}
