/**
 * A browser-mode page that stops reading its WebSocket (a frozen or closed tab) under a flood:
 * the engine must keep reading the broker at full speed into its store, skip live batches for
 * that page only (its buffer stays bounded instead of holding the flood), keep feeding a page
 * that still reads, and the frozen page must catch up from the store with every message once it
 * reads again. Real parts throughout: Debian mosquitto, mosquitto_pub, MQTT.js in the engine,
 * `ws` clients as the pages, and the renderer's own MessageFeed doing the catch-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { QoScopeApp } from '../../src/main/app';
import { RPC_PATH, startBrowserModeServer, type BrowserModeServer } from '../../src/main/transport/browserModeServer';
import { CONGESTED_BYTES } from '../../src/main/transport/congestion';
import { MessageFeed } from '../../src/renderer/services/messageFeed';
import type { Channel, Disposable } from '../../src/shared/contract/channel';
import { messagesService } from '../../src/shared/contract/messages';
import { createServiceClient } from '../../src/shared/contract/service';
import type { ClientFrame, ServerFrame } from '../../src/shared/contract/wire';
import type { ConnectionInfo } from '../../src/shared/domain/connection';
import { liveFromWire } from '../../src/shared/domain/liveBatch';
import { packedRecord } from '../../src/shared/domain/packedBatch';
import { liveRows, type MessageRows } from '../../src/renderer/services/messageRows';
import { DEFAULT_PROFILE, randomClientId } from '../../src/shared/domain/profile';
import { waitFor } from '../engine/harness';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { connectClient } from '../support/mqttClient';

/**
 * A live batch carries each connection's last 500 rows and each topic's last row, with their
 * payload previews, and only counts the rest; during a flood it goes 4 times a second. Spread over
 * FLOOD_TOPICS topics at 1 KB a payload, each batch is ~4.5 MB, so a page that stops reading
 * passes CONGESTED_BYTES within the flood's first batches, well before it ends, even after the
 * sockets' kernel buffers take their share, and however fast the machine publishes.
 */
const FLOOD_COUNT = 150_000;
const PAYLOAD_BYTES = 1_000;
const FLOOD_TOPICS = 4_000;

/** The i-th payload: its number, padded to exactly PAYLOAD_BYTES, so every message is accounted for. */
function floodLine(i: number): string {
  return String(i).padStart(8, '0').padEnd(PAYLOAD_BYTES, '.');
}

/** Publishes FLOOD_COUNT QoS 0 messages in order from one MQTT.js client, round-robin over FLOOD_TOPICS topics. */
async function flood(port: number): Promise<void> {
  const client = await connectClient(`mqtt://127.0.0.1:${port}`);
  try {
    const CHUNK = 1_000;
    for (let from = 0; from < FLOOD_COUNT; from += CHUNK) {
      await Promise.all(Array.from({ length: Math.min(CHUNK, FLOOD_COUNT - from) }, (_, k) => client.publishAsync(`flood/backpressure/${(from + k) % FLOOD_TOPICS}`, floodLine(from + k), { qos: 0 })));
    }
  } finally {
    await client.endAsync();
  }
}

class Tally {
  private readonly seen = new Uint8Array(FLOOD_COUNT);
  received = 0;
  duplicates = 0;

  add(messages: MessageRows, connectionId: string): void {
    if (messages.connectionId !== connectionId) return;
    // The store numbers the flood 1…FLOOD_COUNT in arrival order; a row's payload says which it is.
    for (const i of messages.rows) {
      const message = packedRecord(messages.batch, i);
      expect(Number(new TextDecoder().decode(message.payload.subarray(0, 8)))).toBe(message.seq - 1);
    }
    for (let seq = messages.from; seq < messages.end; seq += 1) {
      if (this.seen[seq - 1]) this.duplicates += 1;
      this.seen[seq - 1] = 1;
      this.received += 1;
    }
  }

  get summary() {
    const lost = this.seen.reduce((missing, got) => missing + (got ? 0 : 1), 0);
    return { received: this.received, lost, duplicates: this.duplicates };
  }
}

/** A page as the browser-mode UI is one: calls and listens over msgpack frames on /rpc. */
class Page implements Channel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<number, (payload: unknown) => void>();
  /** The largest frame the engine sent: at most one batch when it is a message batch. */
  largestFrame = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.largestFrame = Math.max(this.largestFrame, data.byteLength);
      const frame = decode(data) as ServerFrame;
      if (frame.t === 'event') {
        this.listeners.get(frame.id)?.(frame.payload);
        return;
      }
      const waiting = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      if (frame.ok) waiting?.resolve(frame.value);
      else waiting?.reject(new Error(`${frame.error.name}: ${frame.error.message}`));
    });
  }

  static async open(server: BrowserModeServer): Promise<Page> {
    const printed = new URL(server.url);
    // The socket lives under the printed URL's path, which carries the token.
    const socket = new WebSocket(`ws://${printed.host}${printed.pathname}${RPC_PATH.slice(1)}`, { origin: printed.origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Page(socket);
  }

  call(service: string, method: string, args: readonly unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const done = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ t: 'call', id, service, method, args: [...args] });
    return done;
  }

  listen(service: string, event: string, listener: (payload: unknown) => void): Disposable {
    const id = this.nextId++;
    this.listeners.set(id, listener);
    this.send({ t: 'listen', id, service, event });
    return { dispose: () => this.send({ t: 'dispose', id }) };
  }

  private send(frame: ClientFrame): void {
    this.socket.send(encode(frame));
  }
}

