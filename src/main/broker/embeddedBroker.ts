import net from 'node:net';
import http from 'node:http';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { BrokerService } from '../../shared/contract/broker';
import type { BrokerStatus } from '../../shared/domain/broker';
import { Emitter } from '../../shared/event';
import { listenOnFreePort } from './listenOnFreePort';

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
};

export const WS_PATH = '/mqtt';

/**
 * A broker on the user's own machine (Aedes 2, which speaks MQTT 3.1, 3.1.1 and 5.0), over TCP and
 * WebSocket. Starting twice is a no-op; stopping closes every client.
 */
export class EmbeddedBroker implements BrokerService {
  private current: BrokerStatus = { state: 'stopped' };
  private running: { aedes: Aedes; tcp: net.Server; http: http.Server; wss: WebSocketServer } | undefined;
  private transition: Promise<BrokerStatus> | undefined;
  private readonly changed = new Emitter<BrokerStatus>();
  readonly onDidChangeStatus = this.changed.event;

  constructor(private readonly options: EmbeddedBrokerOptions = {}) {}

  async status(): Promise<BrokerStatus> {
    return this.current;
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
    running.wss.clients.forEach((socket) => socket.terminate());
    await Promise.all([
      new Promise<void>((resolve) => running.aedes.close(() => resolve())),
      closeServer(running.tcp),
      new Promise<void>((resolve) => running.wss.close(() => resolve())),
      closeServer(running.http),
    ]);
    this.setStatus({ state: 'stopped' });
    return this.current;
  }

  private async doStart(): Promise<BrokerStatus> {
    const host = this.options.host ?? '127.0.0.1';
    this.setStatus({ state: 'starting' });
    const aedes = await Aedes.createBroker();
    const tcp = net.createServer((socket) => aedes.handle(socket));
    const httpServer = http.createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end(`MQTT over WebSocket is at ${WS_PATH}\n`);
    });
    const wss = new WebSocketServer({ server: httpServer, path: WS_PATH });
    // ws re-emits its HTTP server's errors; a listen error is handled below, and an unhandled
    // 'error' event would end the whole process (a busy WebSocket port once did).
    wss.on('error', () => undefined);
    wss.on('connection', (socket, request) => aedes.handle(createWebSocketStream(socket), request));
    try {
      const wantedMqtt = this.options.mqttPort ?? 1883;
      const wantedWs = this.options.wsPort ?? 8083;
      const mqttPort = await listenOnFreePort(tcp, host, wantedMqtt, { exact: this.options.exact?.mqtt, what: 'The embedded broker (MQTT)' });
      const wsPort = await listenOnFreePort(httpServer, host, wantedWs, { exact: this.options.exact?.ws, what: 'The embedded broker (WebSocket)' });
      const moved = [
        wantedMqtt !== 0 && mqttPort !== wantedMqtt ? `MQTT port ${wantedMqtt} was in use, so MQTT listens on ${mqttPort}` : '',
        wantedWs !== 0 && wsPort !== wantedWs ? `WebSocket port ${wantedWs} was in use, so WebSocket listens on ${wsPort}` : '',
      ].filter(Boolean);
      this.running = { aedes, tcp, http: httpServer, wss };
      const refreshClients = () => {
        if (this.current.state === 'running') this.setStatus({ ...this.current, clients: aedes.connectedClients });
      };
      aedes.on('client', refreshClients);
      aedes.on('clientDisconnect', refreshClients);
      this.setStatus({
        state: 'running', host, mqttPort, wsPort, wsPath: WS_PATH, clients: 0, protocolVersions: [3, 4, 5],
        ...(moved.length > 0 ? { notice: `${moved.join('; ')}.` } : {}),
      });
    } catch (error) {
      aedes.close();
      await Promise.all([closeServer(tcp), closeServer(httpServer)]);
      this.setStatus({ state: 'stopped', error: `Could not start: ${(error as Error).message}` });
    }
    return this.current;
  }

  private setStatus(status: BrokerStatus): void {
    this.current = status;
    this.changed.fire(status);
  }
}

function closeServer(server: net.Server | http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}
