import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { rm } from 'node:fs/promises';
import { Aedes, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Duplex } from 'node:stream';
import type { BrokerService } from '../../shared/contract/broker';
import type { SocketEndpoints } from '../wire/wireObservers';
import type { BrokerPorts, BrokerStatus, BusyPort } from '../../shared/domain/broker';
import { Emitter } from '../../shared/event';
import { listenOnFreePort, PortInUseError } from './listenOnFreePort';
import { JournaledPersistence } from './persistence/journaledPersistence';
import type { BrokerSettings } from './brokerSettingsFile';
import { accessHooks } from './access/aedesAccessHooks';
import { BrokerActivity } from './brokerActivity';
import { BrokerCapture, type CaptureSink } from './brokerCapture';
import { BrokerAdmin, type SecureListeners } from './brokerAdmin';
import { loadTlsIdentity } from './tlsIdentity';
import { coalesceWrites } from './coalescedWrites';
import { machineAddresses } from './machineAddresses';

export type EmbeddedBrokerOptions = {
  /** Loopback by default: the embedded broker is for this machine unless the user says otherwise. */
  host?: string;
  /** Preferred ports; 0 = any free port. */
  mqttPort?: number;
  wsPort?: number;
  /**
   * Which ports the user chose: a taken one is then an error naming it. Otherwise (the defaults)
   * the next free port is used and the status says so.
   */
  exact?: { mqtt?: boolean; ws?: boolean };
  /**
   * Web page origins (e.g. `http://localhost:3000`) whose scripts may connect over WebSocket.
   * Every other page is refused: a browser sends its page's Origin, so without this check any site
   * the user visits could read and publish on the broker. Clients that are not web pages (devices,
   * Node, QoScope's own engine) send no Origin and are not affected.
   */
  allowedOrigins?: readonly string[];
  /**
   * Where retained messages, persistent sessions and their queued messages are kept across
   * restarts. Absent: in memory only, gone when the broker stops.
   */
  stateFile?: string;
  /** Keeps the settings the user chose, for the next start of the app (see BrokerSettingsFile). */
  remember?: (settings: BrokerSettings) => Promise<void>;
  /** Where clients' connections are captured when the user turns capture on (the inspector). */
  captureSink?: CaptureSink;
};

const DEFAULT_MQTT_PORT = 1883;
const DEFAULT_WS_PORT = 8083;

export const WS_PATH = '/mqtt';

/**
 * A broker on the user's own machine (Aedes 2, which speaks MQTT 3.1, 3.1.1 and 5.0), over TCP and
 * WebSocket. Starting twice is a no-op; stopping closes every client.
 */
export class EmbeddedBroker extends BrokerAdmin implements BrokerService {
  private current: BrokerStatus = { state: 'stopped' };
  private transition: Promise<BrokerStatus> | undefined;
  private readonly changed = new Emitter<BrokerStatus>();
  readonly onDidChangeStatus = this.changed.event;

  constructor(private options: EmbeddedBrokerOptions = {}) {
    super();
    this.capture = options.captureSink ? new BrokerCapture(options.captureSink) : undefined;
  }

  async status(): Promise<BrokerStatus> {
    return this.current;
  }

  async ports(): Promise<BrokerPorts & { chosen: boolean }> {
    const { mqttPort = DEFAULT_MQTT_PORT, wsPort = DEFAULT_WS_PORT, exact } = this.options;
    return { mqttPort, wsPort, chosen: exact?.mqtt === true && exact.ws === true };
  }

  /** Ports chosen before, applied without starting (the app does this when it loads them). */
  adoptPorts(ports: BrokerPorts): void {
    this.options = { ...this.options, ...ports, exact: { mqtt: true, ws: true } };
  }

  async usePorts(ports: BrokerPorts): Promise<BrokerStatus> {
    this.settings = { ...this.settings, ports };
    await this.options.remember?.(this.settings);
    this.adoptPorts(ports);
    return this.restart();
  }

