// What the engine's sockets show to whoever watches them (the inspector, the protocol guard): the
// types only, so the inspector can watch a socket without depending on the engine that opens it.
import type { FrameStore } from '../../shared/inspector/packets/framer';
import type { GuardedFrame } from '../../shared/inspector/protocolGuard';
import type { Direction } from '../../shared/inspector/packets/types';

export type SocketEndpoints = { clientAddress: string; clientPort: number; serverAddress: string; serverPort: number };

/** Sees every byte that crosses one network connection, both ways, before anyone else does. */
export interface WireObserver {
  onSend(chunk: Uint8Array): void;
  /**
   * Hands the MQTT client, through `read` and in wire order, the whole packets it is to read.
   * What is not handed on either broke the protocol (that packet and everything after it are
   * withheld) or was taken by the engine itself; bytes of a packet not yet complete wait for the
   * rest of it.
   */
  onReceive(chunk: Uint8Array, read: (bytes: Uint8Array) => void): void;
  onEndpoints?(endpoints: SocketEndpoints): void;
}

/** Sees every packet of one network connection, framed and judged; the wire tap implements it. */
export interface PacketObserver {
  /** Keeps a frame that arrived whole inside a chunk beyond that chunk (see Framer). */
  readonly keep: FrameStore;
  /** Returns the packet's number in the capture. */
  onPacket(direction: Direction, frame: GuardedFrame, time: number): number;
  onEndpoints(endpoints: SocketEndpoints): void;
}

/** An error from a stream openSocket made, as MQTT.js passes it on. */
export interface SocketError extends Error {
  code?: unknown;
  /**
   * The peer had not yet answered in the protocol we speak first (TLS, the WebSocket upgrade, or
   * MQTT): a reset then usually means TLS on one end and not the other.
   */
  unanswered?: boolean;
}
