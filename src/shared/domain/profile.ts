import { z } from 'zod';
import { utf8ByteLength } from '../payload/utf8';
import { validateTopicName } from '../mqtt/topic';
import { savedSubscriptionsSchema } from './savedSubscription';
import { publishTemplatesSchema } from './publishTemplate';

/** How the bytes travel: TCP, TLS, WebSocket, WebSocket over TLS. */
export const transportSchema = z.enum(['mqtt', 'mqtts', 'ws', 'wss']);
export type Transport = z.infer<typeof transportSchema>;

export const isTlsTransport = (transport: Transport) => transport === 'mqtts' || transport === 'wss';
export const isWebSocketTransport = (transport: Transport) => transport === 'ws' || transport === 'wss';

/** MQTT protocol levels as they appear in CONNECT: 3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0. */
export const protocolVersionSchema = z.union([z.literal(3), z.literal(4), z.literal(5)]);
export type ProtocolVersion = z.infer<typeof protocolVersionSchema>;

const qosSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** Ports and the like read best without separators; big limits (4,294,967,295) need them. */
const show = (n: number) => (n >= 100_000 ? n.toLocaleString('en-US') : String(n));

const wholeNumber = (label: string, min: number, max: number, unit = '') => {
  const range = `${label} must be between ${show(min)} and ${show(max)}${unit ? ` ${unit}` : ''}`;
  return z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number${unit ? ` of ${unit}` : ''}`)
    .min(min, range)
    .max(max, range);
};

const portSchema = wholeNumber('Port', 1, 65535);

const hostSchema = z
  .string()
  .trim()
  .min(1, 'Host is required')
  .max(253, 'Host is longer than 253 characters')
  .refine((host) => !/[\s/]/.test(host) && !host.includes('://'), {
    message: 'Host is a name or address only, without mqtt:// or a path',
  });

const topicNameSchema = (label: string) =>
  z.string().superRefine((topic, ctx) => {
    const problem = validateTopicName(topic);
    if (problem) ctx.addIssue({ code: 'custom', message: `${label}: ${problem}` });
  });

/** MQTT 5 user properties: ordered name/value pairs; a name may repeat. */
export const userPropertiesSchema = z.array(z.tuple([z.string().min(1, 'User property name is required'), z.string()])).max(100);
export type UserProperties = z.infer<typeof userPropertiesSchema>;

/** Last will: what the broker publishes for us if we vanish without DISCONNECT. */
export const willSchema = z.object({
  topic: topicNameSchema('Will topic'),
  payload: z.string().max(65535, 'Will payload is longer than 65,535 characters'),
  qos: qosSchema,
  retain: z.boolean(),
  /** MQTT 5 will properties (§3.1.3.2). */
  delayInterval: wholeNumber('Will delay', 0, 4_294_967_295, 'seconds').optional(),
  messageExpiryInterval: wholeNumber('Will message expiry', 0, 4_294_967_295, 'seconds').optional(),
  contentType: z.string().max(65535).optional(),
  responseTopic: topicNameSchema('Will response topic').optional(),
  correlationData: z.string().max(65535).optional(),
  userProperties: userPropertiesSchema.optional(),
});
export type Will = z.infer<typeof willSchema>;

/** TLS for mqtts and wss. File paths are read by the engine, which checks them before saving. */
export const tlsSchema = z.object({
  /** PEM files of the CAs to trust; empty means the system trust store. */
  caFiles: z.array(z.string().min(1)).max(20),
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
  /** Secret: never sent back to the UI, encrypted at rest. */
  passphrase: z.string().max(4096).optional(),
  /** On by default; turning it off is shown as a warning wherever the connection appears. */
  verifyServer: z.boolean(),
  /** SNI server name, when it differs from the host. */
  serverName: z.string().max(253).optional(),
  /** ALPN protocol names, e.g. "mqtt" (AWS IoT on port 443). */
  alpn: z.array(z.string().min(1).max(255)).max(10).optional(),
});
export type TlsOptions = z.infer<typeof tlsSchema>;

/** MQTT 5 CONNECT properties (§3.1.2.11) beyond session expiry. */
export const connectPropertiesSchema = z.object({
  receiveMaximum: wholeNumber('Receive Maximum', 1, 65535).optional(),
  maximumPacketSize: wholeNumber('Maximum packet size', 1, 268_435_460, 'bytes').optional(),
  topicAliasMaximum: wholeNumber('Topic Alias Maximum', 0, 65535).optional(),
  requestResponseInformation: z.boolean().optional(),
  requestProblemInformation: z.boolean().optional(),
  userProperties: userPropertiesSchema.optional(),
});
export type ConnectProperties = z.infer<typeof connectPropertiesSchema>;

/** Automatic reconnection with exponential backoff between the two delays. */
export const reconnectSchema = z
  .object({
    enabled: z.boolean(),
    minDelay: wholeNumber('Minimum reconnect delay', 1, 3600, 'seconds'),
    maxDelay: wholeNumber('Maximum reconnect delay', 1, 86_400, 'seconds'),
  })
  .refine((r) => r.maxDelay >= r.minDelay, { message: 'Maximum reconnect delay must not be below the minimum', path: ['maxDelay'] });
export type ReconnectPolicy = z.infer<typeof reconnectSchema>;

export const profileSchema = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100, 'Name is longer than 100 characters'),
    host: hostSchema,
    port: portSchema,
    transport: transportSchema,
    /** WebSocket path; brokers commonly serve MQTT over WebSocket at /mqtt. */
    path: z.string().startsWith('/', 'Path must start with /').max(1024),
    protocolVersion: protocolVersionSchema,
    clientId: z
      .string()
      .refine((id) => utf8ByteLength(id) <= 65535, 'Client ID is longer than 65,535 bytes')
      .refine((id) => !id.includes('\u0000'), 'Client ID must not contain the NUL character'),
    username: z.string().max(65535),
    /** Secret: absent when reading a profile back; never sent to the UI, encrypted at rest. */
    password: z.string().max(65535).optional(),
    /** Clean session (3.x) or clean start (5.0). */
    clean: z.boolean(),
    /** MQTT 5: seconds the broker keeps the session after we disconnect (0 = not at all). */
    sessionExpiryInterval: wholeNumber('Session expiry', 0, 4_294_967_295, 'seconds').optional(),
    keepalive: wholeNumber('Keepalive', 0, 65535, 'seconds'),
    connectTimeout: wholeNumber('Connect timeout', 1, 600, 'seconds').optional(),
    reconnect: reconnectSchema.optional(),
    /** Subscribe again after reconnecting when the broker kept no session (default on). */
    resubscribe: z.boolean().optional(),
    /** Keep this connection's messages on disk across restarts (default on); off: in memory only. */
    history: z.boolean().optional(),
    will: willSchema.optional(),
    tls: tlsSchema.optional(),
    connectProperties: connectPropertiesSchema.optional(),
    /** Subscribed again on every connect; files saved before this field existed simply have none. */
    subscriptions: savedSubscriptionsSchema.optional(),
    /** Messages kept to send again from the publish panel. */
    templates: publishTemplatesSchema.optional(),
  })
  .superRefine((profile, ctx) => {
    // [MQTT-3.1.3-7] a zero-byte client ID requires CleanSession=1. MQTT 5 would let the broker
    // assign one, but every reconnect would then ask for a new ID, so no session could be resumed.
    if (profile.clientId === '' && !profile.clean) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientId'],
        message:
          profile.protocolVersion === 5
            ? 'An empty client ID needs clean start on: the broker assigns a new ID each time, so there is no session to resume'
            : 'An empty client ID needs clean session on (the broker assigns an ID and keeps no state)',
      });
    }
    if (profile.tls && (profile.tls.certFile ? !profile.tls.keyFile : Boolean(profile.tls.keyFile))) {
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'A client certificate needs its private key, and a key its certificate' });
    }
  });

export type ConnectionProfile = z.infer<typeof profileSchema>;

/** The fields that are secrets: never returned to the UI, never written in clear. */
export type ProfileSecrets = { password?: string; passphrase?: string };

export const PROFILE_FIELDS = [
  'name',
  'host',
  'port',
  'transport',
  'path',
  'protocolVersion',
  'clientId',
  'username',
  'password',
  'clean',
  'sessionExpiryInterval',
  'keepalive',
  'connectTimeout',
  'reconnect',
  'resubscribe',
  'history',
  'will',
  'tls',
  'connectProperties',
  'subscriptions',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Field path ("port", "will.topic", "tls.caFiles") → first error message, for inline display. */
export function profileErrors(input: unknown): Record<string, string> {
  const result = profileSchema.safeParse(input);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.filter((part) => typeof part === 'string' || typeof part === 'number').join('.');
    if (path && !errors[path]) errors[path] = issue.message;
  }
  return errors;
}

export function randomClientId(random: () => number = Math.random): string {
  const hex = Array.from({ length: 8 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `qoscope_${hex}`;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { enabled: true, minDelay: 1, maxDelay: 30 };

export const DEFAULT_PROFILE: Omit<ConnectionProfile, 'clientId'> = {
  name: 'New connection',
  host: '127.0.0.1',
  port: 1883,
  transport: 'mqtt',
  path: '/mqtt',
  protocolVersion: 5,
  username: '',
  clean: true,
  keepalive: 60,
};

/** The usual port for each transport, for when the user switches transport. */
export const DEFAULT_PORTS: Record<Transport, number> = { mqtt: 1883, mqtts: 8883, ws: 8083, wss: 8084 };
