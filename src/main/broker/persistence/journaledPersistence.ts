import { Readable } from 'node:stream';
import MemoryPersistence from 'aedes-persistence/asyncPersistence.js';
import { JournalWriter, readJournal, type JournalRecord } from './stateJournal';

/** What Aedes hands a persistence: a packet, with its broker bookkeeping. */
export type StoredPacket = {
  cmd?: string;
  topic: string;
  payload: Buffer;
  qos?: number;
  retain?: boolean;
  messageId?: number;
  brokerId?: string;
  brokerCounter?: number;
  clientId?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
};
type ClientRef = { id: string; clean?: boolean };
type Subscription = { topic: string; qos: number; [key: string]: unknown };

/** A persistent session as the broker's dashboard lists it. */
export type SessionSummary = { clientId: string; subscriptions: Subscription[]; queued: number };

export type JournalOpenReport = {
  /** Changes read back from the last run. */
  records: number;
  /** Bytes at the end of the journal that were torn or damaged, and dropped. */
  damagedBytes: number;
};

/**
 * Aedes's own in-memory persistence (so matching and queueing stay as fast and as correct as
 * upstream's), with every change also written to a journal on disk and read back on the next start:
 * retained messages, persistent sessions (subscriptions, queued and in-flight QoS 1/2 messages) and
 * wills outlive a restart or a crash.
 *
 * Clean sessions are not written: they end with their connection, so after a crash there is
 * nothing of theirs to bring back. Wills are kept here rather than upstream so that a will left by
 * the last run keeps that run's broker id, which is how the broker knows to publish it.
 */
export class JournaledPersistence extends MemoryPersistence {
  /** Absent when the user keeps nothing across restarts: the mirrors still serve the dashboard. */
  private readonly journal: JournalWriter | undefined;
  /** Mirrors of what a snapshot and the dashboard need to list (upstream keeps its maps private). */
  private readonly retained = new Map<string, StoredPacket>();
  private readonly sessions = new Map<string, Map<string, Subscription>>();
  private readonly incomingIds = new Map<string, Set<number>>();
  private readonly wills = new Map<string, StoredPacket>();
  private replaying = false;
  readonly openReport: JournalOpenReport;

  /** Reads the last run's state back, then starts the journal afresh from it. */
  static async open(file: string | undefined, onProblem: (problem: string | undefined) => void = () => undefined): Promise<JournaledPersistence> {
    const persistence = new JournaledPersistence(file, onProblem);
    // Each run starts from the state alone, so the journal does not grow with every restart;
    // one already about the size of its state (the last run stopped cleanly) is left as it is.
    if (persistence.openReport.damagedBytes > 0 || persistence.openReport.records > 2 * persistence.stateSize() + 1000) await persistence.compactNow();
    return persistence;
  }

  private constructor(file: string | undefined, onProblem: (problem: string | undefined) => void) {
    super();
    const read = file ? readJournal(file) : { records: [], damagedBytes: 0 };
    this.journal = file ? new JournalWriter(file, onProblem) : undefined;
    this.openReport = { records: read.records.length, damagedBytes: read.damagedBytes };
    this.replaying = true;
    try {
      for (const record of read.records) this.replay(record);
    } finally {
      this.replaying = false;
    }
  }

  /** Roughly how many records the state would take (queued messages are not counted). */
  private stateSize(): number {
    return this.retained.size + this.sessions.size + this.wills.size + [...this.incomingIds.values()].reduce((sum, ids) => sum + ids.size, 0);
  }

  /** Bytes the journal holds now. */
  get journalBytes(): number {
    return this.journal?.size ?? 0;
  }

  /** Rewrites the journal as the current state only. Safe while the broker runs. */
  async compactNow(): Promise<void> {
    const journal = this.journal;
    if (!journal) return;
    const snapshot = this.snapshot();
    journal.beginSnapshot();
    journal.replaceWith(await snapshot);
  }

  flush(): void {
    this.journal?.flush();
  }

  override async destroy(): Promise<void> {
    this.journal?.close();
    await super.destroy();
  }

  // ---- what the dashboard reads -------------------------------------------------------------

  retainedMessages(): StoredPacket[] {
    return [...this.retained.values()];
  }

  /** Moves on with every change of the retained messages, so a listing of them can be kept until then. */
  get retainedVersion(): number {
    return this.retainedChanges;
  }
  private retainedChanges = 0;

  retainedMessage(topic: string): StoredPacket | undefined {
    return this.retained.get(topic);
  }

  retainedCount(): number {
    return this.retained.size;
  }

  async persistentSessions(): Promise<SessionSummary[]> {
    const sessions: SessionSummary[] = [];
    for (const [clientId, subscriptions] of this.sessions) {
      sessions.push({ clientId, subscriptions: [...subscriptions.values()], queued: (await this.queueOf(clientId)).length });
    }
    return sessions;
  }

  /** Wills a client left in an earlier run of the broker (crashed or stopped with it connected). */
  willsFromOtherRuns(brokerId: string): StoredPacket[] {
    return [...this.wills.values()].filter((will) => will.brokerId !== brokerId);
  }

