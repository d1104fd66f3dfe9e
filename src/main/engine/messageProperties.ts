import type { IConnackPacket, IPublishPacket } from 'mqtt';
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
