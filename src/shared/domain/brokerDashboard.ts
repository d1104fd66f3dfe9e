import { z } from 'zod';
import type { BrokerTlsSettings } from './brokerTls';

/** What the embedded broker's dashboard shows; read by polling while the view is open. */

export type BrokerSubscriptionRow = { filter: string; qos: number };

/** A session expiry that never ends (MQTT 5's 0xFFFFFFFF; also a 3.1.1 persistent session). */
export const SESSION_NEVER_EXPIRES = 0xffff_ffff;

export type BrokerClientRow = {
  clientId: string;
  /** `address:port` the client connects from (`WebSocket` listeners included). */
  address: string;
  transport: 'tcp' | 'ws';
  /** `3.1`, `3.1.1` or `5.0`. */
  protocol: string;
  username?: string;
  cleanStart: boolean;
  /** Seconds the session outlives the connection (3.1.1: 0 clean, or "never expires"). */
  sessionExpiry: number;
  keepalive: number;
  /** When it connected (ms since the epoch). */
  since: number;
  messagesIn: number;
  messagesOut: number;
  subscriptions: BrokerSubscriptionRow[];
  /** The inspector capture holding this connection's packets, when the broker captures. */
  captureId?: string;
};

/** A persistent session whose client is not connected, with the messages waiting for it. */
export type BrokerSessionRow = { clientId: string; subscriptions: BrokerSubscriptionRow[]; queued: number };

export const BROKER_EVENT_KINDS = ['connect', 'disconnect', 'refused', 'subscribe', 'unsubscribe', 'will', 'session-expired', 'error'] as const;
export type BrokerEventKind = (typeof BROKER_EVENT_KINDS)[number];
export type BrokerEvent = { seq: number; time: number; kind: BrokerEventKind; clientId?: string; text: string };

export type BrokerStats = {
  uptimeSeconds: number;
  clientsConnected: number;
  /** The most clients connected at once since the broker started. */
  clientsMaximum: number;
  messagesReceived: number;
  messagesSent: number;
  retained: number;
  subscriptions: number;
  sessions: number;
};

export type BrokerDashboard = {
  running: boolean;
  clients: BrokerClientRow[];
  sessions: BrokerSessionRow[];
  /** The newest last; at most EVENT_LOG_SIZE are kept, older ones are counted in `eventsDropped`. */
  events: BrokerEvent[];
  eventsDropped: number;
  stats: BrokerStats;
  /** Saving the state failed (e.g. a full disk): the broker runs on, and says so. */
  problem?: string;
};

export const EVENT_LOG_SIZE = 500;

export type RetainedRow = { topic: string; bytes: number; qos: number; preview: string };
export type RetainedPage = { total: number; matching: number; offset: number; rows: RetainedRow[] };
export type RetainedDetail = RetainedRow & { payload: Uint8Array; properties?: Record<string, unknown> };

export const retainedQuerySchema = z.object({
  /** Part of the topic to look for (plain text, not a filter); empty lists all. */
  search: z.string().max(1000),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
});
export type RetainedQuery = z.infer<typeof retainedQuerySchema>;

/** The broker's settings besides ports, as the UI shows them (no password hashes). */
export type BrokerSettingsView = {
  /** Retained messages, persistent sessions and queues kept across restarts. */
  persist: boolean;
  /** Where they are kept. */
  stateFile?: string;
  /** Every client that connects from now on is captured for the inspector. */
  capture: boolean;
  anonymous: boolean;
  restrictTopics: boolean;
  users: { username: string; rules: { access: 'read' | 'write' | 'readwrite'; pattern: string }[] }[];
  patterns: { access: 'read' | 'write' | 'readwrite'; pattern: string }[];
  allowedOrigins: string[];
  /** Listening on every network interface instead of this machine only (needs authentication). */
  lan: boolean;
  tls: BrokerTlsSettings;
};