  protected async saveSettings(next: BrokerSettings, { restart }: { restart: boolean }): Promise<void> {
    const turnedOffPersistence = this.settings.persist && !next.persist;
    this.settings = next;
    await this.options.remember?.(next);
    if (restart && this.running) await this.restart();
    // Off means kept nowhere: what was kept goes, once the broker no longer writes it.
    if (turnedOffPersistence && this.options.stateFile) await rm(this.options.stateFile, { force: true });
  }

  protected get stateFile(): string | undefined {
    return this.options.stateFile;
  }

  private async restart(): Promise<BrokerStatus> {
    await this.stop();
    return this.start();
  }

  start(): Promise<BrokerStatus> {
    if (this.running) return Promise.resolve(this.current);
    this.transition ??= this.doStart().finally(() => (this.transition = undefined));
    return this.transition;
  }

  async stop(): Promise<BrokerStatus> {
    await this.transition?.catch(() => undefined);
    const running = this.running;
    if (!running) return this.current;
    this.running = undefined;
    clearInterval(running.compactTimer);
    clearInterval(running.sysTimer);
    running.wss.clients.forEach((socket) => socket.terminate());
    running.secure?.wss.clients.forEach((socket) => socket.terminate());
    await Promise.all([
      new Promise<void>((resolve) => running.aedes.close(() => resolve())),
      closeServer(running.tcp),
      new Promise<void>((resolve) => running.wss.close(() => resolve())),
      closeServer(running.http),
      ...(running.secure ? closeSecure(running.secure) : []),
    ]);
    // After the clients have gone, so what their going changed (clean sessions ended) is kept too.
    await running.persistence.compactNow().catch(() => undefined);
    await running.persistence.destroy();
    this.setStatus({ state: 'stopped' });
    return this.current;
  }

