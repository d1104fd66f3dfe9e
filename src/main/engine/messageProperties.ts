import type { IClientPublishOptions, IConnackPacket, IPublishPacket } from 'mqtt';
import type { PublishProperties, UserProperty } from '../../shared/mqtt/publishProperties';
import type { ConnackProperties } from '../../shared/domain/connection';
import type { MessageProperties } from '../../shared/domain/message';

/** MQTT.js's v5 PUBLISH properties (Buffers, arrays) as plain transport-safe values. */
export function toMessageProperties(properties: IPublishPacket['properties']): MessageProperties | undefined {
  if (!properties) return undefined;
  const out: MessageProperties = {};
  if (properties.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = properties.payloadFormatIndicator;
  if (properties.messageExpiryInterval !== undefined) out.messageExpiryInterval = properties.messageExpiryInterval;
  if (properties.topicAlias !== undefined) out.topicAlias = properties.topicAlias;
  if (properties.responseTopic !== undefined) out.responseTopic = properties.responseTopic;
  if (properties.correlationData !== undefined) out.correlationData = new Uint8Array(properties.correlationData);
  if (properties.userProperties !== undefined) out.userProperties = { ...properties.userProperties };
  if (properties.subscriptionIdentifier !== undefined) out.subscriptionIdentifier = properties.subscriptionIdentifier;
  if (properties.contentType !== undefined) out.contentType = properties.contentType;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** CONNACK properties as plain values; undefined for 3.x brokers and v5 brokers that sent none. */
export function toConnackProperties(properties: IConnackPacket['properties']): ConnackProperties | undefined {
  if (!properties) return undefined;
  const out: ConnackProperties = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    (out as Record<string, unknown>)[key] = Buffer.isBuffer(value) ? value.toString('utf8') : value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Names may repeat in MQTT 5; MQTT.js takes a repeated name as an array of its values, in order. */
function userPropertyRecord(list: readonly UserProperty[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const { name, value } of list) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/** What the user asked to send, in MQTT.js's shape, and as the log records the message going out. */
export function toPublishProperties(properties: PublishProperties): { mqtt: NonNullable<IClientPublishOptions['properties']>; record: MessageProperties } {
  const record: MessageProperties = {};
  if (properties.payloadFormatIndicator !== undefined) record.payloadFormatIndicator = properties.payloadFormatIndicator;
  if (properties.messageExpiryInterval !== undefined) record.messageExpiryInterval = properties.messageExpiryInterval;
  if (properties.topicAlias !== undefined) record.topicAlias = properties.topicAlias;
  if (properties.responseTopic !== undefined) record.responseTopic = properties.responseTopic;
  if (properties.correlationData !== undefined) record.correlationData = new Uint8Array(properties.correlationData);
  if (properties.userProperties !== undefined) record.userProperties = userPropertyRecord(properties.userProperties);
  if (properties.contentType !== undefined) record.contentType = properties.contentType;
  const { correlationData, ...rest } = record;
  const mqtt: NonNullable<IClientPublishOptions['properties']> = { ...rest, ...(correlationData ? { correlationData: Buffer.from(correlationData) } : {}) };
  return { mqtt, record };
}
