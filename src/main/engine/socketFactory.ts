import net from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import type { ConnectionProfile } from '../../shared/domain/profile';

/** Sees every chunk that crosses the socket; the packet inspector's wire tap plugs in here. */
export interface WireObserver {
  onReceive(chunk: Uint8Array): void;
}

/**
 * Opens the byte stream for one connection attempt. MQTT.js calls this for the first connect and
 * every reconnect, so whatever observes the wire sees every attempt on every transport.
 */
export function openSocket(profile: ConnectionProfile, observer: WireObserver): Duplex {
  const stream = profile.transport === 'ws' ? openWebSocket(profile) : openTcp(profile);
  stream.on('data', (chunk: Uint8Array) => observer.onReceive(chunk));
  return stream;
}

function openTcp(profile: ConnectionProfile): Duplex {
  const socket = net.connect({ host: profile.host, port: profile.port });
  socket.setNoDelay(true);
  return socket;
}

function openWebSocket(profile: ConnectionProfile): Duplex {
  const url = `ws://${formatHost(profile.host)}:${profile.port}${profile.path}`;
  // 'mqtt' is the subprotocol MQTT-over-WebSocket brokers require [MQTT-6.0.0-3].
  const socket = new WebSocket(url, ['mqtt'], { handshakeTimeout: 10_000 });
  return createWebSocketStream(socket);
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
