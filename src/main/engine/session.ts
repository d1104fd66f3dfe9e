import type { Duplex } from 'node:stream';
import { MqttClient, type IClientOptions, type IClientPublishOptions, type IPublishPacket } from 'mqtt';
import type { ConnectionState, OutgoingFlow, SubscriptionInfo } from '../../shared/domain/connection';
import type { MessageRecord, QoS } from '../../shared/domain/message';
import { DEFAULT_RECONNECT, type ConnectionProfile } from '../../shared/domain/profile';
import { UserError } from '../../shared/errors/errors';
import type { SubscribeRequest } from '../../shared/contract/connections';
import { describeConnackRefusal, describeSubackCode } from '../../shared/mqtt/reasonCodes';
import { brokerViolation } from '../../shared/inspector/protocolChecks';
import { openSocket } from './socketFactory';
import { guardSocket } from './socketGuard';
import type { PacketObserver } from '../wire/wireObservers';
import { closeForViolation } from './closeForViolation';
import { prepareTls, type PreparedTls } from './tls/prepareTls';
import { describeNetworkError } from './networkErrors';
import { toConnackProperties, toMessageProperties, toPublishProperties } from './messageProperties';
import type { PublishProperties } from '../../shared/mqtt/publishProperties';
import { preciseNow } from '../timing/clock';
import { DupOnResendStore } from './dupOnResendStore';

/** Up to this size a plain publish's payload is handed on as a view of the bytes it arrived in. */
const PLAIN_PAYLOAD_VIEW_BYTES = 1024;
import { InFlightWindow } from './inFlightWindow';
import { connectOptions } from './connectOptions';
import { reconnectDelayMs } from './reconnectPolicy';
import { retainedStill } from './retainedProbe';
import { checkBroker } from './brokerCheck';
import type { CheckRow } from '../../shared/domain/brokerCheck';

export type SessionMessage = Omit<MessageRecord, 'connectionId' | 'seq'>;

export interface SessionListener {
  onStateChange(state: ConnectionState): void;
  onSubscriptionsChange(subscriptions: SubscriptionInfo[]): void;
  /** In-flight or queued counts changed; may fire often, so listeners should coalesce. */
  onOutgoingChange?(): void;
  onMessage(message: SessionMessage): void;
  /**
   * False: messages this session publishes are not reported to onMessage. The CLI keeps no log
   * of what it sends, and copying each payload for nobody halved `qoscope pub -l`'s rate.
   */
  reportsSent?: boolean;
  /** A new network connection is being opened; the returned observer sees its packets. */
  onSocketOpen?(): PacketObserver;
}

/** The first retry delay of the default policy (later ones back off). */
export const RECONNECT_PERIOD_MS = reconnectDelayMs(DEFAULT_RECONNECT, 1);

/**
 * One broker connection over MQTT.js. Owns the client, translates its events into the states a
 * user sees, keeps the subscription list (so subscriptions can be added before connecting), and
 * reports every PUBLISH in and out with its raw bytes.
 */
export class Session {
  private client: MqttClient | undefined;
  private state: ConnectionState = { status: 'idle' };
  private readonly subscriptions = new Map<string, SubscriptionInfo>();
  /** What the broker acknowledged in the current broker-side session, by filter. */
  private readonly brokerSubscriptions = new Map<string, { options: string; grantedQos: QoS }>();
  /** Filters removed while offline that a resumed session would still deliver. */
  private readonly pendingUnsubscribes = new Set<string>();
  private attempt = 0;
  private lastError: string | undefined;
  private refused = false;
  /** Why the broker's last packet made us close the current connection, until its close is handled. */
  private violation: string | undefined;
  /** Connections in a row closed over a broker's protocol violation: each doubles the wait before the next. */
  private violationsInARow = 0;
  private lastChunkAt = 0;
  private pendingConnect: { resolve(): void; reject(error: Error): void } | undefined;
  /** Reading the TLS files, before there is a client; disconnect() clears it to cancel. */
  private preparing: Promise<PreparedTls | undefined> | undefined;
  /** What the current client's sockets were opened with, for naming the trust store. */
  private tls: PreparedTls | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** CONNACKs the current MQTT.js client has received: 1 on the user's connect, more on reconnects. */
  private connectsOfClient = 0;
  private readonly window = new InFlightWindow(65_535, () => this.listener.onOutgoingChange?.());

