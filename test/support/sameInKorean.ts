/**
 * English texts that the Korean resources deliberately keep as they are: proper names, protocol
 * and MQTT 5 property words, format and file-type names, and texts made only of placeholders.
 * Korean MQTT material writes these in Latin letters too. Anything else the same in both
 * languages is an untranslated string.
 */
export const SAME_IN_KOREAN: readonly string[] = [
  'JSON',
  'Base64',
  'CBOR',
  'MessagePack',
  'Protobuf',
  'JSON Lines',
  'CSV',
  'TLS',
  'Receive Maximum',
  'Topic Alias Maximum',
  'QoS {{qos}}',
  'QoS 1',
  'QoS 2',
];
