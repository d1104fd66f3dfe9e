import { z } from 'zod';
import { validateTopicFilter } from '../mqtt/topic';
import { PAYLOAD_FORMATS } from '../payload/codecs/codec';

/** Most connections need a handful; the cap keeps a broken import from flooding the broker. */
export const MAX_SAVED_SUBSCRIPTIONS = 200;

/** A colour as `#rrggbb`, what an `<input type="color">` gives and MQTTX stores. */
export const subscriptionColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Colour must be written as #rrggbb')
  .transform((colour) => colour.toLowerCase());

/**
 * A subscription kept with its connection and made again on connect: the filter and options
 * the broker sees, plus a colour and a display name that only the UI uses.
 */
export const savedSubscriptionSchema = z.object({
  filter: z.string().superRefine((filter, ctx) => {
    const problem = validateTopicFilter(filter);
    if (problem) ctx.addIssue({ code: 'custom', message: `Topic filter "${filter}": ${problem}` });
  }),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  /** MQTT 5: don't deliver our own publishes back to us. */
  noLocal: z.boolean().optional(),
  /** MQTT 5: keep the publisher's RETAIN flag. */
  retainAsPublished: z.boolean().optional(),
  /** MQTT 5: 0 send retained on subscribe, 1 only if the subscription is new, 2 never. */
  retainHandling: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  color: subscriptionColorSchema.optional(),
  alias: z.string().trim().max(100, 'Alias is longer than 100 characters').optional(),
  /** How the log and the details read this subscription's payloads; absent: text when UTF-8, else hex. */
  format: z.enum(PAYLOAD_FORMATS).optional(),
});
export type SavedSubscription = z.infer<typeof savedSubscriptionSchema>;

export const savedSubscriptionsSchema = z
  .array(savedSubscriptionSchema)
  .max(MAX_SAVED_SUBSCRIPTIONS, `A connection keeps at most ${MAX_SAVED_SUBSCRIPTIONS} subscriptions`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((sub, index) => {
      if (seen.has(sub.filter)) ctx.addIssue({ code: 'custom', path: [index, 'filter'], message: `Topic filter "${sub.filter}" is listed twice` });
      seen.add(sub.filter);
    });
  });

/** The list with `sub` added, or replacing the one with the same filter (in its place). */
export function withSubscription(list: readonly SavedSubscription[] | undefined, sub: SavedSubscription): SavedSubscription[] {
  const current = list ?? [];
  const index = current.findIndex((other) => other.filter === sub.filter);
  if (index < 0) return [...current, sub];
  return current.map((other, i) => (i === index ? sub : other));
}

export function withoutSubscription(list: readonly SavedSubscription[] | undefined, filter: string): SavedSubscription[] {
  return (list ?? []).filter((other) => other.filter !== filter);
}