  constructor(
    private profile: ConnectionProfile,
    private readonly listener: SessionListener,
  ) {}

  get currentState(): ConnectionState {
    return this.state;
  }

  get subscriptionList(): SubscriptionInfo[] {
    return [...this.subscriptions.values()];
  }

  get outgoing(): OutgoingFlow {
    return { inFlight: this.window.inFlight, queued: this.window.queued, receiveMaximum: this.window.maximum };
  }

  get isActive(): boolean {
    return this.client !== undefined || this.preparing !== undefined;
  }

  /** A new profile takes effect on the next connect. */
  setProfile(profile: ConnectionProfile): void {
    this.profile = profile;
  }

  connect(): Promise<void> {
    if (this.client || this.preparing) {
      if (this.state.status === 'connected') return Promise.resolve();
      return Promise.reject(new UserError('connection.already-connecting', 'Already connecting; disconnect first to start over'));
    }
    this.attempt = 1;
    this.connectsOfClient = 0;
    this.refused = false;
    this.lastError = undefined;
    this.violation = undefined;
    this.violationsInARow = 0;
    const done = new Promise<void>((resolve, reject) => {
      this.pendingConnect = { resolve, reject };
    });
    this.setState({ status: 'connecting', attempt: this.attempt });
    // MQTT.js builds each socket synchronously, so certificates and keys are read (once per
    // connect) before the client exists. A bad file is the user's to fix: no client, no retry.
    const preparing = prepareTls(this.profile);
    this.preparing = preparing;
    preparing.then(
      (tls) => {
        if (this.preparing !== preparing) return;
        this.preparing = undefined;
        this.tls = tls;
        const client = new MqttClient(() => this.openStream(tls), this.clientOptions());
        this.client = client;
        this.wire(client);
      },
      (error: unknown) => {
        if (this.preparing !== preparing) return;
        this.preparing = undefined;
        const failure = error instanceof UserError ? error : new UserError('connection.refused', error instanceof Error ? error.message : String(error));
        this.setState({ status: 'closed', reason: failure.message, at: Date.now(), error: true });
        this.settleConnect(failure);
      },
    );
    return done;
  }

  async disconnect(): Promise<void> {
    if (this.preparing) {
      this.preparing = undefined;
      this.settleConnect(new UserError('connection.closed-before-answer', 'Disconnected before the broker answered'));
      this.setState({ status: 'closed', reason: 'Disconnected', at: Date.now(), error: false });
      return;
    }
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.settleConnect(new UserError('connection.closed-before-answer', 'Disconnected before the broker answered'));
    this.window.rejectWaiting();
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    this.markSubscriptionsPending();
    this.setState({ status: 'closed', reason: 'Disconnected', at: Date.now(), error: false });
  }

  async subscribe(request: SubscribeRequest): Promise<void> {
    const { filter, qos, retainAsPublished, noLocal, retainHandling } = request;
    const entry: SubscriptionInfo = {
      filter,
      qos,
      status: 'pending',
      ...(retainAsPublished ? { retainAsPublished } : {}),
      ...(noLocal ? { noLocal } : {}),
      ...(retainHandling ? { retainHandling } : {}),
    };
    this.subscriptions.set(filter, entry);
    this.emitSubscriptions();
    if (this.client && this.state.status === 'connected') await this.sendSubscribe(this.client, entry);
  }

