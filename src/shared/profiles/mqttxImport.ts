// MQTTX (File → Export Data → JSON): one connection object, or an array of them when "all
// connections" is chosen. Field names follow MQTTX's connection model; MQTT 5 CONNECT
// properties sit under `properties` (older exports also repeat them at the top level).
import { UserError } from '../errors/errors';
import {
  DEFAULT_PORTS,
  isTlsTransport,
  type ConnectionProfile,
  type ConnectProperties,
  type ProtocolVersion,
  type TlsOptions,
  transportSchema,
  type Transport,
  type UserProperties,
  type Will,
} from '../domain/profile';
import { utf8DecodeStrict } from '../payload/utf8';
import { splitBrokerAddress, webSocketPath, withTls } from './brokerAddress';
import { ImportCollector, profileName, type ImportResult } from './importResult';
import { importSubscriptions } from './importSubscriptions';
import { flag, isRecord, numeric, text, type JsonRecord } from './json';

const VERSIONS: Record<string, ProtocolVersion> = { '3.1': 3, '3.1.1': 4, '5.0': 5, '5': 5 };

export function importMqttx(json: unknown): ImportResult {
  const list = Array.isArray(json) ? json : isRecord(json) ? [json] : undefined;
  if (!list) throw new UserError('import.not-mqttx', 'This is not an MQTTX export: it holds neither a connection nor a list of connections');
  const collector = new ImportCollector();
  flattenCollections(list).forEach((raw, index) => importOne(raw, index, collector));
  return collector.result;
}

/** Deeper than any folder tree a person makes; a file past it is broken or hostile. */
export const MAX_COLLECTION_DEPTH = 100;

/**
 * MQTTX groups connections in collections (folders); we keep a flat list, in file order. Walked
 * with an explicit stack, not recursion, so no nesting can exhaust the call stack.
 */
function flattenCollections(list: readonly unknown[]): unknown[] {
  const flat: unknown[] = [];
  const stack: { items: readonly unknown[]; next: number }[] = [{ items: list, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.next++];
    if (isRecord(item) && item.isCollection === true && Array.isArray(item.children)) {
      if (stack.length >= MAX_COLLECTION_DEPTH) {
        throw new UserError('import.too-deep', `This MQTTX export has collections nested deeper than ${MAX_COLLECTION_DEPTH} levels; nothing was imported`, { limit: MAX_COLLECTION_DEPTH });
      }
      stack.push({ items: item.children, next: 0 });
    } else {
      flat.push(item);
    }
  }
  return flat;
}

function importOne(raw: unknown, index: number, collector: ImportCollector): void {
  const fallbackName = `MQTTX connection ${index + 1}`;
  if (!isRecord(raw)) {
    collector.skip(fallbackName, 'Not a connection');
    return;
  }
  const name = profileName(text(raw.name), text(raw.host) ?? fallbackName);
  const address = splitBrokerAddress(text(raw.host) ?? '');
  if (!address) {
    collector.skip(name, `Host "${String(raw.host ?? '')}" is not a broker address`);
    return;
  }
  const transport = transportOf(raw, address.transport);
  if (!transport) {
    collector.skip(name, `Protocol "${String(raw.protocol)}" is not supported (QoScope connects over mqtt, mqtts, ws or wss)`);
    return;
  }
  const version = VERSIONS[String(raw.mqttVersion ?? '3.1.1')];
  if (!version) {
    collector.skip(name, `MQTT version "${String(raw.mqttVersion)}" is not supported (3.1, 3.1.1 and 5.0 are)`);
    return;
  }

  const notes: string[] = [];
  const profile: ConnectionProfile = {
    name,
    host: address.host,
    port: numeric(raw.port) ?? address.port ?? DEFAULT_PORTS[transport],
    transport,
    path: webSocketPath(text(raw.path) ?? address.path, '/mqtt'),
    protocolVersion: version,
    clientId: typeof raw.clientId === 'string' ? raw.clientId : '',
    username: typeof raw.username === 'string' ? raw.username : '',
    clean: flag(raw.clean) ?? true,
    keepalive: numeric(raw.keepalive) ?? 60,
  };
  const password = text(raw.password);
  if (password) profile.password = password;
  if (flag(raw.clientIdWithTime)) notes.push('MQTTX added the time to this client ID at every connect; QoScope uses the ID as saved');

  const connectTimeout = numeric(raw.connectTimeout);
  if (connectTimeout !== undefined) {
    if (Number.isInteger(connectTimeout) && connectTimeout >= 1 && connectTimeout <= 600) profile.connectTimeout = connectTimeout;
    else notes.push(`The connect timeout of ${connectTimeout} s was not imported (QoScope allows 1–600 s)`);
  }

  const reconnect = flag(raw.reconnect);
  if (reconnect !== undefined) {
    // MQTTX retries at a fixed period (ms); we back off between two delays, starting at that period.
    const period = Math.min(3600, Math.max(1, Math.round((numeric(raw.reconnectPeriod) ?? 4000) / 1000)));
    profile.reconnect = { enabled: reconnect, minDelay: period, maxDelay: Math.max(period, 30) };
  }

  if (isTlsTransport(transport)) profile.tls = tlsOf(raw, notes);

  const will = isRecord(raw.will) ? willOf(raw.will, version, notes) : undefined;
  if (will) profile.will = will;

  if (version === 5) {
    const properties = isRecord(raw.properties) ? { ...raw, ...raw.properties } : raw;
    const sessionExpiryInterval = numeric(properties.sessionExpiryInterval);
    if (sessionExpiryInterval !== undefined) profile.sessionExpiryInterval = sessionExpiryInterval;
    const connectProperties = connectPropertiesOf(properties, notes);
    if (connectProperties) profile.connectProperties = connectProperties;
  }

  const subscriptions = importSubscriptions(raw.subscriptions, { v5: version === 5 }, notes);
  if (subscriptions) profile.subscriptions = subscriptions;
  collector.accept(name, profile, notes);
}

