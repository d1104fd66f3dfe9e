import type http from 'node:http';
import type https from 'node:https';
import type tls from 'node:tls';
import type net from 'node:net';
import type { Aedes, Client } from 'aedes';
import type { WebSocketServer } from 'ws';
import type { BrokerSettingsPatch } from '../../shared/contract/broker';
import type { BrokerStatus } from '../../shared/domain/broker';
import type { BrokerUserInput } from '../../shared/domain/brokerAccess';
import type { BrokerTlsStatus } from '../../shared/domain/brokerTls';
import type { BrokerDashboard, BrokerSettingsView, RetainedDetail, RetainedPage, RetainedQuery, RetainedRow } from '../../shared/domain/brokerDashboard';
import { UserError } from '../../shared/errors/errors';
import { payloadPreview } from '../../shared/payload/preview';
import { hashPassword } from './access/passwordHash';
import { exportForMosquitto, type MosquittoFiles } from './access/mosquittoExport';
import type { BrokerActivity } from './brokerActivity';
import type { BrokerCapture } from './brokerCapture';
import { DEFAULT_BROKER_SETTINGS, type BrokerSettings } from './brokerSettingsFile';
import type { JournaledPersistence, StoredPacket } from './persistence/journaledPersistence';

/** MQTT and WebSocket over TLS, when the user turned them on. */
export type SecureListeners = { mqtts: tls.Server; https: https.Server; wss: WebSocketServer; status: BrokerTlsStatus };

export type RunningBroker = {
  aedes: Aedes;
  tcp: net.Server;
  http: http.Server;
  wss: WebSocketServer;
  persistence: JournaledPersistence;
  activity: BrokerActivity;
  compactTimer: NodeJS.Timeout | undefined;
  sysTimer: NodeJS.Timeout;
  secure?: SecureListeners;
};

const PREVIEW_CHARS = 120;

/**
 * What the user manages on the embedded broker while it runs: its settings (state kept, capture,
 * LAN, users and topic rules, allowed web origins) and its dashboard (clients, sessions, retained
 * messages, events, statistics). The listeners and the broker's life are EmbeddedBroker's.
 */
export abstract class BrokerAdmin {
  protected settings: BrokerSettings = DEFAULT_BROKER_SETTINGS;
  protected running: RunningBroker | undefined;
  protected capture: BrokerCapture | undefined;
  /** The last problem writing the state journal (a full disk), shown on the dashboard. */
  protected stateProblem: string | undefined;
  /** The certificate the TLS listeners present, for the user to give to devices that verify it. */
  protected tlsCertificatePem: string | undefined;

  protected abstract saveSettings(next: BrokerSettings, options: { restart: boolean }): Promise<void>;
  protected abstract get stateFile(): string | undefined;
  abstract status(): Promise<BrokerStatus>;

  /** Settings chosen before, applied without starting (the app does this when it loads them). */
  adoptSettings(settings: BrokerSettings): void {
    this.settings = settings;
  }

  async settingsView(): Promise<BrokerSettingsView> {
    const { access } = this.settings;
    return {
      persist: this.settings.persist && this.stateFile !== undefined,
      ...(this.stateFile ? { stateFile: this.stateFile } : {}),
      capture: this.settings.capture,
      anonymous: access.anonymous,
      restrictTopics: access.restrictTopics,
      users: access.users.map(({ username, rules }) => ({ username, rules })),
      patterns: access.patterns,
      allowedOrigins: access.allowedOrigins,
      lan: this.settings.lan,
      tls: this.settings.tls,
    };
  }

  /** The PEM certificate a device needs to trust the TLS listeners (undefined until they ran). */
  async tlsCertificate(): Promise<string | undefined> {
    return this.tlsCertificatePem;
  }