  async unsubscribe(filter: string): Promise<void> {
    if (!this.subscriptions.delete(filter)) throw new UserError('subscribe.not-subscribed', `Not subscribed to ${filter}`, { filter });
    const brokerHadIt = this.brokerSubscriptions.delete(filter);
    this.emitSubscriptions();
    if (this.client && this.state.status === 'connected') {
      // Even a subscription still waiting for its SUBACK may exist at the broker by now.
      await this.client.unsubscribeAsync(filter);
    } else if (brokerHadIt) {
      this.pendingUnsubscribes.add(filter);
    }
  }

  /**
   * Not an async function: QoS 0 goes straight to MQTT.js with one promise per message, which is
   * what lets `qoscope pub -l` keep up with a bare MQTT.js loop. Refusals still arrive as a
   * rejected promise, never as a throw.
   */
  publish(topic: string, payload: Uint8Array, qos: QoS, retain: boolean, properties?: PublishProperties): Promise<void> {
    if (!this.client || this.state.status !== 'connected') {
      return Promise.reject(new UserError('connection.not-connected', 'Not connected: connect before publishing'));
    }
    if (properties && this.profile.protocolVersion !== 5) {
      return Promise.reject(new UserError('publish.properties-need-v5', 'MQTT 5 publish properties need an MQTT 5 connection; nothing was sent'));
    }
    const aliasMaximum = this.state.broker?.topicAliasMaximum ?? 0;
    if (properties?.topicAlias !== undefined && properties.topicAlias > aliasMaximum) {
      return Promise.reject(new UserError('publish.topic-alias-too-high', `Topic alias ${properties.topicAlias} is above the broker's maximum of ${aliasMaximum}; nothing was sent`, { alias: properties.topicAlias, maximum: aliasMaximum }));
    }
    const props = properties ? toPublishProperties(properties) : undefined;
    const send = () => this.sendPublish(topic, payload, qos, retain, props);
    return qos === 0 ? send() : this.window.run(send);
  }

