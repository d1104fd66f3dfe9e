import { z } from 'zod';
import { validateTopicName } from './topic';
import { utf8ByteLength, utf8Encode } from '../payload/utf8';

/** One MQTT 5 user property; a list, because names may repeat and their order is kept on the wire. */
export type UserProperty = { name: string; value: string };

/** MQTT 5 PUBLISH properties a user can set, already checked and in wire types. */
export type PublishProperties = {
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: UserProperty[];
  /** Seconds. */
  messageExpiryInterval?: number;
  /** True: the payload is UTF-8 text. */
  payloadFormatIndicator?: boolean;
  topicAlias?: number;
};

/** A UTF-8 string property is limited by its 2-byte length prefix [MQTT-1.5.4]. */
const MAX_STRING_BYTES = 65_535;
const mqttString = (what: string) =>
  z.string().refine((text) => utf8ByteLength(text) <= MAX_STRING_BYTES, `${what} is longer than 65,535 bytes`).refine((text) => !text.includes('\u0000'), `${what} must not contain the NUL character`);

export const publishPropertiesSchema = z
  .object({
    contentType: mqttString('Content type').optional(),
    responseTopic: z
      .string()
      .superRefine((topic, ctx) => {
        const problem = validateTopicName(topic);
        if (problem) ctx.addIssue({ code: 'custom', message: `Response topic: ${problem}` });
      })
      .optional(),
    correlationData: z.instanceof(Uint8Array).refine((bytes) => bytes.length <= 65_535, 'Correlation data is longer than 65,535 bytes').optional(),
    userProperties: z.array(z.object({ name: mqttString('A user property name').refine((n) => n !== '', 'A user property needs a name'), value: mqttString('A user property value') })).max(1_000).optional(),
    messageExpiryInterval: z.number().int('Message expiry is whole seconds').min(0).max(4_294_967_295).optional(),
    payloadFormatIndicator: z.boolean().optional(),
    topicAlias: z.number().int('Topic alias is a whole number').min(1, 'Topic alias is 1 or more').max(65_535).optional(),
  })
  .strict();

/** The properties form as typed: every field a string, correlation data as text or hex. */
export type PublishPropertiesDraft = {
  contentType: string;
  responseTopic: string;
  correlationData: string;
  correlationFormat: 'text' | 'hex';
  userProperties: UserProperty[];
  messageExpiry: string;
  payloadFormatIndicator: boolean;
  topicAlias: string;
};

export const EMPTY_PROPERTIES_DRAFT: PublishPropertiesDraft = {
  contentType: '',
  responseTopic: '',
  correlationData: '',
  correlationFormat: 'text',
  userProperties: [],
  messageExpiry: '',
  payloadFormatIndicator: false,
  topicAlias: '',
};

export type PropertyField = 'contentType' | 'responseTopic' | 'correlationData' | 'userProperties' | 'messageExpiry' | 'topicAlias';

/** Checks what was typed: the properties to send, or a reason per field (nothing is sent then). */
export function parsePublishProperties(
  draft: PublishPropertiesDraft,
  topicAliasMaximum = 65_535,
): { ok: true; value: PublishProperties | undefined } | { ok: false; errors: Partial<Record<PropertyField, string>> } {
  const errors: Partial<Record<PropertyField, string>> = {};
  const out: PublishProperties = {};
  if (draft.contentType !== '') out.contentType = draft.contentType;
  if (draft.responseTopic !== '') {
    const problem = validateTopicName(draft.responseTopic);
    if (problem) errors.responseTopic = problem;
    else out.responseTopic = draft.responseTopic;
  }
  if (draft.correlationData !== '') {
    const bytes = draft.correlationFormat === 'hex' ? parseHex(draft.correlationData) : utf8Encode(draft.correlationData);
    if (typeof bytes === 'string') errors.correlationData = bytes;
    else out.correlationData = bytes;
  }
  const rows = draft.userProperties.filter((row) => row.name !== '' || row.value !== '');
  const unnamed = rows.findIndex((row) => row.name === '');
  if (unnamed >= 0) errors.userProperties = `User property ${unnamed + 1} needs a name`;
  else if (rows.length > 0) out.userProperties = rows.map((row) => ({ ...row }));
  if (draft.messageExpiry.trim() !== '') {
    const seconds = wholeNumber(draft.messageExpiry);
    if (seconds === undefined || seconds > 4_294_967_295) errors.messageExpiry = 'Message expiry is whole seconds, 0 to 4294967295';
    else out.messageExpiryInterval = seconds;
  }
  if (draft.payloadFormatIndicator) out.payloadFormatIndicator = true;
  if (draft.topicAlias.trim() !== '') {
    const alias = wholeNumber(draft.topicAlias);
    if (topicAliasMaximum < 1) errors.topicAlias = 'This broker accepts no topic aliases (its CONNACK allowed 0)';
    else if (alias === undefined || alias < 1 || alias > topicAliasMaximum) errors.topicAlias = `Topic alias is a whole number from 1 to ${topicAliasMaximum} (the broker's maximum)`;
    else out.topicAlias = alias;
  }
  // Whatever the form let through must also pass the contract's own check.
  const checked = publishPropertiesSchema.safeParse(out);
  if (!checked.success && Object.keys(errors).length === 0) {
    const issue = checked.error.issues[0];
    const field = (issue?.path[0] === 'messageExpiryInterval' ? 'messageExpiry' : issue?.path[0]) as PropertyField | undefined;
    errors[field ?? 'contentType'] = issue?.message ?? 'Invalid property';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: Object.keys(out).length > 0 ? out : undefined };
}

function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** Hex digits with optional spaces; a reason naming the position when it is not. */
function parseHex(text: string): Uint8Array | string {
  const digits = text.replace(/\s+/g, '');
  const bad = digits.search(/[^0-9a-fA-F]/);
  if (bad >= 0) return `Not hex: "${digits[bad]}" at character ${bad + 1}`;
  if (digits.length % 2 !== 0) return 'Hex needs an even number of digits (two per byte)';
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
