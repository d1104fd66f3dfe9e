import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import WebSocket, { createWebSocketStream } from 'ws';
import { isWebSocketTransport, type ConnectionProfile } from '../../shared/domain/profile';
import type { PreparedTls } from './tls/prepareTls';
import type { SocketError, WireObserver } from '../wire/wireObservers';
import { READ_BUFFER_BYTES, READ_PAUSE_MS, ReadPacer } from './readPacer';

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
  // A plain TCP socket hands each read to `received` itself (see openTcp); the others push theirs
  // through the stream, which is gated instead. Set right below, before any socket can read.
  let received: (chunk: Uint8Array) => boolean = () => true;
  const tcp = !isWebSocketTransport(profile.transport) && profile.transport !== 'mqtts';
  const stream = isWebSocketTransport(profile.transport)
    ? openWebSocket(profile, prepared, observer, onAnswer)
    : tcp
      ? openTcp(profile, observer, (chunk) => received(chunk))
      : openTls(profile, prepared, observer, onAnswer);
  received = gate(stream, observer, onAnswer);
  if (!tcp) gatePushes(stream, received);
  // Registered before MQTT.js's own listener, so the mark is there when the session describes it.
  stream.on('error', (error: SocketError) => {
    if (!answered) error.unanswered = true;
  });
  tapWrites(stream, observer);
  return stream;
}

/**
 * Each chunk the socket reads goes to the observer first, which chooses what MQTT.js reads (through
 * the stream's own push): never a packet that broke the protocol (it must not act on one), nor one
 * the engine took itself. False: MQTT.js wants no more for now.
 */
function gate(stream: Duplex, observer: WireObserver, onRead: () => void): (chunk: Uint8Array) => boolean {
  const push = stream.push.bind(stream);
  return (chunk) => {
    onRead();
    let more = true;
    observer.onReceive(chunk, (bytes) => {
      more = push(bytes);
    });
    return more;
  };
}

/** Every byte a stream reads enters it through push(): wrapping this one instance's push gates them all. */
function gatePushes(stream: Duplex, received: (chunk: Uint8Array) => boolean): void {
  const push = stream.push.bind(stream);
  stream.push = (chunk: unknown, encoding?: BufferEncoding) => (chunk instanceof Uint8Array ? received(chunk) : push(chunk, encoding));
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

/**
 * Reads into one buffer per socket (Node's `onread`), so the engine decides when the socket reads
 * next: under a firehose it waits a moment between reads (see ReadPacer). Each read is copied out
 * at its own size, as the buffer is read into again.
 */
function openTcp(profile: ConnectionProfile, observer: WireObserver, received: (chunk: Uint8Array) => boolean): Duplex {
  const pacer = new ReadPacer();
  const socket: net.Socket = net.connect({
    host: profile.host,
    port: profile.port,
    onread: {
      buffer: new Uint8Array(READ_BUFFER_BYTES),
      callback: (bytes, buffer) => {
        if (!received(buffer.slice(0, bytes))) return false;
        if (!pacer.pauseAfter(bytes, performance.now())) return true;
        setTimeout(() => readAgain(socket), READ_PAUSE_MS);
        return false;
      },
    },
  });
  // With `onread`, pausing a socket also stops its reads. MQTT.js pausing the stream it reads (its
  // pipe, while it works through packets) must pause only that stream's flow, as on any other
  // socket: reads stop only when the callback above says so, and start again by readAgain or, once
  // the stream's buffer drains, by Node.
  socket.pause = () => Duplex.prototype.pause.call(socket) as net.Socket;
  socket.setNoDelay(true);
  socket.once('connect', () => reportEndpoints(socket, observer));
  return socket;
}

/** Starts a paced socket's reads again, leaving its stream flowing or paused as MQTT.js left it. */
function readAgain(socket: net.Socket): void {
  if (socket.destroyed) return;
  const flowing = socket.readableFlowing === true;
  // With `onread` this starts the reads; it also lets the stream flow, which is undone if it did not.
  socket.resume();
  if (!flowing) socket.pause();
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
