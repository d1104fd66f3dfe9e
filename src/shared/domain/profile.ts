import { z } from 'zod';
import { utf8ByteLength } from '../payload/utf8';
import { validateTopicName } from '../mqtt/topic';

/** What the user configures for one broker connection. */
export const transportSchema = z.enum(['mqtt', 'ws']);
export type Transport = z.infer<typeof transportSchema>;

/** MQTT protocol levels as they appear in CONNECT: 3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0. */
export const protocolVersionSchema = z.union([z.literal(3), z.literal(4), z.literal(5)]);
export type ProtocolVersion = z.infer<typeof protocolVersionSchema>;

const portSchema = z
  .number({ error: 'Port must be a number' })
  .int('Port must be a whole number')
  .min(1, 'Port must be between 1 and 65535')
  .max(65535, 'Port must be between 1 and 65535');

const hostSchema = z
  .string()
  .trim()
  .min(1, 'Host is required')
  .max(253, 'Host is longer than 253 characters')
  .refine((host) => !/[\s/]/.test(host) && !host.includes('://'), {
    message: 'Host is a name or address only, without mqtt:// or a path',
  });

/** Last will: what the broker publishes for us if we vanish without DISCONNECT. */
export const willSchema = z.object({
  topic: z.string().superRefine((topic, ctx) => {
    const problem = validateTopicName(topic);
    if (problem) ctx.addIssue({ code: 'custom', message: `Will topic: ${problem}` });
  }),
  payload: z.string().max(65535, 'Will payload is longer than 65,535 characters'),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  retain: z.boolean(),
});
export type Will = z.infer<typeof willSchema>;

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
    /** Absent when reading a profile back: secrets never travel to the UI. */
    password: z.string().max(65535).optional(),
    clean: z.boolean(),
    keepalive: z
      .number({ error: 'Keepalive must be a number' })
      .int('Keepalive must be a whole number of seconds')
      .min(0, 'Keepalive must be between 0 and 65535 seconds')
      .max(65535, 'Keepalive must be between 0 and 65535 seconds'),
    will: willSchema.optional(),
  })
  .superRefine((profile, ctx) => {
    // [MQTT-3.1.3-7] a zero-byte client ID requires CleanSession=1 in 3.x; v5 lets the broker assign one.
    if (profile.clientId === '' && !profile.clean && profile.protocolVersion !== 5) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientId'],
        message: 'An empty client ID needs clean session on (the broker assigns an ID and keeps no state)',
      });
    }
  });

export type ConnectionProfile = z.infer<typeof profileSchema>;

export const PROFILE_FIELDS = ['name', 'host', 'port', 'transport', 'path', 'protocolVersion', 'clientId', 'username', 'password', 'clean', 'keepalive', 'will'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Field → first error message, for showing inline next to each input. */
export function profileErrors(input: unknown): Partial<Record<ProfileField, string>> {
  const result = profileSchema.safeParse(input);
  if (result.success) return {};
  const errors: Partial<Record<ProfileField, string>> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as ProfileField | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

export function randomClientId(random: () => number = Math.random): string {
  const hex = Array.from({ length: 8 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `qoscope_${hex}`;
}

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
