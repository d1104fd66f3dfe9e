/**
 * Shared scaffolding for engine tests: brokers to test against, a ConnectionRegistry wrapped so a
 * test can see everything a user would (every state the list showed, every message the log got),
 * and bounded waits that explain themselves when they run out.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';
import { ConnectionRegistry } from '../../src/main/engine/connectionRegistry';
import type { Inspector } from '../../src/main/inspector/inspector';
import type { ConnectionInfo, ConnectionState, SubscriptionInfo } from '../../src/shared/domain/connection';
import type { MessageRecord } from '../../src/shared/domain/message';
import { liveFromWire } from '../../src/shared/domain/liveBatch';
import { unpackMessages } from '../../src/shared/domain/packedBatch';
import { DEFAULT_PROFILE, randomClientId, type ConnectionProfile } from '../../src/shared/domain/profile';
import { startMosquitto, type MosquittoOptions } from '../support/mosquitto';

/** Long enough for a loaded 2-core machine, short enough that a hang reports before vitest's 20 s. */
export const WAIT_MS = 8_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One running broker, whatever implements it. */
export interface TestBroker {
  readonly name: string;
  readonly port: number;
  readonly wsPort: number;
  /** The path MQTT-over-WebSocket is served at on wsPort. */
  readonly wsPath: string;
  stop(): Promise<void>;
}

export interface BrokerFactory {
  readonly name: string;
  start(): Promise<TestBroker>;
}

export const embeddedBrokerFactory: BrokerFactory = {
  name: 'embedded (Aedes)',
  async start() {
    // Port 0 everywhere: files run in parallel and must never fight over 1883/8083.
    const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0 });
    const status = await broker.start();
    if (status.state !== 'running') throw new Error(`embedded broker did not start: ${JSON.stringify(status)}`);
    return {
      name: this.name,
      port: status.mqttPort,
      wsPort: status.wsPort,
      wsPath: status.wsPath,
      stop: async () => {
        await broker.stop();
      },
    };
  },
};

export function mosquittoFactory(options: MosquittoOptions = {}): BrokerFactory {
  return {
    name: 'mosquitto',
    async start() {
      const broker = await startMosquitto({ websockets: true, ...options });
      if (broker.wsPort === undefined) throw new Error('mosquitto started without its websockets listener');
      return {
        name: this.name,
        port: broker.port,
        wsPort: broker.wsPort,
        // libwebsockets in mosquitto serves MQTT on any path; use the product default to prove it.
        wsPath: '/mqtt',
        stop: () => broker.stop(),
      };
    },
  };
}

/** Both brokers, for behaviour that must not depend on which one the user talks to. */
export const BROKERS: readonly BrokerFactory[] = [embeddedBrokerFactory, mosquittoFactory()];

/** A state as the UI saw it, with when it saw it (so "in the future" can be judged fairly). */
export type SeenState = { state: ConnectionState; seenAt: number };

/** A check that returns the value being waited for, or undefined while it is not there yet. */
export type Probe<T> = () => T | undefined;

/**
 * Poll until `probe` returns something, or fail after `timeoutMs` with `describe()` so the failure
 * shows what was seen instead of just "timed out".
 */
export async function waitFor<T>(probe: Probe<T>, what: string, describe: () => string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\nSeen:\n${describe()}`);
    await sleep(10);
  }
}

export function profileFor(
  port: number,
  overrides: Partial<ConnectionProfile> = {},
): ConnectionProfile {
  return { ...DEFAULT_PROFILE, name: 'engine test', port, clientId: randomClientId(), ...overrides };
}

function showBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex') || '(empty)';
}

export function describeMessage(m: MessageRecord): string {
  return `#${m.seq} ${m.direction} ${m.topic} q${m.qos}${m.retain ? ' r' : ''}${m.dup ? ' dup' : ''} ${showBytes(m.payload)}`;
}

