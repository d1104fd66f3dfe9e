import { z } from 'zod';
import { validateTopicName } from '../mqtt/topic';
import { PAYLOAD_FORMATS } from '../payload/codecs/codec';

/** Enough for the messages a user keeps at hand; the cap keeps a broken import small. */
export const MAX_PUBLISH_TEMPLATES = 100;

/**
 * A message the user keeps to send again, saved with its connection: the payload as typed (with
 * any `{{seq}}`/`{{timestamp}}`/`{{uuid}}` left to fill at send time) and how it is encoded.
 */
export const publishTemplateSchema = z.object({
  name: z.string().trim().min(1, 'Give the template a name').max(100, 'Name is longer than 100 characters'),
  topic: z.string().superRefine((topic, ctx) => {
    const problem = validateTopicName(topic);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  payload: z.string().max(1024 * 1024, 'A template keeps at most 1 MB of payload'),
  format: z.enum([...PAYLOAD_FORMATS, 'protobuf']),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  retain: z.boolean(),
});
export type PublishTemplate = z.infer<typeof publishTemplateSchema>;

export const publishTemplatesSchema = z
  .array(publishTemplateSchema)
  .max(MAX_PUBLISH_TEMPLATES, `A connection keeps at most ${MAX_PUBLISH_TEMPLATES} templates`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((template, index) => {
      if (seen.has(template.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `Template "${template.name}" is listed twice` });
      seen.add(template.name);
    });
  });

/** The list with `template` added, or in place of the one with its name. */
export function withTemplate(list: readonly PublishTemplate[] | undefined, template: PublishTemplate): PublishTemplate[] {
  const current = list ?? [];
  const at = current.findIndex((t) => t.name === template.name);
  return at < 0 ? [...current, template] : current.map((t, i) => (i === at ? template : t));
}
