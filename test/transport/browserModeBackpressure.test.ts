/**
 * End-to-end backpressure in browser mode: a page that stops reading its WebSocket must make the
 * engine stop reading from the broker (so the flood waits in mosquitto, not in the engine's
 * memory), and once the page reads again it must get every message. Real parts throughout:
 * Debian mosquitto, mosquitto_pub, MQTT.js in the engine, and a `ws` client as the page.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { QoScopeApp } from '../../src/main/app';
import { RPC_PATH, startBrowserModeServer, type BrowserModeServer } from '../../src/main/transport/browserModeServer';
import { CONGESTED_BYTES } from '../../src/main/transport/congestion';
import type { ClientFrame, ServerFrame } from '../../src/shared/contract/wire';
import type { ConnectionInfo } from '../../src/shared/domain/connection';
import { fromWire, unpackMessages, type PackedMessageBatchWire } from '../../src/shared/domain/packedBatch';
import { DEFAULT_PROFILE, randomClientId } from '../../src/shared/domain/profile';
import { quietPeriod, waitFor } from '../engine/harness';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';

/**
 * 300k × 64 B is ~27 MB of batches toward the page: without backpressure, far more than
 * CONGESTED_BYTES plus the batches around it, even after the sockets' kernel buffers take their share.
 */
const FLOOD_COUNT = 300_000;
const PAYLOAD_BYTES = 64;
const FLOOD_TOPIC = 'flood/backpressure';

/** The i-th payload: its number, padded to exactly PAYLOAD_BYTES, so every message is accounted for. */
function floodLine(i: number): string {
  return String(i).padStart(8, '0').padEnd(PAYLOAD_BYTES, '.');
}

/** Publishes FLOOD_COUNT QoS 0 messages with `mosquitto_pub -l` (one message per stdin line). */
function flood(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', FLOOD_TOPIC, '-q', '0', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub -l exited with ${code}: ${stderr}`))));
    const lines: string[] = [];
    for (let i = 0; i < FLOOD_COUNT; i++) lines.push(floodLine(i));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

/** A page as the browser-mode UI is one: calls and listens over msgpack frames on /rpc. */
class Page {
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

  call(service: string, method: string, ...args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const done = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ t: 'call', id, service, method, args });
    return done;
  }

  listen(service: string, event: string, listener: (payload: unknown) => void): void {
    const id = this.nextId++;
    this.listeners.set(id, listener);
    this.send({ t: 'listen', id, service, event });
  }

  private send(frame: ClientFrame): void {
    this.socket.send(encode(frame));
  }
}

let mosquitto: RunningMosquitto;
let dataDir: string;
let app: QoScopeApp;
let server: BrowserModeServer;
let page: Page | undefined;

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
  page?.socket.terminate();
  await server.close();
  await app.dispose();
  await mosquitto.stop();
  await rm(dataDir, { recursive: true, force: true });
});

// Over WebSocket the engine pauses the stream MQTT.js reads, not the socket: check that reaches TCP too.
it.each(['mqtt', 'ws'] as const)('%s: pauses reading from the broker while a page is behind, keeps its buffer bounded, and loses nothing', async (transport) => {
  const opened = await Page.open(server);
  page = opened;
  const seen = new Uint8Array(FLOOD_COUNT);
  let received = 0;
  let duplicates = 0;
  let connectionId = '';
  opened.listen('connections', 'onDidReceiveMessages', (payload) => {
    for (const message of unpackMessages(fromWire(payload as PackedMessageBatchWire))) {
      if (message.connectionId !== connectionId || message.direction !== 'in') continue;
      const index = Number(new TextDecoder().decode(message.payload.subarray(0, 8)));
      if (seen[index]) duplicates += 1;
      seen[index] = 1;
      received += 1;
    }
  });
  const congestion: boolean[] = [];
  app.host.congestion.onDidChange((congested) => congestion.push(congested));

  const port = transport === 'ws' ? mosquitto.wsPort : mosquitto.port;
  const profile = { ...DEFAULT_PROFILE, name: 'flood', transport, port, clientId: randomClientId() };
  connectionId = ((await opened.call('connections', 'create', profile)) as ConnectionInfo).id;
  await opened.call('connections', 'connect', connectionId);
  const subscribed = (await opened.call('connections', 'subscribe', connectionId, { filter: 'flood/#', qos: 0 })) as ConnectionInfo;

  // The page stops reading: what the engine sends piles up in its socket's send buffer.
  opened.socket.pause();
  await flood(mosquitto.port);

  /** Messages the engine has read from the broker (its store numbers them from 1). */
  const engineRead = () => app.connections.store(connectionId).stats.end - 1;
  const describe = () =>
    `paused=${app.connections.isReceivePaused} congestion=${JSON.stringify(congestion)} peak=${app.host.congestion.peakBufferedBytes} ` +
    `engineRead=${engineRead()} received=${received}`;
  await waitFor(() => app.connections.isReceivePaused || undefined, 'the engine to pause receiving', describe, 20_000);
  // Reading faster than the page would finish the whole flood within this window; paused, the
  // rest of it waits at the broker (and in the kernel's socket buffers), unread.
  await quietPeriod(500);
  expect(app.connections.isReceivePaused, describe()).toBe(true);
  expect(engineRead(), describe()).toBeLessThan(FLOOD_COUNT);

  opened.socket.resume();
  await waitFor(() => (received >= FLOOD_COUNT ? true : undefined), `all ${FLOOD_COUNT} messages at the page`, describe, 30_000);
  await waitFor(() => (app.connections.isReceivePaused ? undefined : true), 'the engine to resume receiving', describe);

  const lost = seen.reduce((missing, got) => missing + (got ? 0 : 1), 0);
  expect({ received, lost, duplicates }).toEqual({ received: FLOOD_COUNT, lost: 0, duplicates: 0 });
  // The same MQTT connection carried on: the pause cost no keepalive timeout or reconnect.
  const [after] = await app.connections.list();
  expect(after?.state).toEqual(subscribed.state);
  expect(congestion[0]).toBe(true);
  expect(congestion.at(-1)).toBe(false);
  // Bounded: past the threshold by no more than the batch that crossed it and the one already
  // read when reading stopped (each at most the largest frame the page got).
  const peak = app.host.congestion.peakBufferedBytes;
  expect(peak).toBeGreaterThan(CONGESTED_BYTES);
  expect(peak).toBeLessThanOrEqual(CONGESTED_BYTES + 2 * opened.largestFrame);
}, 60_000);
