import { decodePacket } from '../../shared/inspector/packets/decodePacket';
import { FlowTracker } from '../../shared/inspector/flows';
import { GrantedQos } from '../../shared/inspector/grantedQos';
import { closedOver } from '../../shared/inspector/protocolChecks';
import type { GuardedFrame } from '../../shared/inspector/protocolGuard';
import { quickSummary } from '../../shared/inspector/quickSummary';
import type { QueriedPacket } from '../../shared/inspector/packetQuery';
import type { CaptureCounts, CapturedPacket, Direction, PacketRow, PacketSummary } from '../../shared/inspector/packets/types';
import type { PacketObserver, SocketEndpoints } from '../wire/wireObservers';
import type { CaptureHistorySink } from '../store/durable/captureHistory';
import type { StoredPacket } from '../store/durable/packetBlock';
import { MAX_PACKED_BYTES, PacketRing, type CaptureEntry } from './packetRing';

export type { CaptureEntry } from './packetRing';

export const DEFAULT_CAPTURE_CAPACITY = 200_000;



/**
 * A frame that arrived whole inside one chunk is a view of that chunk: the ring copies small
 * ones into its own buffers at once, but keeps large ones as they are, so those are copied here
 * (a view would pin the whole chunk). Frames the framer assembled are already its own arrays.
 */
const keepLarge = (view: Uint8Array): Uint8Array => (view.byteLength > MAX_PACKED_BYTES ? view.slice() : view);

/**
 * Everything captured on one connection: every control packet in and out, framed from the byte
 * stream (never re-encoded), numbered across reconnects, and linked into flows. Bounded: the
 * oldest packets are dropped and counted.
 */
export class ConnectionCapture {
  private ring: PacketRing;
  private nextNo = 1;
  private socketCount = 0;
  private readonly endpoints = new Map<number, SocketEndpoints>();
  private flowTracker = new FlowTracker();
  private grants = new GrantedQos();
  history: CaptureHistorySink | undefined;

  constructor(
    readonly connectionId: string,
    capacity: number,
    private readonly onPacket: (capture: ConnectionCapture, entry: CaptureEntry) => void,
  ) {
    this.ring = new PacketRing(capacity, this.nextNo);
  }

  /** A new network connection of this session: the next socket number. The engine frames its bytes. */
  openSocket(): PacketObserver {
    const socket = ++this.socketCount;
    return {
      keep: keepLarge,
      onPacket: (direction, frame, time) => this.record(direction, frame, socket, time),
      onEndpoints: (endpoints) => this.endpoints.set(socket, endpoints),
    };
  }

  counts(): CaptureCounts {
    const lastNo = this.ring.size > 0 ? this.nextNo - 1 : 0;
    return { kept: this.ring.size, total: this.ring.total, dropped: this.ring.dropped, capacity: this.ring.capacity, lastNo };
  }

  /** `no` of the oldest packet kept (== endNo when none is). */
  get firstKeptNo(): number {
    return this.ring.firstNo + this.ring.first;
  }

  /** One past the newest packet's `no`. */
  get endNo(): number {
    return this.nextNo;
  }

  /** What a packet query looks at, without building the whole row. */
  queried(entry: CaptureEntry): QueriedPacket {
    const summary = entry.summary ?? summarize(entry);
    return { no: entry.no, type: summary.type, direction: entry.direction, packetId: summary.packetId, topic: summary.topic };
  }

  rows(from: number, count: number): PacketRow[] {
    const rows: PacketRow[] = [];
    const start = Math.max(from, this.ring.firstNo + this.ring.first);
    for (let no = start; no < from + count && no < this.nextNo; no += 1) {
      const entry = this.ring.at(no - this.ring.firstNo);
      if (entry) rows.push(this.toRow(entry));
    }
    return rows;
  }

  entry(no: number): CaptureEntry | undefined {
    return this.ring.at(no - this.ring.firstNo);
  }

  entries(): CaptureEntry[] {
    const all: CaptureEntry[] = [];
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
    this.history?.clear();
    this.ring = new PacketRing(this.ring.capacity, this.nextNo);
    this.flowTracker = new FlowTracker();
    this.grants = new GrantedQos();
    return this.counts();
  }

