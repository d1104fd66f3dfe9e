import type { MessageProperties } from './message';
import { utf8DecodeStrict } from '../payload/utf8';
import { toHex } from '../payload/codecs/hexCodec';

export type PropertyRow = { name: string; value: string };

/**
 * A PUBLISH's MQTT 5 properties by their names in the specification (§3.3.2.3), in its order;
 * user properties are left to their own table.
 */
export function messagePropertyRows(properties: MessageProperties | undefined): PropertyRow[] {
  if (!properties) return [];
  const rows: PropertyRow[] = [];
  const add = (name: string, value: string | undefined) => value !== undefined && rows.push({ name, value });
  const indicator = properties.payloadFormatIndicator;
  add('Payload Format Indicator', indicator === undefined ? undefined : indicator ? '1 · UTF-8 text' : '0 · unspecified bytes');
  add('Message Expiry Interval', properties.messageExpiryInterval === undefined ? undefined : `${properties.messageExpiryInterval} s`);
  add('Topic Alias', properties.topicAlias?.toString());
  add('Response Topic', properties.responseTopic);
  const correlation = properties.correlationData;
  add('Correlation Data', correlation && (utf8DecodeStrict(correlation) ?? `hex ${toHex(correlation)}`));
  const ids = properties.subscriptionIdentifier;
  add('Subscription Identifier', ids === undefined ? undefined : [ids].flat().join(', '));
  add('Content Type', properties.contentType);
  return rows;
}

/** User properties as name/value pairs in the order received; a repeated name gives one row per value. */
export function userPropertyRows(properties: MessageProperties | undefined): PropertyRow[] {
  const rows: PropertyRow[] = [];
  for (const [name, value] of Object.entries(properties?.userProperties ?? {})) {
    for (const one of [value].flat()) rows.push({ name, value: one });
  }
  return rows;
}
