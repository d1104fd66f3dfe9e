import { randomUUID } from 'node:crypto';
import type { ConnectionsService, ProfileUpdate, PublishRequest } from '../../shared/contract/connections';
import { UserError } from '../../shared/errors/errors';
import type { ConnectionInfo, SubscribeRequest } from '../../shared/domain/connection';
import type { LiveMessageBatchWire } from '../../shared/domain/liveBatch';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { withoutSubscription, withSubscription, type SavedSubscription } from '../../shared/domain/savedSubscription';
import { Emitter } from '../../shared/event';
import { Coalescer } from '../timing/coalescer';
import { StoreFeed } from './storeFeed';
import { MessageStore } from '../store/messageStore';
import { DEFAULT_STORE_LIMITS, type StoreLimits } from '../../shared/domain/messageStore';
import { Session } from './session';
import type { Inspector } from '../inspector/inspector';
import type { StoredProfile } from '../store/profileStore';
import type { HistoryFolder } from '../store/durable/historyFolder';
import type { ConnectionHistory } from '../store/durable/connectionHistory';
import type { CaptureHistory } from '../store/durable/captureHistory';
import type { CheckReport } from '../../shared/domain/brokerCheck';
import { MAX_PUBLISH_TEMPLATES, withTemplate, type PublishTemplate } from '../../shared/domain/publishTemplate';
import type { ConnectionCapture } from '../inspector/connectionCapture';

type Entry = {
  id: string;
  profile: ConnectionProfile;
  preset?: 'embedded';
  session: Session;
  /** Every message in and out, bounded; the log pages through it. */
  store: MessageStore;
  /** The store on disk, when the app keeps history. */
  history?: ConnectionHistory;
  capture?: ConnectionCapture;
  /** The packet capture on disk, kept apart from the messages. */
  captureHistory?: CaptureHistory;
};

/**
 * The engine's connections service: owns one Session per profile, numbers their messages and
 * batches them for the UI, and announces every change to the list.
 */
export class ConnectionRegistry implements ConnectionsService {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Emitter<ConnectionInfo[]>();
  private readonly messages = new Emitter<LiveMessageBatchWire>();
  private storeLimits: StoreLimits = DEFAULT_STORE_LIMITS;
  private readonly feed = new StoreFeed((batch) => this.messages.fire(batch));

  readonly onDidChangeConnections = this.changed.event;
  readonly onDidReceiveMessages = this.messages.event;

  /** Saves every profile after each change; set once the profile store is ready. */
  private persist: ((profiles: StoredProfile[]) => Promise<void>) | undefined;

  /**
   * Without an inspector, sessions are not tapped (the benchmark's untapped baseline); without a
   * history folder, messages are kept in memory only.
   */
  constructor(
    private readonly inspector?: Inspector,
    private readonly historyFolder?: HistoryFolder,
  ) {}

  /** Recreates saved connections (with their ids), then saves after every change. */
  restore(stored: readonly StoredProfile[], persist: (profiles: StoredProfile[]) => Promise<void>): void {
    for (const { id, profile, preset } of stored) this.add(id, profile, preset);
    this.persist = persist;
    this.announce();
  }

  /** Every profile with its secrets, for the store and for exports. */
  snapshot(): StoredProfile[] {
    return [...this.entries.values()].map(({ id, profile, preset }) => ({ id, profile, ...(preset ? { preset } : {}) }));
  }

  async list(): Promise<ConnectionInfo[]> {
    return [...this.entries.values()].map(toInfo);
  }

  async create(profile: ConnectionProfile, preset?: 'embedded'): Promise<ConnectionInfo> {
    const entry = this.add(randomUUID(), profile, preset);
    this.announce();
    await this.persist?.(this.snapshot());
    return toInfo(entry);
  }

  private add(id: string, profile: ConnectionProfile, preset?: 'embedded'): Entry {
    const store = new MessageStore(this.storeLimits);
    const capture = this.inspector?.attach(id);
    const session = new Session(profile, {
      onSocketOpen: capture && (() => capture.openSocket()),
      onStateChange: () => this.announce(),
      onSubscriptionsChange: () => this.announce(),
      onOutgoingChange: () => this.announceSoon(),
      onMessage: (message) => {
        const seq = store.append(message);
        entry.history?.append(message);
        this.feed.added(id, store, seq);
      },
    });
    const entry: Entry = { id, profile, preset, session, store, ...(capture ? { capture } : {}) };
    this.followHistorySetting(entry);
    this.entries.set(id, entry);
    this.restoreSubscriptions(entry);
    return entry;
  }