export function describeState(s: ConnectionState): string {
  switch (s.status) {
    case 'connected':
      return `connected sessionPresent=${s.sessionPresent}`;
    case 'connecting':
      return `connecting attempt=${s.attempt}`;
    case 'reconnecting':
      return `reconnecting attempt=${s.attempt} reason="${s.reason}" in ${s.nextAttemptAt - Date.now()} ms`;
    case 'closed':
      return `closed error=${s.error} reason="${s.reason}"`;
    default:
      return s.status;
  }
}

/**
 * A ConnectionRegistry plus everything it told its listeners: the message batches (as the log
 * would get them) and each connection's state history (as the list would show it).
 */
export class EngineHarness {
  readonly registry: ConnectionRegistry;
  /** Every record from every batch, in delivery order. */
  readonly messages: MessageRecord[] = [];
  /** Each batch as delivered, to reason about batching. */
  readonly batches: MessageRecord[][] = [];
  /** Messages the live batches accounted for, as rows or counted. */
  spanned = 0;
  private readonly history = new Map<string, SeenState[]>();
  private readonly latest = new Map<string, ConnectionInfo>();
  private readonly subscriptions: { dispose(): void }[] = [];

  /** With an inspector, every session is tapped as in the app; without, as the untapped baseline. */
  constructor(inspector?: Inspector) {
    this.registry = new ConnectionRegistry(inspector);
    this.subscriptions.push(
      this.registry.onDidReceiveMessages((wire) => {
        // The rows that travelled; at a flood's rate a batch counts the rest (see StoreFeed).
        const live = liveFromWire(wire);
        const messages = unpackMessages(live.rows);
        this.batches.push(messages);
        this.messages.push(...messages);
        for (const span of live.spans) this.spanned += span.end - span.from;
      }),
      this.registry.onDidChangeConnections((list) => {
        const seenAt = Date.now();
        for (const info of list) {
          this.latest.set(info.id, info);
          const states = this.history.get(info.id) ?? [];
          // The list is re-announced for subscription changes too; keep only real state changes.
          if (states.at(-1)?.state !== info.state) states.push({ state: info.state, seenAt });
          this.history.set(info.id, states);
        }
      }),
    );
  }

  async create(profile: ConnectionProfile): Promise<string> {
    const info = await this.registry.create(profile);
    return info.id;
  }

  /** The connection as the UI last saw it. */
  info(id: string): ConnectionInfo {
    const info = this.latest.get(id);
    if (!info) throw new Error(`connection ${id} was never announced`);
    return info;
  }

  state(id: string): ConnectionState {
    return this.info(id).state;
  }

  states(id: string): SeenState[] {
    return this.history.get(id) ?? [];
  }

  received(id: string, topic?: string): MessageRecord[] {
    return this.messages.filter((m) => m.connectionId === id && m.direction === 'in' && (topic === undefined || m.topic === topic));
  }

  sent(id: string, topic?: string): MessageRecord[] {
    return this.messages.filter((m) => m.connectionId === id && m.direction === 'out' && (topic === undefined || m.topic === topic));
  }

  describeMessages(id?: string): string {
    const shown = this.messages.filter((m) => id === undefined || m.connectionId === id);
    if (shown.length === 0) return '  (no messages)';
    const lines = shown.slice(-40).map((m) => `  ${describeMessage(m)}`);
    if (shown.length > 40) lines.unshift(`  ... ${shown.length - 40} earlier`);
    return lines.join('\n');
  }

  describeStates(id: string): string {
    const states = this.states(id);
    return states.length === 0 ? '  (no states)' : states.map((s) => `  ${describeState(s.state)}`).join('\n');
  }

  /** Wait until `probe` finds something in the collected messages. */
  waitForMessages<T>(probe: (messages: readonly MessageRecord[]) => T | undefined, what: string, timeoutMs = WAIT_MS): Promise<T> {
    return waitFor(() => probe(this.messages), what, () => this.describeMessages(), timeoutMs);
  }