  async updateSettings(patch: BrokerSettingsPatch): Promise<BrokerSettingsView> {
    const { persist, capture, lan, tls: tlsSettings, ...accessPatch } = patch;
    const next: BrokerSettings = {
      ...this.settings,
      ...(persist !== undefined ? { persist } : {}),
      ...(tlsSettings !== undefined ? { tls: tlsSettings } : {}),
      ...(capture !== undefined ? { capture } : {}),
      ...(lan !== undefined ? { lan } : {}),
      access: { ...this.settings.access, ...accessPatch },
    };
    if (persist && !this.stateFile) throw new UserError('broker.invalid-setting', 'This broker has no place to keep its state (it was started without a data folder)');
    assertLanIsSafe(next);
    // Where the broker listens, and what it keeps, are decided when it starts.
    const restart = next.lan !== this.settings.lan || next.persist !== this.settings.persist || JSON.stringify(next.tls) !== JSON.stringify(this.settings.tls);
    await this.saveSettings(next, { restart });
    return this.settingsView();
  }

  async saveUser(input: BrokerUserInput): Promise<BrokerSettingsView> {
    const users = this.settings.access.users;
    const existing = users.find((user) => user.username === input.username);
    if (!existing && input.password === undefined) throw new UserError('broker.invalid-setting', `A new user needs a password (${input.username})`, { field: 'password' });
    const hashes = input.password !== undefined ? await hashPassword(input.password) : existing!;
    const user = { username: input.username, scryptHash: hashes.scryptHash, mosquittoHash: hashes.mosquittoHash, rules: input.rules };
    const next = existing ? users.map((candidate) => (candidate === existing ? user : candidate)) : [...users, user];
    await this.saveSettings({ ...this.settings, access: { ...this.settings.access, users: next } }, { restart: false });
    return this.settingsView();
  }

  async removeUser(username: string): Promise<BrokerSettingsView> {
    const next: BrokerSettings = { ...this.settings, access: { ...this.settings.access, users: this.settings.access.users.filter((user) => user.username !== username) } };
    assertLanIsSafe(next);
    await this.saveSettings(next, { restart: false });
    return this.settingsView();
  }

  async exportMosquitto(): Promise<MosquittoFiles> {
    const status = await this.status();
    const ports = status.state === 'running' ? status : { mqttPort: 1883, wsPort: 8083, host: '127.0.0.1' };
    return exportForMosquitto(this.settings.access, { mqttPort: ports.mqttPort, wsPort: ports.wsPort, host: this.settings.lan ? '0.0.0.0' : '127.0.0.1' });
  }

  async dashboard(): Promise<BrokerDashboard> {
    const running = this.running;
    if (!running) {
      return { running: false, clients: [], sessions: [], events: [], eventsDropped: 0, stats: { uptimeSeconds: 0, clientsConnected: 0, clientsMaximum: 0, messagesReceived: 0, messagesSent: 0, retained: 0, subscriptions: 0, sessions: 0 }, ...this.problem() };
    }
    const clients = running.activity.clients();
    const connected = new Set(clients.map((client) => client.clientId));
    const sessions = (await running.persistence.persistentSessions())
      .filter((session) => !connected.has(session.clientId))
      .map((session) => ({ clientId: session.clientId, queued: session.queued, subscriptions: session.subscriptions.map((sub) => ({ filter: sub.topic, qos: sub.qos })) }));
    const { events, dropped } = running.activity.eventLog();
    return {
      running: true,
      clients,
      sessions,
      events,
      eventsDropped: dropped,
      stats: running.activity.stats({ retained: running.persistence.retainedCount(), sessions: sessions.length }, clients),
      ...this.problem(),
    };
  }

  async disconnectClient(clientId: string): Promise<void> {
    const client = this.clientsById()[clientId];
    if (!client) throw new UserError('broker.client-not-found', `${clientId} is not connected`);
    await new Promise<void>((resolve) => client.close(() => resolve()));
  }

