import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { WebSocketServer, createWebSocketStream } from 'ws';

/**
 * A deliberately broken "broker" on 127.0.0.1: it answers CONNECT with a valid CONNACK, then sends
 * whatever bytes the test gives it. It is the thing under test's adversary, so it speaks raw
 * bytes; what the client sends it is parsed with mqtt-packet, an independent codec.
 */
export interface HostileBroker {
  port: number;
  /** Every packet the client sent, over all connections, in order. */
  readonly received: Packet[];
  /** How many client connections have closed. */
  readonly closed: number;
  /** How many client connections were accepted. */
  readonly accepted: number;
  stop(): Promise<void>;
}

/**
 * `afterConnack(version)` gives the bytes to send once CONNACK is out (the MQTT version the client
 * asked for). Over 'ws' it serves MQTT over WebSocket, on any path, one MQTT packet stream per connection.
 */
export async function startHostileBroker(afterConnack: (version: 4 | 5) => Uint8Array, transport: 'tcp' | 'ws' = 'tcp'): Promise<HostileBroker> {
  const sockets = new Set<Duplex>();
  const state = { received: [] as Packet[], closed: 0, accepted: 0 };
  const serve = (socket: Duplex) => {
    sockets.add(socket);
    state.accepted += 1;
    let version: 4 | 5 = 4;
    // Reading the CONNECT sets the parser to the version the client speaks.
    const parser = mqttPacket.parser();
    parser.on('packet', (packet: Packet) => {
      state.received.push(packet);
      if (packet.cmd !== 'connect') return;
      version = packet.protocolVersion === 5 ? 5 : 4;
      socket.write(version === 5 ? Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00]) : Buffer.from([0x20, 0x02, 0x00, 0x00]));
      socket.write(afterConnack(version));
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      state.closed += 1;
    });
  };
  let server: net.Server;
  if (transport === 'tcp') server = net.createServer(serve);
  else {
    const web = http.createServer();
    // 'mqtt' is the subprotocol MQTT clients ask for [MQTT-6.0.0-3].
    new WebSocketServer({ server: web, handleProtocols: () => 'mqtt' }).on('connection', (ws) => {
      const stream = createWebSocketStream(ws);
      serve(stream);
      // The stream alone only ends its readable side when the client goes; count that as closed.
      ws.on('close', () => stream.destroy());
    });
    server = web;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('hostile broker has no address');
  return {
    port: address.port,
    get received() {
      return state.received;
    },
    get closed() {
      return state.closed;
    },
    get accepted() {
      return state.accepted;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
