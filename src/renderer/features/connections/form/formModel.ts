import type { TFunction } from 'i18next';
import type { PublicProfile } from '../../../../shared/domain/connection';
import {
  DEFAULT_PROFILE,
  DEFAULT_RECONNECT,
  randomClientId,
  type ConnectionProfile,
  type ProtocolVersion,
  type Transport,
  type UserProperties,
} from '../../../../shared/domain/profile';

type QoS = 0 | 1 | 2;

/** What the inputs hold: text for numbers and lists, so half-typed values can be shown and explained. */
export type FormValues = {
  name: string;
  transport: Transport;
  host: string;
  port: string;
  path: string;
  protocolVersion: ProtocolVersion;
  clientId: string;
  username: string;
  password: string;
  clean: boolean;
  sessionExpiryInterval: string;
  keepalive: string;
  connectTimeout: string;
  reconnect: boolean;
  reconnectMin: string;
  reconnectMax: string;
  resubscribe: boolean;
  history: boolean;
  willEnabled: boolean;
  willTopic: string;
  willPayload: string;
  willQos: QoS;
  willRetain: boolean;
  willDelay: string;
  willExpiry: string;
  willContentType: string;
  willResponseTopic: string;
  willCorrelationData: string;
  willUserProperties: string;
  caFiles: string;
  certFile: string;
  keyFile: string;
  passphrase: string;
  verifyServer: boolean;
  serverName: string;
  alpn: string;
  receiveMaximum: string;
  maximumPacketSize: string;
  topicAliasMaximum: string;
  requestResponseInformation: boolean;
  requestProblemInformation: boolean;
  userProperties: string;
};

const text = (n: number | undefined) => (n === undefined ? '' : String(n));
const pairsText = (pairs: UserProperties | undefined) => (pairs ?? []).map(([k, v]) => `${k}=${v}`).join('\n');

export function initialValues(existing: (PublicProfile & { hasPassphrase?: boolean }) | Omit<ConnectionProfile, 'clientId'> | undefined): FormValues {
  const p: Omit<ConnectionProfile, 'clientId'> & { clientId?: string } = existing ?? DEFAULT_PROFILE;
  const reconnect = p.reconnect ?? DEFAULT_RECONNECT;
  return {
    name: p.name,
    transport: p.transport,
    host: p.host,
    port: String(p.port),
    path: p.path,
    protocolVersion: p.protocolVersion,
    clientId: p.clientId ?? randomClientId(),
    username: p.username,
    password: '',
    clean: p.clean,
    sessionExpiryInterval: text(p.sessionExpiryInterval),
    keepalive: String(p.keepalive),
    connectTimeout: text(p.connectTimeout),
    reconnect: reconnect.enabled,
    reconnectMin: String(reconnect.minDelay),
    reconnectMax: String(reconnect.maxDelay),
    resubscribe: p.resubscribe ?? true,
    history: p.history ?? true,
    willEnabled: Boolean(p.will),
    willTopic: p.will?.topic ?? '',
    willPayload: p.will?.payload ?? '',
    willQos: p.will?.qos ?? 0,
    willRetain: p.will?.retain ?? false,
    willDelay: text(p.will?.delayInterval),
    willExpiry: text(p.will?.messageExpiryInterval),
    willContentType: p.will?.contentType ?? '',
    willResponseTopic: p.will?.responseTopic ?? '',
    willCorrelationData: p.will?.correlationData ?? '',
    willUserProperties: pairsText(p.will?.userProperties),
    caFiles: (p.tls?.caFiles ?? []).join('\n'),
    certFile: p.tls?.certFile ?? '',
    keyFile: p.tls?.keyFile ?? '',
    passphrase: '',
    verifyServer: p.tls?.verifyServer ?? true,
    serverName: p.tls?.serverName ?? '',
    alpn: (p.tls?.alpn ?? []).join(', '),
    receiveMaximum: text(p.connectProperties?.receiveMaximum),
    maximumPacketSize: text(p.connectProperties?.maximumPacketSize),
    topicAliasMaximum: text(p.connectProperties?.topicAliasMaximum),
    requestResponseInformation: p.connectProperties?.requestResponseInformation ?? false,
    requestProblemInformation: p.connectProperties?.requestProblemInformation ?? true,
    userProperties: pairsText(p.connectProperties?.userProperties),
  };
}