  // ---- the persistence API, journaled ------------------------------------------------------

  override async storeRetained(packet: StoredPacket): Promise<void> {
    const done = super.storeRetained(packet);
    if (packet.payload.length === 0) this.retained.delete(packet.topic);
    else this.retained.set(packet.topic, packet);
    this.retainedChanges += 1;
    // The broker's own statistics are retained for readers, but stale after a restart: not kept.
    if (!packet.topic.startsWith('$SYS/')) this.record(retainedRecord(packet));
    return done;
  }

  override async addSubscriptions(client: ClientRef, subs: Subscription[]): Promise<void> {
    const done = super.addSubscriptions(client, subs);
    if (client.clean === true && !this.replaying) return done;
    const stored = this.sessions.get(client.id) ?? new Map<string, Subscription>();
    for (const sub of subs) stored.set(sub.topic, { ...sub });
    this.sessions.set(client.id, stored);
    this.record(['s+', client.id, subs]);
    return done;
  }

  override async removeSubscriptions(client: ClientRef, topics: string[]): Promise<void> {
    const done = super.removeSubscriptions(client, topics);
    const stored = this.sessions.get(client.id);
    if (!stored) return done;
    for (const topic of topics) stored.delete(topic);
    if (stored.size === 0) this.sessions.delete(client.id);
    this.record(['s-', client.id, topics]);
    return done;
  }

  override async cleanSubscriptions(client: ClientRef): Promise<void> {
    const done = super.cleanSubscriptions(client);
    if (!this.sessions.delete(client.id)) return done;
    this.record(['sc', client.id]);
    return done;
  }

  override async outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void> {
    const done = super.outgoingEnqueue(sub, packet);
    this.record(['o+', [sub.clientId], packetData(packet)]);
    return done;
  }

  override async outgoingEnqueueCombi(subs: { clientId: string }[], packet: StoredPacket): Promise<void> {
    const done = super.outgoingEnqueueCombi(subs, packet);
    if (subs.length > 0) this.record(['o+', subs.map((sub) => sub.clientId), packetData(packet)]);
    return done;
  }

  override async outgoingUpdate(client: ClientRef, packet: StoredPacket): Promise<void> {
    const done = super.outgoingUpdate(client, packet);
    if (client.clean !== true) this.record(['ou', client.id, packetData(packet)]);
    return done;
  }

  override async outgoingClearMessageId(client: ClientRef, packet: StoredPacket): Promise<StoredPacket | undefined> {
    const cleared = super.outgoingClearMessageId(client, packet);
    // A clean client's in-flight messages were never written (see outgoingUpdate).
    if (client.clean !== true) this.record(['oc', client.id, packet.messageId]);
    return cleared;
  }

  override async incomingStorePacket(client: ClientRef, packet: StoredPacket): Promise<void> {
    const done = super.incomingStorePacket(client, packet);
    if (client.clean === true && !this.replaying) return done;
    const ids = this.incomingIds.get(client.id) ?? new Set<number>();
    ids.add(packet.messageId ?? 0);
    this.incomingIds.set(client.id, ids);
    this.record(['i+', client.id, packetData(packet)]);
    return done;
  }

  override async incomingDelPacket(client: ClientRef, packet: StoredPacket): Promise<void> {
    const done = super.incomingDelPacket(client, packet);
    const ids = this.incomingIds.get(client.id);
    if (!ids?.delete(packet.messageId ?? 0)) return done;
    if (ids.size === 0) this.incomingIds.delete(client.id);
    this.record(['i-', client.id, packet.messageId]);
    return done;
  }

  override async putWill(client: ClientRef, packet: StoredPacket): Promise<void> {
    packet.brokerId = this.broker.id;
    packet.clientId = client.id;
    this.wills.set(client.id, packet);
    this.record(['w+', packetData(packet)]);
  }

  override async getWill(client: ClientRef): Promise<StoredPacket | undefined> {
    return this.wills.get(client.id);
  }

  override async delWill(client: ClientRef): Promise<StoredPacket | undefined> {
    const will = this.wills.get(client.id);
    if (!will) return undefined;
    this.wills.delete(client.id);
    this.record(['w-', client.id]);
    return will;
  }

  override streamWill(brokers: Record<string, unknown> = {}): Readable {
    return Readable.from([...this.wills.values()].filter((will) => !brokers[will.brokerId ?? '']));
  }

  // ---- journal ------------------------------------------------------------------------------

  private record(record: JournalRecord): void {
    if (!this.replaying) this.journal?.append(record);
  }

