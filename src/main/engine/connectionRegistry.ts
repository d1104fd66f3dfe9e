import { randomUUID } from 'node:crypto';
import type { ConnectionsService, ProfileUpdate, PublishRequest, SubscribeRequest } from '../../shared/contract/connections';
import { UserError } from '../../shared/contract/channel';
import type { ConnectionInfo } from '../../shared/domain/connection';
import type { MessageBatch, MessageRecord } from '../../shared/domain/message';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { Emitter } from '../../shared/event';
import { BATCH_INTERVAL_MS, Batcher } from './batcher';
import { Session } from './session';
import type { Inspector } from '../inspector/inspector';

type Entry = {
  id: string;
  profile: ConnectionProfile;
  preset?: 'embedded';
  session: Session;
};

/**
 * The engine's connections service: owns one Session per profile, numbers their messages and
 * batches them for the UI, and announces every change to the list.
 */
export class ConnectionRegistry implements ConnectionsService {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Emitter<ConnectionInfo[]>();
  private readonly messages = new Emitter<MessageBatch>();
  private readonly batcher = new Batcher<MessageRecord>((messages) => this.messages.fire({ messages }));

  readonly onDidChangeConnections = this.changed.event;
  readonly onDidReceiveMessages = this.messages.event;

  /** Without an inspector, sessions are not tapped (the benchmark's untapped baseline). */
  constructor(private readonly inspector?: Inspector) {}

  async list(): Promise<ConnectionInfo[]> {
    return [...this.entries.values()].map(toInfo);
  }

  async create(profile: ConnectionProfile, preset?: 'embedded'): Promise<ConnectionInfo> {
    const id = randomUUID();
    let seq = 0;
    const capture = this.inspector?.attach(id, () => this.entries.get(id)?.profile.protocolVersion ?? profile.protocolVersion);
    const session = new Session(profile, {
      onSocketOpen: capture && (() => capture.openSocket()),
      onStateChange: () => this.announce(),
      onSubscriptionsChange: () => this.announce(),
      onOutgoingChange: () => this.announceSoon(),
      onMessage: (message) => this.batcher.push({ ...message, connectionId: id, seq: ++seq }),
    });
    const entry: Entry = { id, profile, preset, session };
    this.entries.set(id, entry);
    this.announce();
    return toInfo(entry);
  }

  async update(id: string, update: ProfileUpdate): Promise<ConnectionInfo> {
    const entry = this.get(id);
    entry.profile = { ...update, password: update.password ?? entry.profile.password };
    entry.session.setProfile(entry.profile);
    this.announce();
    return toInfo(entry);
  }

  async remove(id: string): Promise<void> {
    const entry = this.get(id);
    await entry.session.disconnect();
    this.entries.delete(id);
    this.inspector?.detach(id);
    this.announce();
  }

  connect(id: string): Promise<void> {
    return this.get(id).session.connect();
  }

  disconnect(id: string): Promise<void> {
    return this.get(id).session.disconnect();
  }

  async subscribe(id: string, request: SubscribeRequest): Promise<ConnectionInfo> {
    const entry = this.get(id);
    await entry.session.subscribe(request);
    return toInfo(entry);
  }

  async unsubscribe(id: string, filter: string): Promise<ConnectionInfo> {
    const entry = this.get(id);
    await entry.session.unsubscribe(filter);
    return toInfo(entry);
  }

  publish(id: string, request: PublishRequest): Promise<void> {
    return this.get(id).session.publish(request.topic, request.payload, request.qos, request.retain);
  }

  /** The ready-made connection to the embedded broker follows the broker's actual port. */
  findPreset(preset: 'embedded'): ConnectionInfo | undefined {
    const entry = [...this.entries.values()].find((e) => e.preset === preset);
    return entry && toInfo(entry);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.session.disconnect()));
    this.batcher.flushNow();
    this.batcher.dispose();
  }

  private get(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new UserError('That connection no longer exists');
    return entry;
  }

  private announceTimer: NodeJS.Timeout | undefined;

  /** For counters that change per publish: one announcement per batching interval at most. */
  private announceSoon(): void {
    if (this.announceTimer) return;
    this.announceTimer = setTimeout(() => this.announce(), BATCH_INTERVAL_MS);
    this.announceTimer.unref();
  }

  private announce(): void {
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    this.changed.fire([...this.entries.values()].map(toInfo));
  }
}

function toInfo(entry: Entry): ConnectionInfo {
  const { password, ...rest } = entry.profile;
  return {
    id: entry.id,
    profile: { ...rest, hasPassword: Boolean(password) },
    ...(entry.preset ? { preset: entry.preset } : {}),
    state: entry.session.currentState,
    subscriptions: entry.session.subscriptionList,
    outgoing: entry.session.outgoing,
  };
}