  /**
   * Puts the saved subscriptions the session does not have (yet, or any more) back in its list;
   * the session sends them once connected, and again whenever the broker kept no session.
   */
  private restoreSubscriptions(entry: Entry): void {
    const current = new Set(entry.session.subscriptionList.map((sub) => sub.filter));
    for (const saved of entry.profile.subscriptions ?? []) {
      if (current.has(saved.filter)) continue;
      // Not connected, so this only lists it; failures come later, per subscription, in the list.
      void entry.session.subscribe(brokerOptions(saved)).catch(() => undefined);
    }
  }

  async update(id: string, update: ProfileUpdate): Promise<ConnectionInfo> {
    const entry = this.get(id);
    // Secrets left out of an update keep their saved values.
    const passphrase = update.tls ? (update.tls.passphrase ?? entry.profile.tls?.passphrase) : undefined;
    entry.profile = {
      ...update,
      // The connection form does not edit subscriptions: subscribing and unsubscribing do.
      ...(entry.profile.subscriptions ? { subscriptions: entry.profile.subscriptions } : {}),
      // Nor templates: the publish panel saves and deletes those.
      ...(entry.profile.templates ? { templates: entry.profile.templates } : {}),
      password: update.password ?? entry.profile.password,
      ...(update.tls ? { tls: { ...update.tls, ...(passphrase !== undefined ? { passphrase } : {}) } } : {}),
    };
    entry.session.setProfile(entry.profile);
    this.followHistorySetting(entry);
    this.announce();
    await this.persist?.(this.snapshot());
    return toInfo(entry);
  }

  /**
   * Opens the connection's history on disk when it should have one (reading back what it kept),
   * or, when the user turned it off, deletes it: from then on messages are kept in memory only.
   */
  private followHistorySetting(entry: Entry): void {
    const wanted = this.historyFolder !== undefined && entry.profile.history !== false;
    if (wanted && !entry.history) {
      entry.history = this.historyFolder!.open(entry.id, entry.store);
      if (entry.capture) entry.captureHistory = entry.history.capture = this.historyFolder!.openCapture(entry.id, entry.capture);
    } else if (!wanted && entry.history) {
      this.deleteHistory(entry);
      entry.store.describeHistory = undefined;
    }
  }

  /** Stops writing and deletes the connection's folder (messages and packets). */
  private deleteHistory(entry: Entry): void {
    entry.captureHistory?.stop();
    if (entry.capture) entry.capture.history = undefined;
    entry.captureHistory = undefined;
    entry.history?.remove();
    entry.history = undefined;
  }

  async remove(id: string): Promise<void> {
    const entry = this.get(id);
    await entry.session.disconnect();
    this.entries.delete(id);
    this.deleteHistory(entry);
    this.inspector?.detach(id);
    this.inspector?.detach(checkCaptureId(id));
    this.feed.forget(id);
    this.announce();
    await this.persist?.(this.snapshot());
  }

  connect(id: string): Promise<void> {
    const entry = this.get(id);
    // A session that reconnected without resubscribing dropped them; a new connect brings them back.
    if (!entry.session.isActive) this.restoreSubscriptions(entry);
    return entry.session.connect();
  }

  disconnect(id: string): Promise<void> {
    return this.get(id).session.disconnect();
  }

  async subscribe(id: string, request: SavedSubscription): Promise<ConnectionInfo> {
    const entry = this.get(id);
    // Saved first: the session keeps a refused subscription in its list too, until it is removed.
    await this.saveSubscriptions(entry, withSubscription(entry.profile.subscriptions, request));
    await entry.session.subscribe(brokerOptions(request));
    return toInfo(entry);
  }

  async unsubscribe(id: string, filter: string): Promise<ConnectionInfo> {
    const entry = this.get(id);
    const saved = entry.profile.subscriptions?.some((sub) => sub.filter === filter) ?? false;
    if (saved) await this.saveSubscriptions(entry, withoutSubscription(entry.profile.subscriptions, filter));
    // A saved one the session had already dropped (no resubscribe) needs no UNSUBSCRIBE.
    if (!saved || entry.session.subscriptionList.some((sub) => sub.filter === filter)) await entry.session.unsubscribe(filter);
    else this.announce();
    return toInfo(entry);
  }

  async saveTemplate(id: string, template: PublishTemplate): Promise<ConnectionInfo> {
    const entry = this.get(id);
    const templates = withTemplate(entry.profile.templates, template);
    if (templates.length > MAX_PUBLISH_TEMPLATES) throw new UserError('templates.too-many', `A connection keeps at most ${MAX_PUBLISH_TEMPLATES} templates; delete one first`, { max: MAX_PUBLISH_TEMPLATES });
    await this.saveTemplates(entry, templates);
    return toInfo(entry);
  }

