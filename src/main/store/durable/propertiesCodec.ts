import { z } from 'zod';
import type { MessageProperties } from '../../../shared/domain/message';

// MQTT 5 properties are rare and varied, so blocks keep them as JSON; the one binary field
// (correlation data) goes as base64.

const storedProperties = z
  .object({
    payloadFormatIndicator: z.boolean().optional(),
    messageExpiryInterval: z.number().optional(),
    topicAlias: z.number().optional(),
    responseTopic: z.string().optional(),
    correlationData: z.string().optional(),
    userProperties: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    subscriptionIdentifier: z.union([z.number(), z.array(z.number())]).optional(),
    contentType: z.string().optional(),
  })
  .strip();

export function encodeProperties(properties: MessageProperties): unknown {
  const { correlationData, ...rest } = properties;
  return correlationData ? { ...rest, correlationData: Buffer.from(correlationData).toString('base64') } : rest;
}

/** Undefined for anything that is not a properties object this version wrote. */
export function decodeProperties(value: unknown): MessageProperties | undefined {
  const parsed = storedProperties.safeParse(value);
  if (!parsed.success) return undefined;
  const { correlationData, ...rest } = parsed.data;
  const properties: MessageProperties = {};
  for (const [key, field] of Object.entries(rest)) if (field !== undefined) Object.assign(properties, { [key]: field });
  if (correlationData !== undefined) properties.correlationData = new Uint8Array(Buffer.from(correlationData, 'base64'));
  return properties;
}