let mosquitto: RunningMosquitto;
let dataDir: string;
let app: QoScopeApp;
let server: BrowserModeServer;
let pages: Page[] = [];

beforeEach(async () => {
  // The harness configures `max_queued_messages 0`: mosquitto queues a paused subscriber's flood
  // without limit, so whatever the engine does not read is held there, not dropped.
  mosquitto = await startMosquitto({ websockets: true });
  dataDir = await mkdtemp(join(tmpdir(), 'qoscope-backpressure-'));
  // Not started: no embedded broker and no keychain probe, only the engine and its wiring.
  app = new QoScopeApp({ dataDir, broker: { autoStart: false, mqttPort: 0, wsPort: 0 } });
  server = await startBrowserModeServer({ rendererRoot: dataDir, host: app.host, messageExports: app.connections, port: 0 });
});

afterEach(async () => {
  for (const page of pages) page.socket.terminate();
  pages = [];
  await server.close();
  await app.dispose();
  await mosquitto.stop();
  await rm(dataDir, { recursive: true, force: true });
});

// Over WebSocket the engine reads through a stream MQTT.js pipes, not the socket: check both.
it.each(['mqtt', 'ws'] as const)('%s: keeps reading while a page is frozen, skips only its live batches, and the page catches up with every message', async (transport) => {
  const frozen = await Page.open(server);
  const awake = await Page.open(server);
  pages = [frozen, awake];
  let connectionId = '';
  // The frozen page runs the renderer's own feed; the awake one counts exactly what arrives live.
  const caughtUp = new Tally();
  const feed = new MessageFeed(createServiceClient(frozen, messagesService), (rows) => caughtUp.add(rows, connectionId));
  frozen.listen('connections', 'onDidReceiveMessages', (payload) => feed.receive(payload));
  const live = new Tally();
  awake.listen('connections', 'onDidReceiveMessages', (payload) => {
    for (const rows of liveRows(liveFromWire(payload))) live.add(rows, connectionId);
  });

  const port = transport === 'ws' ? mosquitto.wsPort : mosquitto.port;
  const profile = { ...DEFAULT_PROFILE, name: 'flood', transport, port, clientId: randomClientId() };
  connectionId = ((await awake.call('connections', 'create', [profile])) as ConnectionInfo).id;
  await awake.call('connections', 'connect', [connectionId]);
  const subscribed = (await awake.call('connections', 'subscribe', [connectionId, { filter: 'flood/#', qos: 0 }])) as ConnectionInfo;

  // The page stops reading: what the engine sends it piles up in its socket's send buffer.
  frozen.socket.pause();
  await flood(mosquitto.port);

  /** Messages the engine has read from the broker and kept (its store numbers them from 1). */
  const kept = () => app.connections.store(connectionId).stats.kept;
  const describe = () =>
    `kept=${kept()} live=${JSON.stringify(live.summary)} caughtUp=${JSON.stringify(caughtUp.summary)} ` +
    `peak=${app.host.congestion.peakBufferedBytes} behind=${app.host.congestion.isCongested}`;
  // With the page frozen, the engine still reads the whole flood into its store...
  await waitFor(() => (kept() >= FLOOD_COUNT ? true : undefined), `all ${FLOOD_COUNT} messages in the store`, describe, 40_000);
  // ...and the page that reads gets every message live.
  await waitFor(() => (live.received >= FLOOD_COUNT ? true : undefined), `all ${FLOOD_COUNT} messages live at the awake page`, describe, 30_000);
  expect(kept()).toBe(FLOOD_COUNT);
  expect(live.summary).toEqual({ received: FLOOD_COUNT, lost: 0, duplicates: 0 });
  // The frozen page was behind, and what the engine held for it stayed bounded: past the threshold
  // by no more than the frame that crossed it and one more (the awake page got the same batches,
  // so its largest frame is theirs), not the ~150 MB of the flood.
  expect(app.host.congestion.isCongested, describe()).toBe(true);
  const peak = app.host.congestion.peakBufferedBytes;
  expect(peak).toBeGreaterThan(CONGESTED_BYTES);
  expect(peak).toBeLessThanOrEqual(CONGESTED_BYTES + 2 * awake.largestFrame);

  // The page wakes: it drains, learns how far the engine got, and fetches the gap from the store.
  frozen.socket.resume();
  await waitFor(() => (caughtUp.received >= FLOOD_COUNT ? true : undefined), `the woken page to catch up on all ${FLOOD_COUNT}`, describe, 30_000);
  expect(caughtUp.summary).toEqual({ received: FLOOD_COUNT, lost: 0, duplicates: 0 });
  // The same MQTT connection carried on: no keepalive timeout, no reconnect.
  const [after] = await app.connections.list();
  expect(after?.state).toEqual(subscribed.state);
}, 90_000);