/** Text → number; anything that is not a plain number becomes NaN so the schema explains it. */
const number = (value: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN);
const optionalNumber = (value: string) => (value.trim() === '' ? undefined : number(value));
const lines = (value: string) => value.split('\n').map((line) => line.trim()).filter(Boolean);

/** "name=value" per line; a line without "=" is reported by name so the user can find it. */
export function parseUserProperties(value: string, t: TFunction): { pairs: UserProperties; error?: string } {
  const pairs: UserProperties = [];
  for (const line of lines(value)) {
    const at = line.indexOf('=');
    if (at <= 0) return { pairs, error: t('form.notNameValue', { line }) };
    pairs.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return { pairs };
}

/**
 * The profile the form describes. Secrets left empty while editing mean "keep the saved one",
 * so they are left out rather than sent as empty.
 */
export function toProfile(v: FormValues, keep: { password: boolean; passphrase: boolean }, t: TFunction): { profile: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const isV5 = v.protocolVersion === 5;
  const tlsTransport = v.transport === 'mqtts' || v.transport === 'wss';
  const profile: Record<string, unknown> = {
    name: v.name,
    host: v.host,
    port: number(v.port),
    transport: v.transport,
    path: v.path,
    protocolVersion: v.protocolVersion,
    clientId: v.clientId,
    username: v.username,
    clean: v.clean,
    keepalive: number(v.keepalive),
    resubscribe: v.resubscribe,
    history: v.history,
    reconnect: { enabled: v.reconnect, minDelay: number(v.reconnectMin), maxDelay: number(v.reconnectMax) },
  };
  if (v.password !== '' || !keep.password) profile.password = v.password;
  const timeout = optionalNumber(v.connectTimeout);
  if (timeout !== undefined) profile.connectTimeout = timeout;
  if (isV5) {
    const expiry = optionalNumber(v.sessionExpiryInterval);
    if (expiry !== undefined) profile.sessionExpiryInterval = expiry;
    const userProperties = parseUserProperties(v.userProperties, t);
    if (userProperties.error) errors['connectProperties.userProperties'] = userProperties.error;
    const props: Record<string, unknown> = {
      receiveMaximum: optionalNumber(v.receiveMaximum),
      maximumPacketSize: optionalNumber(v.maximumPacketSize),
      topicAliasMaximum: optionalNumber(v.topicAliasMaximum),
      requestResponseInformation: v.requestResponseInformation || undefined,
      requestProblemInformation: v.requestProblemInformation ? undefined : false,
      userProperties: userProperties.pairs.length ? userProperties.pairs : undefined,
    };
    const present = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
    if (Object.keys(present).length > 0) profile.connectProperties = present;
  }
  if (v.willEnabled) {
    const will: Record<string, unknown> = { topic: v.willTopic, payload: v.willPayload, qos: v.willQos, retain: v.willRetain };
    if (isV5) {
      const delay = optionalNumber(v.willDelay);
      const expiry = optionalNumber(v.willExpiry);
      if (delay !== undefined) will.delayInterval = delay;
      if (expiry !== undefined) will.messageExpiryInterval = expiry;
      if (v.willContentType) will.contentType = v.willContentType;
      if (v.willResponseTopic) will.responseTopic = v.willResponseTopic;
      if (v.willCorrelationData) will.correlationData = v.willCorrelationData;
      const userProperties = parseUserProperties(v.willUserProperties, t);
      if (userProperties.error) errors['will.userProperties'] = userProperties.error;
      if (userProperties.pairs.length) will.userProperties = userProperties.pairs;
    }
    profile.will = will;
  }
  if (tlsTransport) {
    const tls: Record<string, unknown> = { caFiles: lines(v.caFiles), verifyServer: v.verifyServer };
    if (v.certFile.trim()) tls.certFile = v.certFile.trim();
    if (v.keyFile.trim()) tls.keyFile = v.keyFile.trim();
    if (v.passphrase !== '' || !keep.passphrase) {
      if (v.passphrase !== '') tls.passphrase = v.passphrase;
    }
    if (v.serverName.trim()) tls.serverName = v.serverName.trim();
    const alpn = v.alpn.split(',').map((s) => s.trim()).filter(Boolean);
    if (alpn.length) tls.alpn = alpn;
    profile.tls = tls;
  }
  return { profile, errors };
}