  private async doStart(): Promise<BrokerStatus> {
    // LAN: every interface, which the settings allow only with authentication on.
    const host = this.settings.lan ? '0.0.0.0' : (this.options.host ?? '127.0.0.1');
    this.setStatus({ state: 'starting' });
    const stateFile = this.settings.persist ? this.options.stateFile : undefined;
    let persistence: JournaledPersistence;
    try {
      persistence = await JournaledPersistence.open(stateFile, (problem) => (this.stateProblem = problem));
    } catch (error) {
      this.setStatus({ state: 'stopped', error: `Could not read the broker's saved state in ${stateFile}: ${(error as Error).message}` });
      return this.current;
    }
    // The hooks are given to Aedes before the activity that watches it exists.
    const watched: { activity?: BrokerActivity } = {};
    const hooks = accessHooks(() => this.settings.access, (refusal) => watched.activity?.refused(refusal.clientId, refusal.reason));
    // One instance on the user's machine, so shared subscriptions are safe to offer.
    const aedes = await Aedes.createBroker({
      sharedSubscriptions: true,
      persistence,
      ...hooks,
      preConnect: (client, packet, done) => {
        watched.activity?.noteConnect(client, { keepalive: packet.keepalive ?? 0, cleanStart: packet.clean !== false, protocolVersion: packet.protocolVersion ?? 4, ...(packet.username ? { username: packet.username } : {}) });
        done(null, true);
      },
    });
    const activity = new BrokerActivity(aedes);
    watched.activity = activity;
    const capture = this.capture;
    const handle = (stream: Duplex, endpoints: SocketEndpoints | undefined, request?: http.IncomingMessage) => {
      const captureId = this.settings.capture && capture ? capture.tap(stream, endpoints) : undefined;
      const client = (request ? aedes.handle(stream, request) : aedes.handle(stream)) as Client;
      if (captureId) activity.noteCapture(client, captureId);
    };
    const tcp = net.createServer((socket) => {
      coalesceWrites(socket);
      handle(socket, endpointsOf(socket));
    });
    const httpServer = http.createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end(`MQTT over WebSocket is at ${WS_PATH}\n`);
    });
    const allowed = (origin: string) => (this.options.allowedOrigins ?? []).includes(origin) || this.settings.access.allowedOrigins.includes(origin);
    const webSocketOn = (server: http.Server) => {
      const sockets = new WebSocketServer({
        server,
        path: WS_PATH,
        verifyClient: ({ origin }: { origin?: string }, done: (ok: boolean, code?: number, message?: string) => void) => {
          if (origin === undefined || allowed(origin)) return done(true);
          activity.refused('', `A web page at ${origin} was refused: its origin is not allowed to use the broker over WebSocket`);
          done(false, 403, `Origin ${origin} may not use this broker`);
        },
      });
      // ws re-emits its HTTP server's errors; a listen error is handled below, and an unhandled
      // 'error' event would end the whole process (a busy WebSocket port once did).
      sockets.on('error', () => undefined);
      sockets.on('connection', (socket, request) => handle(createWebSocketStream(socket), endpointsOf(request.socket), request));
      return sockets;
    };
    const wss = webSocketOn(httpServer);
    let secure: SecureListeners | undefined;
    const wantedMqttPort = this.options.mqttPort ?? DEFAULT_MQTT_PORT;
    const wantedWsPort = this.options.wsPort ?? DEFAULT_WS_PORT;
    // Which listener a busy port belongs to, when one is.
    let listening: BusyPort['listener'] | 'tls' = 'mqtt';
    try {
      const mqttPort = await listenOnFreePort(tcp, host, wantedMqttPort, { exact: this.options.exact?.mqtt, what: 'The embedded broker (MQTT)' });
      listening = 'ws';
      const wsPort = await listenOnFreePort(httpServer, host, wantedWsPort, { exact: this.options.exact?.ws, what: 'The embedded broker (WebSocket)' });
      if (this.settings.tls.enabled) {
        listening = 'tls';
        secure = await this.listenSecurely(host, (socket) => {
          coalesceWrites(socket);
          handle(socket, endpointsOf(socket));
        }, webSocketOn);
      }
      const moved = [
        wantedMqttPort !== 0 && mqttPort !== wantedMqttPort ? `MQTT port ${wantedMqttPort} was in use, so MQTT listens on ${mqttPort}` : '',
        wantedWsPort !== 0 && wsPort !== wantedWsPort ? `WebSocket port ${wantedWsPort} was in use, so WebSocket listens on ${wsPort}` : '',
      ].filter(Boolean);
      const compactTimer = stateFile ? setInterval(() => void compactWhenLarge(persistence), COMPACT_CHECK_MS) : undefined;
      const sysTimer = setInterval(() => this.publishSys(), SYS_INTERVAL_MS);
      this.running = { aedes, tcp, http: httpServer, wss, persistence, compactTimer, sysTimer, activity, ...(secure ? { secure } : {}) };
      publishLeftWills(aedes, persistence, activity);
      const refreshClients = () => {
        if (this.current.state === 'running') this.setStatus({ ...this.current, clients: aedes.connectedClients });
      };
      aedes.on('client', refreshClients);
      aedes.on('clientReady', refreshClients);
      aedes.on('clientDisconnect', refreshClients);
      this.setStatus({
        state: 'running', host, mqttPort, wsPort, wsPath: WS_PATH, clients: 0, protocolVersions: [3, 4, 5],
        ...(this.settings.lan ? { lanAddresses: machineAddresses({ lan: true }) } : {}),
        ...(secure ? { tls: secure.status } : {}),
        ...(moved.length > 0 ? { notice: `${moved.join('; ')}.` } : {}),
      });
    } catch (error) {
      aedes.close();
      await persistence.destroy();
      await Promise.all([closeServer(tcp), closeServer(httpServer), ...(secure ? closeSecure(secure) : [])]);
      // A chosen port another program holds: named, with a free one to offer, never moved to.
      const busy = error instanceof PortInUseError && listening !== 'tls' ? { listener: listening, port: error.port, ...optional('free', await firstFreePort(host, error.port + 1, listening === 'mqtt' ? wantedWsPort : wantedMqttPort)) } : undefined;
      // A TLS port is chosen in the TLS settings, so the free one is offered in words there.
      const tlsFree = error instanceof PortInUseError && listening === 'tls' ? await firstFreePort(host, error.port + 1, error.port === this.settings.tls.mqttsPort ? this.settings.tls.wssPort : this.settings.tls.mqttsPort) : undefined;
      const offer = tlsFree !== undefined ? ` Port ${tlsFree} is free.` : '';
      this.setStatus({ state: 'stopped', error: `Could not start: ${(error as Error).message}${offer}`, ...(busy ? { busy } : {}) });
    }
    return this.current;
  }

  /** MQTT and WebSocket over TLS, on the ports the user chose (never moved), with the identity the settings name. */
  private async listenSecurely(host: string, onSocket: (socket: tls.TLSSocket) => void, webSocketOn: (server: http.Server) => WebSocketServer): Promise<SecureListeners> {
    const settings = this.settings.tls;
    const identity = await loadTlsIdentity(settings);
    this.tlsCertificatePem = identity.cert;
    const mqtts = tls.createServer({ cert: identity.cert, key: identity.key }, onSocket);
    // A failed handshake (a client that does not trust us, or speaks plain MQTT) ends that socket only.
    mqtts.on('tlsClientError', () => undefined);
    const httpsServer = https.createServer({ cert: identity.cert, key: identity.key }, (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end(`MQTT over WebSocket is at ${WS_PATH}\n`);
    });
    httpsServer.on('tlsClientError', () => undefined);
    const wssTls = webSocketOn(httpsServer);
    const listeners: SecureListeners = { mqtts, https: httpsServer, wss: wssTls, status: { mqttsPort: 0, wssPort: 0, fingerprint: identity.fingerprint, subject: identity.subject, validTo: identity.validTo, generated: identity.generated } };
    try {
      listeners.status.mqttsPort = await listenOnFreePort(mqtts, host, settings.mqttsPort, { exact: true, what: 'The embedded broker (MQTT over TLS)' });
      listeners.status.wssPort = await listenOnFreePort(httpsServer, host, settings.wssPort, { exact: true, what: 'The embedded broker (WebSocket over TLS)' });
    } catch (error) {
      await Promise.all(closeSecure(listeners));
      throw error;
    }
    return listeners;
  }

  private setStatus(status: BrokerStatus): void {
    this.current = status;
    this.changed.fire(status);
  }
}