  private sendPublish(topic: string, payload: Uint8Array, qos: QoS, retain: boolean, props: ReturnType<typeof toPublishProperties> | undefined): Promise<void> {
    const client = this.client;
    // A queued publish whose connection went away is not handed to MQTT.js, which would
    // store it offline and later send it as a re-delivery it never was.
    if (!client || this.state.status !== 'connected') {
      return Promise.reject(new UserError('publish.connection-closed', 'The connection closed before this message could be sent; it was not sent'));
    }
    if (this.listener.reportsSent !== false) {
      this.listener.onMessage({ direction: 'out', topic, payload: new Uint8Array(payload), qos, retain, dup: false, ...(props ? { properties: props.record } : {}), time: preciseNow() });
    }
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const options: IClientPublishOptions = props ? { qos, retain, properties: props.mqtt } : { qos, retain };
    return new Promise((resolve, reject) => client.publish(topic, bytes, options, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * One network connection. Its bytes are judged and tapped before MQTT.js reads them; a packet
   * that breaks the protocol never reaches MQTT.js, and the connection is closed over it.
   */
  private openStream(tls: PreparedTls | undefined): Duplex {
    const observer = guardSocket(this.profile.protocolVersion, this.listener.onSocketOpen?.(), {
      onChunk: (time) => {
        this.lastChunkAt = time;
      },
      // Called from the stream's reads, so `stream` is assigned by then.
      onViolation: (violation, protocolVersion, no) => {
        if (this.client?.stream === stream) {
          this.violation = brokerViolation(violation, no);
          this.violationsInARow += 1;
        }
        const broker = this.state.status === 'connected' ? this.state.broker : undefined;
        closeForViolation(stream, violation, protocolVersion, broker?.maximumPacketSize);
      },
      onPlainPublish: (publish, bytes, time) => {
        if (this.client?.stream !== stream) return;
        const payload = bytes.subarray(publish.payloadStart);
        this.listener.onMessage({
          direction: 'in',
          topic: publish.topic,
          // Small payloads are copied into the store's columns; a large one is kept as it is, and
          // must not keep the whole receive buffer it was read into alive with it.
          payload: payload.byteLength > PLAIN_PAYLOAD_VIEW_BYTES ? payload.slice() : payload,
          qos: 0,
          retain: publish.retain,
          dup: false,
          time,
        });
      },
    }, { maximumPacketSize: this.profile.protocolVersion === 5 ? this.profile.connectProperties?.maximumPacketSize : undefined });
    const stream = openSocket(this.profile, tls, observer);
    return stream;
  }

  /** What the broker supports and whether it behaves (see checkBroker); needs no connection of ours. */
  async checkBroker(openTap?: () => PacketObserver): Promise<CheckRow[]> {
    return checkBroker(this.profile, this.tls ?? (await prepareTls(this.profile)), openTap ? { openTap } : {});
  }

  /** Which of `topics` the broker still keeps a retained message for (see retainedStill). */
  retainedStill(topics: readonly string[]): Promise<string[]> {
    return retainedStill(this.profile, this.tls, topics);
  }

  private clientOptions(): IClientOptions {
    return {
      ...connectOptions(this.profile),
      // Reconnection is ours (with backoff); MQTT.js only retries at a fixed period.
      reconnectPeriod: 0,
      resubscribe: false,
      outgoingStore: new DupOnResendStore(),
    };
  }

  /** After an unexpected close: retry after the policy's delay, or give up if it is off. */
  private scheduleReconnect(client: MqttClient, reason: string): void {
    const policy = this.profile.reconnect ?? DEFAULT_RECONNECT;
    if (!policy.enabled) {
      this.client = undefined;
      client.end(true);
      this.window.rejectWaiting();
      this.setState({ status: 'closed', reason: `${reason}; automatic reconnect is off`, at: Date.now(), error: true });
      return;
    }
    // A broker that breaks the protocol right after every CONNACK must not be hammered either.
    const delay = reconnectDelayMs(policy, Math.max(this.attempt, this.violationsInARow));
    this.setState({ status: 'reconnecting', attempt: this.attempt + 1, nextAttemptAt: Date.now() + delay, reason });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (client !== this.client) return;
      // Keep the stores: in-flight QoS 1/2 messages are re-sent (with DUP=1) on the new socket.
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delay);
  }

  private wire(client: MqttClient): void {
    client.on('connect', (connack) => {
      if (client !== this.client) return;
      this.lastError = undefined;
      const firstConnect = ++this.connectsOfClient === 1;
      this.attempt = 1;
      const broker = toConnackProperties(connack.properties);
      this.window.setLimit(broker?.receiveMaximum ?? 65_535);
      // A CONNACK over TLS with verification on means the handshake verified the chain.
      const verifiedBy = this.tls?.rejectUnauthorized ? this.tls.trustStore : undefined;
      this.setState({
        status: 'connected',
        sessionPresent: connack.sessionPresent,
        since: Date.now(),
        ...(broker ? { broker } : {}),
        ...(verifiedBy ? { verifiedBy } : {}),
      });
      this.settleConnect();
      // We resubscribe ourselves rather than through MQTT.js so that a resumed session
      // (session present) is not subscribed twice, which would replay retained messages.
      if (!connack.sessionPresent) {
        this.brokerSubscriptions.clear();
        this.pendingUnsubscribes.clear();
        // With resubscribe off, subscriptions the broker forgot are dropped, as the broker did.
        if (this.profile.resubscribe === false && !firstConnect) {
          for (const entry of [...this.subscriptions.values()]) if (entry.grantedQos !== undefined) this.subscriptions.delete(entry.filter);
        }
      }
      for (const filter of this.pendingUnsubscribes) void client.unsubscribeAsync(filter).catch(() => undefined);
      this.pendingUnsubscribes.clear();
      for (const entry of this.subscriptions.values()) {
        const known = this.brokerSubscriptions.get(entry.filter);
        if (known && known.options === subscriptionOptionsKey(entry)) {
          entry.status = 'active';
          entry.grantedQos = known.grantedQos;
        } else {
          // New, or changed while offline: the broker's copy must be replaced.
          void this.sendSubscribe(client, entry).catch(() => undefined);
        }
      }
      this.emitSubscriptions();
    });
    client.on('reconnect', () => {
      if (client !== this.client) return;
      this.attempt += 1;
      this.setState({ status: 'connecting', attempt: this.attempt });
    });
    client.on('error', (error: Error & { code?: number | string }) => {
      if (client !== this.client) return;
      if (typeof error.code === 'number') {
        // CONNACK refusal: MQTT.js stops retrying; so do we, and say why.
        this.refused = true;
        this.lastError = describeConnackRefusal(error.code, this.profile.protocolVersion);
      } else {
        this.lastError = describeNetworkError(error, this.profile, this.tls?.trustStore);
      }
    });
    client.on('close', () => {
      if (client !== this.client) return;
      const reason = this.violation ?? this.lastError ?? `The connection to ${this.profile.host}:${this.profile.port} was closed`;
      this.violation = undefined;
      this.markSubscriptionsPending();
      this.settleConnect(new UserError('connection.refused', reason));
      if (this.refused) {
        this.client = undefined;
        client.end(true);
        this.setState({ status: 'closed', reason, at: Date.now(), error: true });
        return;
      }
      this.scheduleReconnect(client, reason);
    });
    client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
      if (client !== this.client) return;
      this.listener.onMessage({
        direction: 'in',
        topic,
        // Copy: MQTT.js may hand us a view into a larger receive buffer.
        payload: new Uint8Array(payload),
        qos: packet.qos,
        retain: packet.retain,
        dup: packet.dup,
        properties: toMessageProperties(packet.properties),
        time: this.lastChunkAt || preciseNow(),
      });
    });
  }

