import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import WebSocket, { createWebSocketStream } from 'ws';
import { isWebSocketTransport, type ConnectionProfile } from '../../shared/domain/profile';
import type { PreparedTls } from './tls/prepareTls';
import type { SocketError, WireObserver } from '../wire/wireObservers';

/**
 * Opens the byte stream for one connection attempt. MQTT.js calls this for the first connect and
 * every reconnect, so the observer sees every attempt on every transport. The observer always sees
 * MQTT bytes: for mqtts and wss those are the decrypted ones.
 */
export function openSocket(profile: ConnectionProfile, prepared: PreparedTls | undefined, observer: WireObserver): Duplex {
  let answered = false;
  const onAnswer = () => {
    answered = true;
  };
  const stream = isWebSocketTransport(profile.transport)
    ? openWebSocket(profile, prepared, observer, onAnswer)
    : profile.transport === 'mqtts'
      ? openTls(profile, prepared, observer, onAnswer)
      : openTcp(profile, observer);
  gateReads(stream, observer, onAnswer);
  // Registered before MQTT.js's own listener, so the mark is there when the session describes it.
  stream.on('error', (error: SocketError) => {
    if (!answered) error.unanswered = true;
  });
  tapWrites(stream, observer);
  return stream;
}

/**
 * Every byte a stream reads enters it through push(), so wrapping this one instance's push lets
 * the observer see each chunk before any reader does, and choose what MQTT.js reads: never a
 * packet that broke the protocol (it must not act on one), nor one the engine took itself.
 */
function gateReads(stream: Duplex, observer: WireObserver, onRead: () => void): void {
  const push = stream.push.bind(stream);
  stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (!(chunk instanceof Uint8Array)) return push(chunk, encoding);
    onRead();
    // Whatever is withheld, keep reading until the connection is closed, so the socket drains.
    let more = true;
    observer.onReceive(chunk, (bytes) => {
      more = push(bytes);
    });
    return more;
  };
}

/**
 * MQTT.js writes each packet with stream.write; wrapping this one instance's write sees the exact
 * bytes handed to the socket at the cost of one function call, with no extra stream in the path.
 */
function tapWrites(stream: Duplex, observer: WireObserver): void {
  const write = stream.write.bind(stream) as (chunk: unknown, encoding: unknown, callback: unknown) => boolean;
  // Named parameters, not a rest array: MQTT.js makes several writes per PUBLISH.
  stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    if (chunk instanceof Uint8Array) observer.onSend(chunk);
    else if (typeof chunk === 'string') observer.onSend(Buffer.from(chunk));
    return write(chunk, encoding, callback);
  }) as Duplex['write'];
}

function openTcp(profile: ConnectionProfile, observer: WireObserver): Duplex {
  const socket = net.connect({ host: profile.host, port: profile.port });
  socket.setNoDelay(true);
  socket.once('connect', () => reportEndpoints(socket, observer));
  return socket;
}

/**
 * Without prepared material (the profile switched to mqtts while reconnecting), Node's defaults
 * apply: the built-in trust store, with verification on.
 */
function openTls(profile: ConnectionProfile, prepared: PreparedTls | undefined, observer: WireObserver, onAnswer: () => void): Duplex {
  const socket = tls.connect({ host: profile.host, port: profile.port, ...nodeOptions(prepared) });
  socket.setNoDelay(true);
  socket.once('secureConnect', () => {
    onAnswer();
    reportEndpoints(socket, observer);
  });
  return socket;
}

function openWebSocket(profile: ConnectionProfile, prepared: PreparedTls | undefined, observer: WireObserver, onAnswer: () => void): Duplex {
  const secure = profile.transport === 'wss';
  const url = `${secure ? 'wss' : 'ws'}://${formatHost(profile.host)}:${profile.port}${profile.path}`;
  // 'mqtt' is the subprotocol MQTT-over-WebSocket brokers require [MQTT-6.0.0-3].
  const socket = new WebSocket(url, ['mqtt'], { handshakeTimeout: 10_000, ...(secure ? nodeOptions(prepared) : undefined) });
  socket.once('upgrade', (response) => {
    onAnswer();
    // For wss this is the TLS socket, whose addresses are those of the TCP connection under it.
    if (response.socket instanceof net.Socket) reportEndpoints(response.socket, observer);
  });
  return createWebSocketStream(socket);
}

/** Prepared TLS without the words meant for the user, which Node would not understand. */
function nodeOptions(prepared: PreparedTls | undefined): Omit<PreparedTls, 'trustStore'> | undefined {
  if (!prepared) return undefined;
  const { trustStore: _forTheUser, ...options } = prepared;
  return options;
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