  /** Wait for `count` incoming messages on `topic` (exactly that topic) and return them. */
  waitForReceived(id: string, topic: string, count = 1, timeoutMs = WAIT_MS): Promise<MessageRecord[]> {
    return waitFor(
      () => {
        const got = this.received(id, topic);
        return got.length >= count ? got : undefined;
      },
      `${count} incoming message(s) on ${topic}`,
      () => this.describeMessages(id),
      timeoutMs,
    );
  }

  /** Wait until the subscription list shows `filter` as active, as the subscriptions panel would. */
  waitForActiveSubscription(id: string, filter: string, timeoutMs = WAIT_MS): Promise<SubscriptionInfo> {
    return waitFor(
      () => this.latest.get(id)?.subscriptions.find((s) => s.filter === filter && s.status === 'active'),
      `subscription ${filter} to become active`,
      () => JSON.stringify(this.latest.get(id)?.subscriptions ?? []),
      timeoutMs,
    );
  }

  /** Wait until the connection's current state satisfies `predicate`. */
  waitForState<S extends ConnectionState>(
    id: string,
    predicate: (state: ConnectionState) => state is S,
    what: string,
    timeoutMs = WAIT_MS,
  ): Promise<S> {
    return waitFor(
      () => {
        const state = this.latest.get(id)?.state;
        return state && predicate(state) ? state : undefined;
      },
      `state ${what}`,
      () => this.describeStates(id),
      timeoutMs,
    );
  }

  async dispose(): Promise<void> {
    await this.registry.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

// Type guards so waitForState hands back the narrowed state.
export const isConnected = (s: ConnectionState): s is Extract<ConnectionState, { status: 'connected' }> => s.status === 'connected';
export const isReconnecting = (s: ConnectionState): s is Extract<ConnectionState, { status: 'reconnecting' }> => s.status === 'reconnecting';
export const isClosed = (s: ConnectionState): s is Extract<ConnectionState, { status: 'closed' }> => s.status === 'closed';

/** Connect and subscribe in one go, the way most tests start. */
export async function connectAndSubscribe(
  harness: EngineHarness,
  profile: ConnectionProfile,
  filter: string,
  qos: 0 | 1 | 2,
): Promise<string> {
  const id = await harness.create(profile);
  await harness.registry.connect(id);
  await harness.registry.subscribe(id, { filter, qos });
  return id;
}

/** Bytes from a string, as the publish form would produce them. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Let a bounded amount of time pass, for "this must NOT happen" checks. There is no event for a
 * message that never comes, so a fixed window is the only honest way to observe its absence.
 */
export function quietPeriod(ms: number): Promise<void> {
  return sleep(ms);
}

/** Starts something (a broker) once for the file or describe block, and stops it after. */
export function useStarted<T extends { stop(): Promise<void> }>(start: () => Promise<T>, onStarted: (started: T) => void): void {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
    onStarted(started);
  });
  afterAll(async () => {
    await started?.stop();
  });
}

/**
 * A fresh harness (and so fresh connections) for every test, disposed after it. `beforeDispose`
 * and `afterDispose` order a test file's own cleanup around the engine's clean DISCONNECTs.
 */
export function useHarness(
  onHarness: (harness: EngineHarness) => void,
  options: { create?: () => EngineHarness; beforeDispose?: () => Promise<void>; afterDispose?: () => Promise<void> } = {},
): void {
  let harness: EngineHarness | undefined;
  beforeEach(() => {
    harness = options.create?.() ?? new EngineHarness();
    onHarness(harness);
  });
  afterEach(async () => {
    await options.beforeDispose?.();
    await harness?.dispose();
    await options.afterDispose?.();
  });
}

/** The usual lifecycle of an engine test file: one broker for the describe block, a fresh harness for every test. */
export function useBrokerAndHarness(factory: BrokerFactory, onBroker: (broker: TestBroker) => void, onHarness: (harness: EngineHarness) => void): void {
  useStarted(() => factory.start(), onBroker);
  useHarness(onHarness);
}
