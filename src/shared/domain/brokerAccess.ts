import { z } from 'zod';

/**
 * Who may use the embedded broker and on which topics, modelled on mosquitto's password and ACL
 * files so the same setup can be exported to mosquitto when a user outgrows the embedded broker.
 */

export const TOPIC_ACCESS = ['read', 'write', 'readwrite'] as const;
export type TopicAccess = (typeof TOPIC_ACCESS)[number];

/** One line of an ACL: a topic filter, where `%u` stands for the username and `%c` for the client id. */
export const aclRuleSchema = z.object({
  access: z.enum(TOPIC_ACCESS),
  pattern: z
    .string()
    .min(1, 'A topic pattern cannot be empty')
    .max(65_535, 'A topic pattern is at most 65,535 bytes')
    .refine((pattern) => !pattern.includes(String.fromCharCode(0)), 'A topic pattern cannot contain the null character')
    .refine((pattern) => pattern.split('/').every((level, index, levels) => level === '#' ? index === levels.length - 1 : !level.includes('#')), "'#' must be the last level on its own")
    .refine((pattern) => pattern.split('/').every((level) => level === '+' || !level.includes('+')), "'+' must be a whole level"),
});
export type AclRule = z.infer<typeof aclRuleSchema>;

export const usernameSchema = z
  .string()
  .min(1, 'A username cannot be empty')
  .max(256, 'A username is at most 256 characters')
  // mosquitto's password file separates name and hash with ':'.
  .refine((name) => !name.includes(':'), "A username cannot contain ':'")
  .refine((name) => ![...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f), 'A username cannot contain control characters');

export const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'An origin is a scheme and host with no path, e.g. http://localhost:3000');

/** A user as stored: never the password itself. */
export const brokerUserSchema = z.object({
  username: usernameSchema,
  /** `scrypt$N$r$p$salt$hash` (base64 salt and hash): what the embedded broker checks. */
  scryptHash: z.string(),
  /** mosquitto's own `$7$` (PBKDF2-SHA512) form of the same password, written by the export. */
  mosquittoHash: z.string(),
  /** Topics this user may use, besides the patterns that apply to everyone. */
  rules: z.array(aclRuleSchema),
});
export type BrokerUser = z.infer<typeof brokerUserSchema>;

export const brokerAccessSchema = z.object({
  /** Clients without a username may connect (mosquitto's `allow_anonymous`). */
  anonymous: z.boolean(),
  /**
   * Off: any client that may connect may use any topic. On: only what a rule allows (the user's
   * rules plus `patterns`), as mosquitto does once it has an ACL file.
   */
  restrictTopics: z.boolean(),
  users: z.array(brokerUserSchema),
  /** Rules for every client (mosquitto's `pattern` lines); `%u` never matches an anonymous client. */
  patterns: z.array(aclRuleSchema),
  /** Web page origins whose scripts may connect over WebSocket. */
  allowedOrigins: z.array(originSchema),
});
export type BrokerAccess = z.infer<typeof brokerAccessSchema>;

export const DEFAULT_BROKER_ACCESS: BrokerAccess = { anonymous: true, restrictTopics: false, users: [], patterns: [], allowedOrigins: [] };

/** What the user edits: a password is given in plain text once, when it is set. */
export const brokerUserInputSchema = z.object({
  username: usernameSchema,
  password: z.string().min(1, 'A password cannot be empty').max(65_535, 'A password is at most 65,535 bytes').optional(),
  rules: z.array(aclRuleSchema).max(1000, 'At most 1,000 rules per user'),
});
export type BrokerUserInput = z.infer<typeof brokerUserInputSchema>;
