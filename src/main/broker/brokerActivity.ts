import type { Aedes, Client } from 'aedes';
import type { BrokerClientRow, BrokerEvent, BrokerEventKind, BrokerStats } from '../../shared/domain/brokerDashboard';
import { EVENT_LOG_SIZE, SESSION_NEVER_EXPIRES } from '../../shared/domain/brokerDashboard';

/** What CONNECT said, kept for the dashboard (Aedes keeps only some of it on the client). */
export type ConnectFacts = { keepalive: number; username?: string; cleanStart: boolean; protocolVersion: number };

type Tracked = { since: number; messagesIn: number; messagesOut: number; facts?: ConnectFacts; captureId?: string };

const PROTOCOLS: Record<number, string> = { 3: '3.1', 4: '3.1.1', 5: '5.0' };

/**
 * Who is connected to the embedded broker and what happened on it: one row per client with its
 * counts, a bounded event log, and the totals the dashboard and `$SYS` show. Fed by Aedes's events;
 * counting a delivery is one increment on the client's own deliver functions.
 */
export class BrokerActivity {
  private readonly tracked = new WeakMap<Client, Tracked>();
  /** What is known about a client before Aedes announces it (CONNECT facts, its capture). */
  private readonly pendingFacts = new WeakMap<Client, ConnectFacts>();
  private readonly pendingCapture = new WeakMap<Client, string>();
  private readonly events: BrokerEvent[] = [];
  private nextSeq = 1;
  private dropped = 0;
  private readonly started = Date.now();
  private maximum = 0;
  messagesReceived = 0;
  messagesSent = 0;

  constructor(private readonly aedes: Aedes) {
    aedes.on('client', (client) => this.connected(client));
    aedes.on('clientDisconnect', (client) => this.log('disconnect', client.id, `${client.id} disconnected`));
    aedes.on('keepaliveTimeout', (client) => this.log('disconnect', client.id, `${client.id} missed its keepalive and was disconnected`));
    aedes.on('clientError', (client, error) => this.log('error', client.id, `${client.id}: ${error.message}`));
    aedes.on('connectionError', (_client, error) => this.log('error', undefined, `A connection failed before CONNECT was accepted: ${error.message}`));
    aedes.on('sessionExpired', (client) => this.log('session-expired', client.id, `The session of ${client.id} expired`));
    aedes.on('subscribe', (subscriptions, client) => {
      if (client) this.log('subscribe', client.id, `${client.id} subscribed to ${subscriptions.map((sub) => `${sub.topic} (QoS ${sub.qos})`).join(', ')}`);
    });
    aedes.on('unsubscribe', (topics, client) => {
      if (client) this.log('unsubscribe', client.id, `${client.id} unsubscribed from ${topics.join(', ')}`);
    });
    aedes.on('publish', (_packet, client) => {
      if (!client) return;
      this.messagesReceived += 1;
      const tracked = this.tracked.get(client);
      if (tracked) tracked.messagesIn += 1;
    });
    // A will is published by the broker for a client that vanished: worth a line of its own.
    const withWills = aedes as unknown as { publishWill(client: Client, will: { topic: string }): void };
    const publishWill = withWills.publishWill.bind(aedes);
    withWills.publishWill = (client, will) => {
      this.log('will', client.id, `The will of ${client.id} was published to ${will.topic}`);
      publishWill(client, will);
    };
  }

  /** Called from the preConnect hook, where the CONNECT packet is still at hand. */
  noteConnect(client: Client, facts: ConnectFacts): void {
    this.pendingFacts.set(client, facts);
  }

  noteCapture(client: Client, captureId: string): void {
    const tracked = this.tracked.get(client);
    if (tracked) tracked.captureId = captureId;
    else this.pendingCapture.set(client, captureId);
  }

  refused(clientId: string, text: string): void {
    this.log('refused', clientId || undefined, text);
  }

  willFromEarlierRun(clientId: string, topic: string): void {
    this.log('will', clientId, `The will of ${clientId}, left connected when the broker last stopped, was published to ${topic}`);
  }