  private async sendSubscribe(client: MqttClient, entry: SubscriptionInfo): Promise<void> {
    try {
      const options =
        this.profile.protocolVersion === 5
          ? { qos: entry.qos, rap: entry.retainAsPublished ?? false, nl: entry.noLocal ?? false, rh: entry.retainHandling ?? 0 }
          : { qos: entry.qos };
      const granted = await client.subscribeAsync(entry.filter, options);
      const code = granted[0]?.qos ?? 0x80;
      if (this.subscriptions.get(entry.filter) !== entry) {
        // Removed (or replaced) while the SUBSCRIBE was in flight: don't leave it at the broker.
        if (code < 0x80 && !this.subscriptions.has(entry.filter)) await client.unsubscribeAsync(entry.filter);
        return;
      }
      if (code >= 0x80) {
        entry.status = 'failed';
        entry.error = describeSubackCode(code);
      } else {
        entry.status = 'active';
        entry.grantedQos = code as QoS;
        this.brokerSubscriptions.set(entry.filter, { options: subscriptionOptionsKey(entry), grantedQos: code as QoS });
        entry.error = undefined;
      }
    } catch (error) {
      entry.status = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
    }
    this.emitSubscriptions();
    if (entry.status === 'failed') throw new UserError('subscribe.failed', `Subscribe to ${entry.filter} failed: ${entry.error}`, { filter: entry.filter, reason: entry.error ?? '' });
  }

  private markSubscriptionsPending(): void {
    for (const entry of this.subscriptions.values()) entry.status = 'pending';
    this.emitSubscriptions();
  }

  private settleConnect(error?: Error): void {
    const pending = this.pendingConnect;
    this.pendingConnect = undefined;
    if (!pending) return;
    if (error) pending.reject(error);
    else pending.resolve();
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.listener.onStateChange(state);
  }

  private emitSubscriptions(): void {
    this.listener.onSubscriptionsChange(this.subscriptionList);
  }
}

/** Two subscriptions with the same key ask the broker for the same thing. */
function subscriptionOptionsKey(entry: SubscriptionInfo): string {
  return `${entry.qos}|${entry.retainAsPublished ?? false}|${entry.noLocal ?? false}|${entry.retainHandling ?? 0}`;
}
