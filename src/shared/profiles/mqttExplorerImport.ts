// MQTT Explorer keeps its connections in settings.json under "ConnectionManager_connections"
// (an object keyed by connection id); its "Export connections" writes that object alone.
// Certificates are embedded as base64 PEM, the protocol is mqtt or ws plus an `encryption`
// flag, and it always connects with MQTT 3.1.1, clean session and MQTT.js's 60 s keepalive.
import { UserError } from '../errors/errors';
import { DEFAULT_PORTS, isTlsTransport, randomClientId, type ConnectionProfile, type Transport } from '../domain/profile';
import { splitBrokerAddress, webSocketPath, withTls } from './brokerAddress';
import { ImportCollector, profileName, type ImportResult } from './importResult';
import { importSubscriptions } from './importSubscriptions';
import { flag, isRecord, numeric, text } from './json';

export const MQTT_EXPLORER_SETTINGS_KEY = 'ConnectionManager_connections';

export type MqttExplorerImportOptions = {
  /** MQTT Explorer picks a random client ID at connect time when none is saved; so do we, once. */
  newClientId?: () => string;
};

const CERTIFICATES = [
  ['selfSignedCertificate', 'CA certificate'],
  ['clientCertificate', 'client certificate'],
  ['clientKey', 'client key'],
] as const;

export function importMqttExplorer(json: unknown, options: MqttExplorerImportOptions = {}): ImportResult {
  const connections = isRecord(json) && MQTT_EXPLORER_SETTINGS_KEY in json ? json[MQTT_EXPLORER_SETTINGS_KEY] : json;
  if (!isRecord(connections)) {
    throw new UserError('import.not-mqtt-explorer', 'This is not an MQTT Explorer settings or connections file: no connections were found in it');
  }
  const collector = new ImportCollector();
  const newClientId = options.newClientId ?? (() => randomClientId());
  Object.entries(connections).forEach(([key, raw], index) => importOne(key, raw, index, collector, newClientId));
  return collector.result;
}

/** MQTT Explorer's own connection shape, for telling its files apart from others. */
export function looksLikeMqttExplorerConnection(value: unknown): boolean {
  return isRecord(value) && typeof value.host === 'string' && ('configVersion' in value || 'encryption' in value || 'certValidation' in value);
}

function importOne(key: string, raw: unknown, index: number, collector: ImportCollector, newClientId: () => string): void {
  const fallbackName = text(key) ?? `MQTT Explorer connection ${index + 1}`;
  if (!isRecord(raw)) {
    collector.skip(fallbackName, 'Not a connection');
    return;
  }
  const name = profileName(text(raw.name), text(raw.host) ?? fallbackName);
  if (raw.type !== undefined && raw.type !== 'mqtt') {
    collector.skip(name, `Connection type "${String(raw.type)}" is not MQTT`);
    return;
  }
  const address = splitBrokerAddress(text(raw.host) ?? '');
  if (!address) {
    collector.skip(name, `Host "${String(raw.host ?? '')}" is not a broker address`);
    return;
  }
  const base = baseTransport(raw.protocol, address.transport);
  if (!base) {
    collector.skip(name, `Protocol "${String(raw.protocol)}" is not supported (QoScope connects over mqtt, mqtts, ws or wss)`);
    return;
  }
  // The first settings format called the TLS switch `tls`; later ones `encryption`.
  const transport = withTls(base, flag(raw.encryption) ?? flag(raw.tls) ?? isTlsTransport(base));
  const webSocket = transport === 'ws' || transport === 'wss';

  const notes: string[] = [];
  const profile: ConnectionProfile = {
    name,
    host: address.host,
    port: numeric(raw.port) ?? address.port ?? DEFAULT_PORTS[transport],
    transport,
    // It connects to ws://host:port/<basePath>, so no base path means the root, not /mqtt.
    path: webSocket ? webSocketPath(text(raw.basePath) ?? address.path, '/') : '/mqtt',
    protocolVersion: 4,
    clientId: text(raw.clientId) ?? newClientId(),
    username: text(raw.username) ?? '',
    clean: true,
    keepalive: 60,
  };
  const password = text(raw.password);
  if (password) profile.password = password;

  if (isTlsTransport(transport)) {
    profile.tls = { caFiles: [], verifyServer: flag(raw.certValidation) ?? true };
    for (const [field, label] of CERTIFICATES) {
      const certificate = embeddedCertificate(raw[field]);
      if (certificate) {
        notes.push(`The ${label}${certificate.name ? ` "${certificate.name}"` : ''} is stored inside MQTT Explorer's settings; save it as a file and choose it under TLS`);
      }
    }
  }

  const subscriptions = importSubscriptions(raw.subscriptions, { v5: false }, notes);
  if (subscriptions) profile.subscriptions = subscriptions;
  collector.accept(name, profile, notes);
}

function baseTransport(protocol: unknown, fromHost: Transport | undefined): Transport | undefined {
  if (protocol === undefined || protocol === null || protocol === '') return fromHost ?? 'mqtt';
  if (typeof protocol !== 'string') return undefined;
  // The oldest settings stored the scheme with its separator, e.g. "tcp://".
  return splitBrokerAddress(`${protocol.replace(/:\/\/$/, '')}://x`)?.transport;
}

function embeddedCertificate(value: unknown): { name?: string } | undefined {
  if (!isRecord(value) || !text(value.data)) return undefined;
  const name = text(value.name);
  return name ? { name } : {};
}