  async retained(query: RetainedQuery): Promise<RetainedPage> {
    const persistence = this.running?.persistence;
    if (!persistence) return { total: 0, matching: 0, offset: query.offset, rows: [] };
    // The view asks once a second; with 100,000 retained, sorting them each time would be the
    // engine's main work. The sorted match list is kept until the retained messages or the search change.
    const cached = this.retainedListing;
    const listing =
      cached && cached.persistence === persistence && cached.version === persistence.retainedVersion && cached.search === query.search
        ? cached
        : (this.retainedListing = { persistence, version: persistence.retainedVersion, search: query.search, ...sortedMatches(persistence.retainedMessages(), query.search) });
    return { total: listing.total, matching: listing.matching.length, offset: query.offset, rows: listing.matching.slice(query.offset, query.offset + query.limit).map(retainedRow) };
  }
  private retainedListing: { persistence: JournaledPersistence; version: number; search: string; total: number; matching: StoredPacket[] } | undefined;

  async retainedMessage(topic: string): Promise<RetainedDetail | undefined> {
    const packet = this.running?.persistence.retainedMessage(topic);
    if (!packet) return undefined;
    return { ...retainedRow(packet), payload: new Uint8Array(packet.payload), ...(packet.properties ? { properties: packet.properties } : {}) };
  }

  /** Clears it as a client would: an empty retained message, which subscribers also receive. */
  async deleteRetained(topic: string): Promise<void> {
    const running = this.running;
    if (!running) throw new UserError('broker.not-running', 'The embedded broker is not running');
    await new Promise<void>((resolve, reject) =>
      running.aedes.publish({ cmd: 'publish', topic, payload: Buffer.alloc(0), qos: 0, retain: true, dup: false }, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** mosquitto's `$SYS/broker/...` topics, so tools that read them work with this broker too. */
  protected publishSys(): void {
    const running = this.running;
    if (!running) return;
    const stats = running.activity.stats({ retained: running.persistence.retainedCount(), sessions: 0 });
    const values: Record<string, string | number> = {
      'clients/connected': stats.clientsConnected,
      'clients/maximum': stats.clientsMaximum,
      'messages/received': stats.messagesReceived,
      'messages/sent': stats.messagesSent,
      'retained messages/count': stats.retained,
      'subscriptions/count': stats.subscriptions,
      uptime: `${stats.uptimeSeconds} seconds`,
      version: 'QoScope embedded broker (Aedes)',
    };
    for (const [name, value] of Object.entries(values)) {
      running.aedes.publish({ cmd: 'publish', topic: `$SYS/broker/${name}`, payload: Buffer.from(String(value)), qos: 0, retain: true, dup: false }, () => undefined);
    }
  }

  private clientsById(): Record<string, Client> {
    return (this.running?.aedes as unknown as { clients?: Record<string, Client> } | undefined)?.clients ?? {};
  }

  private problem(): { problem?: string } {
    return this.stateProblem ? { problem: this.stateProblem } : {};
  }
}

/** Listening beyond this machine needs every client to prove who it is. */
function assertLanIsSafe(settings: BrokerSettings): void {
  if (!settings.lan) return;
  if (settings.access.anonymous) throw new UserError('broker.invalid-setting', 'Listening on the network needs anonymous access off: any device on the network could otherwise use the broker', { field: 'lan' });
  if (settings.access.users.length === 0) throw new UserError('broker.invalid-setting', 'Listening on the network needs at least one user to log in with', { field: 'lan' });
}

function sortedMatches(all: StoredPacket[], search: string): { total: number; matching: StoredPacket[] } {
  const needle = search.toLowerCase();
  const matching = needle ? all.filter((packet) => packet.topic.toLowerCase().includes(needle)) : all;
  matching.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  return { total: all.length, matching };
}

function retainedRow(packet: StoredPacket): RetainedRow {
  const preview = payloadPreview(packet.payload, PREVIEW_CHARS);
  return { topic: packet.topic, bytes: packet.payload.length, qos: packet.qos ?? 0, preview: preview.truncated ? `${preview.text}…` : preview.text };
}
