import type { SavedSubscription } from '../../../shared/domain/savedSubscription';
import type { PayloadFormat } from '../../../shared/payload/codecs/codec';
import { topicMatchesFilter } from '../../../shared/mqtt/topic';

/** The payload format of the first saved subscription whose filter matches the topic, if it chose one. */
export function formatForTopic(saved: readonly SavedSubscription[] | undefined, topic: string): PayloadFormat | undefined {
  return saved?.find((sub) => sub.format && topicMatchesFilter(sub.filter, topic))?.format;
}
