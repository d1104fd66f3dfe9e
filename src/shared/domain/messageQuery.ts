import { z } from 'zod';
import { validateTopicFilter } from '../mqtt/topic';

/**
 * Which kept messages a log view shows. Every part is optional; an empty query is every message.
 * - text: found in the topic or the payload bytes, ignoring the case of ASCII letters;
 * - topicFilter: an MQTT filter with true wildcard semantics (`+`, `#`, `$` topics kept out);
 * - direction: only received or only sent messages.
 */
export type MessageQuery = { text?: string; topicFilter?: string; direction?: 'in' | 'out' };

export const messageQuerySchema = z.object({
  text: z.string().max(1_000, 'Search text is limited to 1,000 characters').optional(),
  topicFilter: z
    .string()
    .superRefine((filter, ctx) => {
      const problem = validateTopicFilter(filter);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  direction: z.enum(['in', 'out']).optional(),
});

export function isEmptyQuery(query: MessageQuery): boolean {
  return !query.text && !query.topicFilter && !query.direction;
}
