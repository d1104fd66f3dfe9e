import type { Duplex } from 'node:stream';
import type { ProtocolVersion } from '../../shared/domain/profile';
import { Framer } from '../../shared/inspector/packets/framer';
import type { Direction } from '../../shared/inspector/packets/types';
import type { PacketObserver, SocketEndpoints } from '../wire/wireObservers';
import { preciseNow } from '../timing/clock';

/** Where captured connections go: the inspector, which keeps each as a capture of its own. */
export interface CaptureSink {
  attach(captureId: string): { openSocket(): PacketObserver };
  detach(captureId: string): void;
}

/** Device connections kept at once; the oldest capture is let go beyond this. */
const MAX_CAPTURES = 50;
export const BROKER_CAPTURE_PREFIX = 'broker/';

/**
 * Captures the connections of the embedded broker's clients (a device, a phone, another tool)
 * from the broker's side, framed into packets exactly as they crossed the socket, for the packet
 * inspector and pcapng. Directions are the client's, as for QoScope's own connections: what the
 * device sent is 'out', what the broker sent it is 'in', so flows read the same way.
 */
export class BrokerCapture {
  private next = 1;
  private readonly captures: string[] = [];

  constructor(private readonly sink: CaptureSink) {}

  /** Taps a connection the broker just accepted, before any byte is read; returns its capture id. */
  tap(stream: Duplex, endpoints: SocketEndpoints | undefined): string {
    const captureId = `${BROKER_CAPTURE_PREFIX}${this.next++}`;
    const observer = this.sink.attach(captureId).openSocket();
    if (endpoints) observer.onEndpoints(endpoints);
    this.captures.push(captureId);
    while (this.captures.length > MAX_CAPTURES) this.sink.detach(this.captures.shift()!);

    // The CONNECT names the protocol level every later packet is decoded with.
    let version: ProtocolVersion = 4;
    let connectSeen = false;
    const fromClient = new Framer(observer.keep);
    const toClient = new Framer(observer.keep);
    const record = (direction: Direction, frames: readonly { bytes: Uint8Array; malformed?: string }[]) => {
      const time = preciseNow();
      for (const frame of frames) {
        if (!connectSeen && direction === 'out') {
          connectSeen = true;
          version = connectProtocolLevel(frame.bytes) ?? version;
        }
        observer.onPacket(direction, { ...frame, protocolVersion: version }, time);
      }
    };
    // With Aedes reading on 'readable', a 'data' listener sees each chunk it reads, in order,
    // without changing how it reads.
    stream.on('data', (chunk: Buffer) => record('out', fromClient.push(chunk)));
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk instanceof Uint8Array) record('in', toClient.push(chunk));
      else if (typeof chunk === 'string') record('in', toClient.push(Buffer.from(chunk)));
      return write(chunk, ...rest);
    }) as typeof stream.write;
    return captureId;
  }
}

/** The Protocol Level byte of a CONNECT (3 = 3.1, 4 = 3.1.1, 5 = 5.0), if the frame is one. */
function connectProtocolLevel(bytes: Uint8Array): ProtocolVersion | undefined {
  if (bytes[0] !== 0x10) return undefined;
  let at = 1;
  while (at < 5 && ((bytes[at] ?? 0) & 0x80) !== 0) at += 1;
  at += 1;
  const nameLength = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  const level = bytes[at + 2 + nameLength];
  return level === 3 || level === 4 || level === 5 ? level : undefined;
}