const COMPACT_CHECK_MS = 30_000;
/** How often `$SYS/broker/...` statistics are published, as mosquitto does by default. */
const SYS_INTERVAL_MS = 10_000;

function endpointsOf(socket: net.Socket): SocketEndpoints | undefined {
  if (!socket.remoteAddress || !socket.localAddress) return undefined;
  return { clientAddress: socket.remoteAddress, clientPort: socket.remotePort ?? 0, serverAddress: socket.localAddress, serverPort: socket.localPort ?? 0 };
}

/** A journal this much larger than the state it describes is rewritten as that state. */
const COMPACT_AT_BYTES = 64 * 1024 * 1024;

async function compactWhenLarge(persistence: JournaledPersistence): Promise<void> {
  if (persistence.journalBytes < COMPACT_AT_BYTES) return;
  await persistence.compactNow().catch(() => undefined);
}

/**
 * Clients that were connected when the last run ended (a crash, or the app quitting) never sent
 * DISCONNECT, so their wills are due: published now rather than at Aedes's next sweep minutes later.
 */
function publishLeftWills(aedes: Aedes, persistence: JournaledPersistence, activity: BrokerActivity): void {
  for (const will of persistence.willsFromOtherRuns(aedes.id)) {
    const { brokerId: _brokerId, brokerCounter: _counter, clientId, ...packet } = will;
    activity.willFromEarlierRun(String(clientId), packet.topic);
    aedes.publish({ ...packet, cmd: 'publish', qos: (packet.qos ?? 0) as 0 | 1 | 2, retain: packet.retain ?? false, dup: false }, () => {
      void persistence.delWill({ id: String(clientId) });
    });
  }
}

/** The first port from `from` that can be listened on now (within a few tries), to offer instead. */
async function firstFreePort(host: string, from: number, otherListener: number): Promise<number | undefined> {
  for (let port = from; port < Math.min(from + 50, 65_536); port += 1) {
    if (port === otherListener) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, host, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function closeSecure(listeners: SecureListeners): Promise<void>[] {
  return [closeServer(listeners.mqtts), new Promise<void>((resolve) => listeners.wss.close(() => resolve())), closeServer(listeners.https)];
}

function closeServer(server: net.Server | http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}