  async deleteTemplate(id: string, name: string): Promise<ConnectionInfo> {
    const entry = this.get(id);
    await this.saveTemplates(entry, (entry.profile.templates ?? []).filter((t) => t.name !== name));
    return toInfo(entry);
  }

  private async saveTemplates(entry: Entry, templates: PublishTemplate[]): Promise<void> {
    const { templates: _previous, ...rest } = entry.profile;
    entry.profile = templates.length > 0 ? { ...rest, templates } : rest;
    entry.session.setProfile(entry.profile);
    this.announce();
    await this.persist?.(this.snapshot());
  }

  private async saveSubscriptions(entry: Entry, subscriptions: SavedSubscription[]): Promise<void> {
    const { subscriptions: _previous, ...rest } = entry.profile;
    entry.profile = subscriptions.length > 0 ? { ...rest, subscriptions } : rest;
    entry.session.setProfile(entry.profile);
    await this.persist?.(this.snapshot());
  }

  async payload(id: string, seq: number): Promise<Uint8Array | undefined> {
    return this.get(id).store.payload(seq);
  }

  /** Forgets every kept message of a connection, in memory and on disk. */
  clearMessages(id: string): MessageStore {
    const entry = this.get(id);
    entry.store.clear();
    entry.history?.clear();
    return entry.store;
  }

  /** One connection's message store. */
  store(id: string): MessageStore {
    return this.get(id).store;
  }

  get limits(): StoreLimits {
    return this.storeLimits;
  }

  /** Applies to every connection's store now (dropping what no longer fits) and to new ones. */
  setStoreLimits(limits: StoreLimits): void {
    this.storeLimits = limits;
    if (limits.history) this.historyFolder?.setRetention(limits.history);
    for (const entry of this.entries.values()) {
      entry.store.setLimits(limits);
      if (limits.history) entry.history?.setRetention(limits.history);
    }
  }

  /** Each run gets a fresh capture of its own (the last run's is replaced), beside the connection's. */
  async checkBroker(id: string): Promise<CheckReport> {
    const session = this.get(id).session;
    const captureId = checkCaptureId(id);
    const capture = this.inspector?.attach(captureId);
    const rows = await session.checkBroker(capture && (() => capture.openSocket()));
    return capture ? { rows, captureId } : { rows };
  }

  retainedStill(id: string, topics: string[]): Promise<string[]> {
    return this.get(id).session.retainedStill(topics);
  }

  publish(id: string, request: PublishRequest): Promise<void> {
    return this.get(id).session.publish(request.topic, request.payload, request.qos, request.retain, request.properties);
  }

  /** The ready-made connection to the embedded broker follows the broker's actual port. */
  findPreset(preset: 'embedded'): ConnectionInfo | undefined {
    const entry = [...this.entries.values()].find((e) => e.preset === preset);
    return entry && toInfo(entry);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.session.disconnect()));
    for (const entry of this.entries.values()) {
      entry.history?.close();
      entry.captureHistory?.close();
    }
    this.feed.flushNow();
    this.feed.dispose();
  }

  private get(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new UserError('connection.not-found', 'That connection no longer exists');
    return entry;
  }

  /** For counters that change per publish: one announcement per live batch at most (the feed's pace). */
  private readonly announcements = new Coalescer(
    () => this.changed.fire([...this.entries.values()].map(toInfo)),
    () => this.feed.intervalMs,
  );

  private announceSoon(): void {
    this.announcements.request();
  }

  private announce(): void {
    this.announcements.runNow();
  }
}

/** What the broker is told; colour and alias are only for the UI. */
function brokerOptions({ color: _color, alias: _alias, ...options }: SavedSubscription): SubscribeRequest {
  return options;
}

function toInfo(entry: Entry): ConnectionInfo {
  const { password, tls, ...rest } = entry.profile;
  const publicTls = tls && (({ passphrase: _secret, ...visible }) => visible)(tls);
  return {
    id: entry.id,
    profile: { ...rest, ...(publicTls ? { tls: publicTls } : {}), hasPassword: Boolean(password), hasPassphrase: Boolean(tls?.passphrase) },
    ...(entry.preset ? { preset: entry.preset } : {}),
    state: entry.session.currentState,
    subscriptions: entry.session.subscriptionList,
    outgoing: entry.session.outgoing,
  };
}

/** The inspector capture that holds a connection's last broker check. */
function checkCaptureId(connectionId: string): string {
  return `${connectionId}/check`;
}
