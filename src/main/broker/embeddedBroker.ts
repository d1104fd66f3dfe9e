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
  /** Preferred ports; the next free one is used when taken. 0 = any free port. */
  mqttPort?: number;
  wsPort?: number;
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
    wss.on('connection', (socket, request) => aedes.handle(createWebSocketStream(socket), request));
    try {
      const mqttPort = await listenOnFreePort(tcp, host, this.options.mqttPort ?? 1883);
      const wsPort = await listenOnFreePort(httpServer, host, this.options.wsPort ?? 8083);
      this.running = { aedes, tcp, http: httpServer, wss };
      const refreshClients = () => {
        if (this.current.state === 'running') this.setStatus({ ...this.current, clients: aedes.connectedClients });
      };
      aedes.on('client', refreshClients);
      aedes.on('clientDisconnect', refreshClients);
      this.setStatus({ state: 'running', host, mqttPort, wsPort, wsPath: WS_PATH, clients: 0, protocolVersions: [3, 4, 5] });
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
