import type { ProtocolVersion } from '../../shared/domain/profile';
import { decodePacket, connectProtocolVersion } from '../../shared/inspector/decodePacket';
import { FlowTracker } from '../../shared/inspector/flows';
import { Framer, type Frame } from '../../shared/inspector/framer';
import type { CaptureCounts, CapturedPacket, Direction, PacketRow } from '../../shared/inspector/types';
import { RingBuffer } from '../../shared/ringBuffer';
import type { SocketEndpoints, WireObserver } from '../engine/socketFactory';
import { preciseNow } from '../engine/clock';

export const DEFAULT_CAPTURE_CAPACITY = 200_000;

type Entry = { packet: CapturedPacket; row: PacketRow; protocolVersion: ProtocolVersion };

/**
 * Everything captured on one connection: every control packet in and out, framed from the byte
 * stream (never re-encoded), numbered across reconnects, decoded once for the list and linked
 * into flows. Bounded: the oldest packets are dropped and counted.
 */
export class ConnectionCapture {
  private ring: RingBuffer<Entry>;
  /** `no` of the packet at absolute ring index 0; moves on when the capture is cleared. */
  private baseNo = 1;
  private nextNo = 1;
  private socketCount = 0;
  private readonly endpoints = new Map<number, SocketEndpoints>();
  private flowTracker = new FlowTracker();

  constructor(
    readonly connectionId: string,
    capacity: number,
    private readonly protocolVersion: () => ProtocolVersion,
    private readonly onRow: (row: PacketRow) => void,
  ) {
    this.ring = new RingBuffer<Entry>(capacity);
  }

  /** A new network connection of this session: fresh framers, the next socket number. */
  openSocket(): WireObserver {
    const socket = ++this.socketCount;
    const outgoing = new Framer();
    const incoming = new Framer();
    // Until our CONNECT says otherwise, decode by the profile's version.
    let version = this.protocolVersion();
    return {
      onSend: (chunk) => {
        const time = preciseNow();
        for (const frame of outgoing.push(chunk)) {
          version = connectProtocolVersion(frame.bytes) ?? version;
          this.record('out', frame, socket, time, version);
        }
      },
      onReceive: (chunk) => {
        const time = preciseNow();
        for (const frame of incoming.push(chunk)) this.record('in', frame, socket, time, version);
      },
      onEndpoints: (endpoints) => this.endpoints.set(socket, endpoints),
    };
  }

  counts(): CaptureCounts {
    return { kept: this.ring.size, total: this.ring.total, dropped: this.ring.dropped, capacity: this.ring.capacity };
  }

  rows(from: number, count: number): PacketRow[] {
    const rows: PacketRow[] = [];
    const start = Math.max(from, this.baseNo + this.ring.first);
    for (let no = start; no < from + count && no < this.nextNo; no += 1) {
      const entry = this.ring.at(no - this.baseNo);
      if (entry) rows.push(entry.row);
    }
    return rows;
  }

  entry(no: number): Entry | undefined {
    return this.ring.at(no - this.baseNo);
  }

  entries(): Entry[] {
    const all: Entry[] = [];
    for (let i = this.ring.first; i < this.ring.total; i += 1) {
      const entry = this.ring.at(i);
      if (entry) all.push(entry);
    }
    return all;
  }

  flows(limit: number) {
    const all = this.flowTracker.flows();
    return { flows: all.slice(Math.max(0, all.length - limit)), total: all.length };
  }

  endpointsOf(socket: number): SocketEndpoints | undefined {
    return this.endpoints.get(socket);
  }

  clear(): CaptureCounts {
    this.baseNo = this.nextNo;
    this.ring.clear();
    this.flowTracker = new FlowTracker();
    return this.counts();
  }

  setCapacity(capacity: number): void {
    const kept = this.entries().slice(-capacity);
    this.ring = new RingBuffer<Entry>(capacity);
    this.baseNo = kept[0]?.packet.no ?? this.nextNo;
    for (const entry of kept) this.ring.push(entry);
  }

  private record(direction: Direction, frame: Frame, socket: number, time: number, protocolVersion: ProtocolVersion): void {
    const no = this.nextNo++;
    const packet: CapturedPacket = {
      connectionId: this.connectionId,
      no,
      direction,
      time,
      socket,
      bytes: frame.bytes,
      ...(frame.malformed ? { malformed: frame.malformed } : {}),
    };
    const decoded = decodePacket(frame.bytes, { protocolVersion });
    const problems = frame.malformed ? [`Malformed: ${frame.malformed}`, ...decoded.problems] : [...decoded.problems];
    let flowId: number | undefined;
    if (!frame.malformed) {
      const update = this.flowTracker.add({ no, direction, time, socket, summary: decoded, protocolVersion });
      flowId = update.flowId;
      problems.push(...update.problems);
    }
    const row: PacketRow = {
      connectionId: this.connectionId,
      no,
      direction,
      time,
      socket,
      length: frame.bytes.byteLength,
      type: decoded.type,
      summary: decoded.summary,
      problems,
      ...(decoded.packetId !== undefined ? { packetId: decoded.packetId } : {}),
      ...(decoded.topic !== undefined ? { topic: decoded.topic } : {}),
      ...(flowId !== undefined ? { flowId } : {}),
      ...(frame.malformed ? { malformed: true } : {}),
    };
    this.ring.push({ packet, row, protocolVersion });
    this.onRow(row);
  }
}