  clients(): BrokerClientRow[] {
    const rows: BrokerClientRow[] = [];
    for (const client of Object.values((this.aedes as unknown as { clients: Record<string, Client> }).clients)) {
      const tracked = this.tracked.get(client);
      if (!tracked) continue;
      const facts = tracked.facts;
      const transport = client.req ? 'ws' : 'tcp';
      rows.push({
        clientId: client.id,
        address: addressOf(client),
        transport,
        protocol: PROTOCOLS[client.version] ?? String(client.version),
        ...(facts?.username !== undefined ? { username: facts.username } : {}),
        cleanStart: facts?.cleanStart ?? client.clean,
        sessionExpiry: Math.min(client.sessionExpiryInterval, SESSION_NEVER_EXPIRES),
        keepalive: facts?.keepalive ?? 0,
        since: tracked.since,
        messagesIn: tracked.messagesIn,
        messagesOut: tracked.messagesOut,
        subscriptions: Object.entries((client as unknown as { subscriptions?: Record<string, unknown> }).subscriptions ?? {}).map(([filter, sub]) => ({ filter, qos: (sub as { qos?: number }).qos ?? 0 })),
        ...(tracked.captureId ? { captureId: tracked.captureId } : {}),
      });
    }
    return rows.sort((a, b) => a.since - b.since);
  }

  eventLog(): { events: BrokerEvent[]; dropped: number } {
    return { events: [...this.events], dropped: this.dropped };
  }

  /** `clients`: this.clients(), when the caller has just listed them (listing reads every client). */
  stats(extra: { retained: number; sessions: number }, clients: BrokerClientRow[] = this.clients()): BrokerStats {
    return {
      uptimeSeconds: Math.floor((Date.now() - this.started) / 1000),
      clientsConnected: clients.length,
      clientsMaximum: this.maximum,
      messagesReceived: this.messagesReceived,
      messagesSent: this.messagesSent,
      retained: extra.retained,
      subscriptions: clients.reduce((sum, client) => sum + client.subscriptions.length, 0),
      sessions: extra.sessions,
    };
  }

  private connected(client: Client): void {
    const facts = this.pendingFacts.get(client);
    const captureId = this.pendingCapture.get(client);
    const tracked: Tracked = { since: Date.now(), messagesIn: 0, messagesOut: 0, ...(facts ? { facts } : {}), ...(captureId ? { captureId } : {}) };
    this.tracked.set(client, tracked);
    this.maximum = Math.max(this.maximum, this.aedes.connectedClients);
    // Every delivery goes through one of these two; counting there costs one increment.
    const counted = client as unknown as { deliver0(packet: unknown, cb: unknown): void; deliverQoS(packet: unknown, cb: unknown): void };
    const deliver0 = counted.deliver0;
    const deliverQoS = counted.deliverQoS;
    counted.deliver0 = (packet, cb) => {
      tracked.messagesOut += 1;
      this.messagesSent += 1;
      deliver0(packet, cb);
    };
    counted.deliverQoS = (packet, cb) => {
      tracked.messagesOut += 1;
      this.messagesSent += 1;
      deliverQoS(packet, cb);
    };
    const protocol = PROTOCOLS[client.version] ?? String(client.version);
    const session = facts?.cleanStart === false ? 'Clean Start off, keeping its session' : 'clean start';
    this.log('connect', client.id, `${client.id} connected from ${addressOf(client)} (MQTT ${protocol}, ${session}${facts?.username ? `, user ${facts.username}` : ''}, keepalive ${facts?.keepalive ?? 0} s)`);
  }

  private log(kind: BrokerEventKind, clientId: string | undefined, text: string): void {
    this.events.push({ seq: this.nextSeq++, time: Date.now(), kind, ...(clientId ? { clientId } : {}), text });
    if (this.events.length > EVENT_LOG_SIZE) {
      this.events.shift();
      this.dropped += 1;
    }
  }
}

function addressOf(client: Client): string {
  const socket = (client.req as { socket?: { remoteAddress?: string; remotePort?: number } } | undefined)?.socket ?? (client.conn as { remoteAddress?: string; remotePort?: number });
  const address = socket?.remoteAddress ?? 'unknown';
  return `${address.includes(':') ? `[${address}]` : address}:${socket?.remotePort ?? '?'}`;
}