  setCapacity(capacity: number): void {
    const kept = this.entries().slice(-capacity);
    this.ring = new PacketRing(capacity, kept[0]?.no ?? this.nextNo);
    for (const entry of kept) this.ring.push(entry);
  }

  toPacket(entry: CaptureEntry): CapturedPacket {
    const packet: CapturedPacket = {
      connectionId: this.connectionId,
      no: entry.no,
      direction: entry.direction,
      time: entry.time,
      socket: entry.socket,
      bytes: entry.bytes,
    };
    if (entry.malformed) packet.malformed = entry.malformed;
    return packet;
  }

  toRow(entry: CaptureEntry): PacketRow {
    const summary = entry.summary ?? summarize(entry);
    let problems = summary.problems;
    if (entry.malformed) problems = [`Malformed: ${entry.malformed}`, ...problems];
    if (entry.flowProblems) problems = [...problems, ...entry.flowProblems];
    if (entry.violation) problems = [...problems, closedOver(entry.violation, entry.protocolVersion)];
    const row: PacketRow = {
      connectionId: this.connectionId,
      no: entry.no,
      direction: entry.direction,
      time: entry.time,
      socket: entry.socket,
      length: entry.bytes.byteLength,
      type: summary.type,
      summary: summary.summary,
      problems,
    };
    if (summary.packetId !== undefined) row.packetId = summary.packetId;
    if (summary.topic !== undefined) row.topic = summary.topic;
    if (entry.flowId !== undefined) row.flowId = entry.flowId;
    if (entry.malformed) row.malformed = true;
    return row;
  }

  /** Adds a packet of an earlier run (read from disk) as if captured now: numbered, summarised, linked into flows. */
  /** A packet read back from the capture's history on disk. */
  restore(packet: StoredPacket): void {
    // New sockets of this run get numbers after the restored ones.
    this.socketCount = Math.max(this.socketCount, packet.socket);
    const frame: GuardedFrame = { bytes: packet.bytes, protocolVersion: packet.protocolVersion, ...(packet.malformed !== undefined ? { malformed: packet.malformed } : {}) };
    this.add(packet.direction, frame, packet.socket, packet.time);
  }

  private record(direction: Direction, frame: GuardedFrame, socket: number, time: number): number {
    const entry = this.add(direction, frame, socket, time);
    this.history?.append(entry);
    this.onPacket(this, entry);
    return entry.no;
  }

  private add(direction: Direction, frame: GuardedFrame, socket: number, time: number): CaptureEntry {
    const entry: CaptureEntry = { no: this.nextNo++, direction, time, socket, bytes: frame.bytes, protocolVersion: frame.protocolVersion };
    if (frame.malformed) entry.malformed = frame.malformed;
    else if (!isQos0Publish(frame.bytes)) {
      // Everything but a QoS 0 PUBLISH can take part in a flow; link it now, in wire order.
      const summary = frame.summary ?? summarize(entry);
      entry.summary = summary;
      const update = this.flowTracker.add({ no: entry.no, direction, time, socket, summary, protocolVersion: frame.protocolVersion });
      if (update.flowId !== undefined) entry.flowId = update.flowId;
      const problems = update.problems;
      if (direction === 'out') this.grants.sent(frame.bytes, frame.protocolVersion);
      else {
        const aboveGrant = this.grants.received(frame.bytes, frame.protocolVersion, summary.topic, summary.qos);
        if (aboveGrant) problems.push(aboveGrant);
      }
      if (problems.length > 0) entry.flowProblems = problems;
    }
    if (frame.violation) entry.violation = frame.violation;
    this.ring.push(entry);
    return entry;
  }
}

function isQos0Publish(bytes: Uint8Array): boolean {
  const first = bytes[0] ?? 0;
  return first >> 4 === 3 && (first & 0b0110) === 0;
}

/** The firehose takes the fast path; anything unusual is decoded in full, problems and all. */
function summarize(entry: CaptureEntry): PacketSummary {
  const options = { protocolVersion: entry.protocolVersion, direction: entry.direction };
  if (entry.malformed) return decodePacket(entry.bytes, options);
  return quickSummary(entry.bytes, entry.protocolVersion) ?? decodePacket(entry.bytes, options);
}
