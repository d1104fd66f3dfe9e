import type { SavedSubscription } from '../../../shared/domain/savedSubscription';
import { topicMatchesFilter } from '../../../shared/mqtt/topic';

/** Distinct on light and dark backgrounds alike. */
const PALETTE = ['#4d7cfe', '#34c388', '#e8ae4d', '#e0607e', '#9b6cf0', '#2bb5c4', '#d9773b', '#7a9a2e'];

/** The first palette colour no saved subscription uses yet (cycling when all are taken). */
export function nextColour(saved: readonly SavedSubscription[]): string {
  const used = new Set(saved.map((sub) => sub.color));
  return PALETTE.find((colour) => !used.has(colour)) ?? PALETTE[saved.length % PALETTE.length] ?? '#4d7cfe';
}

/** The colour of the first saved subscription whose filter matches the topic, if it has one. */
export function colourForTopic(saved: readonly SavedSubscription[] | undefined, topic: string): string | undefined {
  return saved?.find((sub) => sub.color && topicMatchesFilter(sub.filter, topic))?.color;
}