/**
 * Newer exports name the protocol; older ones only say `ssl` (and may put a scheme in host).
 * Undefined for a protocol we cannot speak (e.g. MQTT over QUIC).
 */
function transportOf(raw: JsonRecord, fromHost: Transport | undefined): Transport | undefined {
  const declared = raw.protocol;
  let base: Transport;
  if (declared === undefined || declared === null || declared === '') {
    base = fromHost ?? 'mqtt';
  } else {
    const parsed = transportSchema.safeParse(declared);
    if (!parsed.success) return undefined;
    base = parsed.data;
  }
  return flag(raw.ssl) ? withTls(base, true) : base;
}

function tlsOf(raw: JsonRecord, notes: string[]): TlsOptions {
  // certType "server" means a CA-signed server certificate (the system trust store); "self"
  // means MQTTX's own CA / client certificate file paths are used.
  const own = raw.certType === 'self';
  const ca = own ? text(raw.ca) : undefined;
  let certFile = own ? text(raw.cert) : undefined;
  let keyFile = own ? text(raw.key) : undefined;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    notes.push('The client certificate was not imported because its certificate or key file is missing');
    certFile = undefined;
    keyFile = undefined;
  }
  return {
    caFiles: ca ? [ca] : [],
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
    verifyServer: flag(raw.rejectUnauthorized) ?? true,
  };
}

function willOf(raw: JsonRecord, version: ProtocolVersion, notes: string[]): Will | undefined {
  const topic = text(raw.lastWillTopic);
  if (!topic) return undefined;
  const qos = numeric(raw.lastWillQos) ?? 0;
  const will: Will = {
    topic,
    payload: typeof raw.lastWillPayload === 'string' ? raw.lastWillPayload : '',
    qos: qos === 1 || qos === 2 ? qos : 0,
    retain: flag(raw.lastWillRetain) ?? false,
  };
  // MQTTX keeps will properties for 3.x connections too, where they are never sent.
  if (version !== 5 || !isRecord(raw.properties)) return will;
  const props = raw.properties;
  // Zero is how MQTTX's form stores "not set" for these intervals.
  const delay = numeric(props.willDelayInterval);
  if (delay) will.delayInterval = delay;
  const expiry = numeric(props.messageExpiryInterval);
  if (expiry) will.messageExpiryInterval = expiry;
  const contentType = text(props.contentType);
  if (contentType) will.contentType = contentType;
  const responseTopic = text(props.responseTopic);
  if (responseTopic) will.responseTopic = responseTopic;
  const correlationData = bytesAsText(props.correlationData);
  if (correlationData) will.correlationData = correlationData;
  else if (props.correlationData) notes.push('The will\'s correlation data was not imported because it is not UTF-8 text');
  const userProperties = userPropertiesOf(props.userProperties);
  if (userProperties) will.userProperties = userProperties;
  if (flag(props.payloadFormatIndicator)) notes.push('The will\'s "payload is UTF-8" flag was not imported');
  return will;
}

function connectPropertiesOf(props: JsonRecord, notes: string[]): ConnectProperties | undefined {
  const result: ConnectProperties = {};
  const receiveMaximum = numeric(props.receiveMaximum);
  if (receiveMaximum !== undefined) result.receiveMaximum = receiveMaximum;
  const maximumPacketSize = numeric(props.maximumPacketSize);
  if (maximumPacketSize !== undefined) result.maximumPacketSize = maximumPacketSize;
  const topicAliasMaximum = numeric(props.topicAliasMaximum);
  if (topicAliasMaximum !== undefined) result.topicAliasMaximum = topicAliasMaximum;
  const requestResponseInformation = flag(props.requestResponseInformation);
  if (requestResponseInformation !== undefined) result.requestResponseInformation = requestResponseInformation;
  const requestProblemInformation = flag(props.requestProblemInformation);
  if (requestProblemInformation !== undefined) result.requestProblemInformation = requestProblemInformation;
  const userProperties = userPropertiesOf(props.userProperties);
  if (userProperties) result.userProperties = userProperties;
  const authenticationMethod = text(props.authenticationMethod);
  if (authenticationMethod) {
    notes.push(`Enhanced authentication ("${authenticationMethod}") was not imported; QoScope does not do MQTT 5 AUTH exchanges`);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** MQTTX keeps user properties as an object whose values are a string or a list of strings. */
function userPropertiesOf(value: unknown): UserProperties | undefined {
  const source = typeof value === 'string' ? parseJson(value) : value;
  if (!isRecord(source)) return undefined;
  const pairs: UserProperties = Object.entries(source).flatMap(([key, entry]) =>
    (Array.isArray(entry) ? entry : [entry]).map((one): [string, string] => [key, String(one)]),
  );
  return pairs.length > 0 ? pairs : undefined;
}

/**
 * Correlation data is a string, or a Node Buffer as JSON ({type: 'Buffer', data: [...]}). We
 * keep it as text, so bytes that are not UTF-8 cannot be carried over.
 */
function bytesAsText(value: unknown): string | undefined {
  if (typeof value === 'string') return text(value);
  if (isRecord(value) && value.type === 'Buffer' && Array.isArray(value.data)) {
    const bytes = value.data.filter((byte): byte is number => Number.isInteger(byte) && byte >= 0 && byte <= 255);
    if (bytes.length === 0 || bytes.length !== value.data.length) return undefined;
    return utf8DecodeStrict(Uint8Array.from(bytes)) ?? undefined;
  }
  return undefined;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
