import net from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import type { ConnectionProfile } from '../../shared/domain/profile';

export type SocketEndpoints = { clientAddress: string; clientPort: number; serverAddress: string; serverPort: number };

/** Sees every byte that crosses one network connection, both ways; the wire tap implements it. */
export interface WireObserver {
  onSend(chunk: Uint8Array): void;
  onReceive(chunk: Uint8Array): void;
  onEndpoints?(endpoints: SocketEndpoints): void;
}

/**
 * Opens the byte stream for one connection attempt. MQTT.js calls this for the first connect and
 * every reconnect, so the observer sees every attempt on every transport.
 */
export function openSocket(profile: ConnectionProfile, observer: WireObserver): Duplex {
  const stream = profile.transport === 'ws' ? openWebSocket(profile, observer) : openTcp(profile, observer);
  stream.on('data', (chunk: Uint8Array) => observer.onReceive(chunk));
  tapWrites(stream, observer);
  return stream;
}

/**
 * MQTT.js writes each packet with stream.write; wrapping this one instance's write sees the exact
 * bytes handed to the socket at the cost of one function call, with no extra stream in the path.
 */
function tapWrites(stream: Duplex, observer: WireObserver): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk instanceof Uint8Array) observer.onSend(chunk);
    else if (typeof chunk === 'string') observer.onSend(Buffer.from(chunk));
    return write(chunk, ...rest);
  }) as Duplex['write'];
}

function openTcp(profile: ConnectionProfile, observer: WireObserver): Duplex {
  const socket = net.connect({ host: profile.host, port: profile.port });
  socket.setNoDelay(true);
  socket.once('connect', () => reportEndpoints(socket, observer));
  return socket;
}

function openWebSocket(profile: ConnectionProfile, observer: WireObserver): Duplex {
  const url = `ws://${formatHost(profile.host)}:${profile.port}${profile.path}`;
  // 'mqtt' is the subprotocol MQTT-over-WebSocket brokers require [MQTT-6.0.0-3].
  const socket = new WebSocket(url, ['mqtt'], { handshakeTimeout: 10_000 });
  socket.once('upgrade', (response) => {
    if (response.socket instanceof net.Socket) reportEndpoints(response.socket, observer);
  });
  return createWebSocketStream(socket);
}

function reportEndpoints(socket: net.Socket, observer: WireObserver): void {
  if (!socket.localAddress || !socket.remoteAddress || !socket.localPort || !socket.remotePort) return;
  observer.onEndpoints?.({
    clientAddress: socket.localAddress,
    clientPort: socket.localPort,
    serverAddress: socket.remoteAddress,
    serverPort: socket.remotePort,
  });
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