  /** Makes a change read from the journal, as the broker made it then. */
  private replay(record: JournalRecord): void {
    const [kind, a, b] = record as [string, unknown, unknown];
    const client = (id: unknown): ClientRef => ({ id: String(id), clean: false });
    // Upstream's methods are async but do their work before their first await: the state is
    // complete when this loop ends. A change that no longer applies (e.g. an acknowledgement of a
    // message the torn tail lost) is skipped rather than ending the read.
    const ignore = () => undefined;
    switch (kind) {
      case 'R': {
        // Positional, as written by retainedRecord: the bulk of a journal, so the cheapest to decode.
        const [, topic, payload, qos, properties, messageExpiry] = record as [string, string, Uint8Array, number, Record<string, unknown> | null, number | null];
        const packet: StoredPacket = { cmd: 'publish', topic, payload: toBuffer(payload), qos, retain: true, dup: false, ...(properties ? { properties } : {}), ...(messageExpiry !== null && messageExpiry !== undefined ? { messageExpiry } : {}) };
        void this.storeRetained(revivePacket(packet)).catch(ignore);
        break;
      }
      case 'r':
        void this.storeRetained(revivePacket(a)).catch(ignore);
        break;
      case 's+':
        void this.addSubscriptions(client(a), b as Subscription[]).catch(ignore);
        break;
      case 's-':
        void this.removeSubscriptions(client(a), b as string[]).catch(ignore);
        break;
      case 'sc':
        void this.cleanSubscriptions(client(a)).catch(ignore);
        break;
      case 'o+': {
        const packet = revivePacket(b);
        void this.outgoingEnqueueCombi((a as unknown[]).map((id) => ({ clientId: String(id) })), packet).catch(ignore);
        break;
      }
      case 'ou':
        void this.outgoingUpdate(client(a), revivePacket(b)).catch(ignore);
        break;
      case 'oc':
        void this.outgoingClearMessageId(client(a), { messageId: Number(b) } as StoredPacket).catch(ignore);
        break;
      case 'i+':
        void this.incomingStorePacket(client(a), revivePacket(b)).catch(ignore);
        break;
      case 'i-':
        void this.incomingDelPacket(client(a), { messageId: Number(b) } as StoredPacket).catch(ignore);
        break;
      case 'w+': {
        const will = revivePacket(a);
        this.wills.set(String(will.clientId), will);
        break;
      }
      case 'w-':
        this.wills.delete(String(a));
        break;
      default:
        // A record from a newer QoScope: skipped, the rest still applies.
        break;
    }
  }

  /** The whole state as journal records. Every read starts in the same tick (see compactNow). */
  private async snapshot(): Promise<JournalRecord[]> {
    const records: JournalRecord[] = [...this.retained.values()].filter((packet) => !packet.topic.startsWith('$SYS/')).map(retainedRecord);
    for (const [clientId, subscriptions] of this.sessions) records.push(['s+', clientId, [...subscriptions.values()]]);
    const queues = [...this.sessions.keys()].map((clientId) => [clientId, this.queueOf(clientId)] as const);
    const incoming = [...this.incomingIds].flatMap(([clientId, ids]) => [...ids].map((messageId) => super.incomingGetPacket({ id: clientId }, { messageId }).then((packet: StoredPacket) => ['i+', clientId, packetData(packet)] as JournalRecord, () => undefined)));
    for (const will of this.wills.values()) records.push(['w+', packetData(will)]);
    for (const [clientId, queue] of queues) {
      for (const packet of await queue) {
        records.push(['o+', [clientId], packetData(packet)]);
        if (packet.messageId !== undefined) records.push(['ou', clientId, packetData(packet)]);
      }
    }
    for (const record of await Promise.all(incoming)) if (record) records.push(record);
    return records;
  }

  /** A client's queue as it is now (upstream copies it when asked, so later changes do not show). */
  private queueOf(clientId: string): Promise<StoredPacket[]> {
    return super.outgoingStream({ id: clientId }).toArray() as Promise<StoredPacket[]>;
  }
}

/**
 * A retained message as a journal record: what it is, positionally, without the broker's
 * bookkeeping (which the next run assigns afresh). 100,000 of them are read back at start.
 */
function retainedRecord(packet: StoredPacket): JournalRecord {
  return ['R', packet.topic, packet.payload, packet.qos ?? 0, packet.properties ?? null, typeof packet.messageExpiry === 'number' ? packet.messageExpiry : null];
}

/** The fields of a packet that make up the message (Aedes also hangs callbacks and state on them). */
const PACKET_FIELDS = ['cmd', 'topic', 'payload', 'qos', 'retain', 'dup', 'messageId', 'brokerId', 'brokerCounter', 'clientId', 'properties', 'messageExpiry', 'nl'] as const;

function packetData(packet: StoredPacket): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of PACKET_FIELDS) if (packet[field] !== undefined) data[field] = packet[field];
  return data;
}

/** msgpack gives back Uint8Array; Aedes and mqtt-packet want Buffers where packets carry bytes. */
function revivePacket(value: unknown): StoredPacket {
  const packet = value as StoredPacket;
  packet.payload = toBuffer(packet.payload);
  const properties = packet.properties;
  if (properties) {
    for (const key of ['correlationData', 'authenticationData']) {
      if (properties[key] instanceof Uint8Array) properties[key] = toBuffer(properties[key]);
    }
  }
  return packet;
}

function toBuffer(bytes: unknown): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (typeof bytes === 'string') return Buffer.from(bytes);
  return Buffer.alloc(0);
}
