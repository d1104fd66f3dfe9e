import type { IClientOptions } from 'mqtt';
import type { ConnectionProfile, UserProperties } from '../../shared/domain/profile';

/** Without a profile setting: long enough for a slow broker, short enough to say something. */
export const DEFAULT_CONNECT_TIMEOUT_S = 10;

/** A profile as MQTT.js's CONNECT options (transport, stores and reconnection are the session's). */
export function connectOptions(p: ConnectionProfile): IClientOptions {
  const options: IClientOptions = {
    clientId: p.clientId,
    username: p.username || undefined,
    password: p.password || undefined,
    clean: p.clean,
    keepalive: p.keepalive,
    protocolVersion: p.protocolVersion,
    // MQTT 3.1 names its protocol MQIsdp; 3.1.1 and 5.0 name it MQTT.
    protocolId: p.protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
    connectTimeout: (p.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_S) * 1000,
  };
  if (p.protocolVersion === 5) {
    const c = p.connectProperties;
    const properties: NonNullable<IClientOptions['properties']> = {};
    if (p.sessionExpiryInterval !== undefined) properties.sessionExpiryInterval = p.sessionExpiryInterval;
    if (c?.receiveMaximum !== undefined) properties.receiveMaximum = c.receiveMaximum;
    if (c?.maximumPacketSize !== undefined) properties.maximumPacketSize = c.maximumPacketSize;
    if (c?.topicAliasMaximum !== undefined) properties.topicAliasMaximum = c.topicAliasMaximum;
    if (c?.requestResponseInformation !== undefined) properties.requestResponseInformation = c.requestResponseInformation;
    if (c?.requestProblemInformation !== undefined) properties.requestProblemInformation = c.requestProblemInformation;
    if (c?.userProperties?.length) properties.userProperties = toUserProperties(c.userProperties);
    if (Object.keys(properties).length > 0) options.properties = properties;
  }
  if (p.will) {
    const w = p.will;
    const will: NonNullable<IClientOptions['will']> = { topic: w.topic, payload: Buffer.from(w.payload), qos: w.qos, retain: w.retain };
    if (p.protocolVersion === 5) {
      const properties: NonNullable<typeof will.properties> = {};
      if (w.delayInterval !== undefined) properties.willDelayInterval = w.delayInterval;
      if (w.messageExpiryInterval !== undefined) properties.messageExpiryInterval = w.messageExpiryInterval;
      if (w.contentType) properties.contentType = w.contentType;
      if (w.responseTopic) properties.responseTopic = w.responseTopic;
      if (w.correlationData) properties.correlationData = Buffer.from(w.correlationData);
      if (w.userProperties?.length) properties.userProperties = toUserProperties(w.userProperties);
      if (Object.keys(properties).length > 0) will.properties = properties;
    }
    options.will = will;
  }
  return options;
}

/** MQTT.js wants a record; a name given more than once becomes an array, order kept. */
function toUserProperties(pairs: UserProperties): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const existing = record[name];
    record[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return record;
}
