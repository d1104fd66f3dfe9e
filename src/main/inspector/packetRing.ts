import type { ProtocolVersion } from '../../shared/domain/profile';
import type { PacketSummary, Violation } from '../../shared/inspector/packets/types';
import type { StoredPacket } from '../store/durable/packetBlock';

/**
 * One captured packet: the bytes and when/where they crossed. The decoded summary is kept only
 * for packets that take part in flows; a QoS 0 PUBLISH is summarised again whenever it is shown,
 * which is cheaper than keeping a string per message.
 */
export type CaptureEntry = StoredPacket & {
  no: number;
  summary?: PacketSummary;
  flowId?: number;
  flowProblems?: string[];
  /** The engine closed the connection over this packet. */
  violation?: Violation;
};

type Extras = Pick<CaptureEntry, 'malformed' | 'summary' | 'flowId' | 'flowProblems' | 'violation'>;

// A firehose fills the capture with hundreds of thousands of packets. As objects (an entry, a
// Uint8Array view of its bytes, a boxed time) that is ~190 bytes of heap per packet, all of it
// long-lived, which the garbage collector keeps walking and which makes V8 grow its heap. Here
// they are columns of typed arrays plus one byte buffer per chunk of packets: 17 bytes per
// packet besides its bytes. Entries are built again when a packet is read.
const CHUNK_PACKETS = 4096;
const FIRST_BYTES = 16 * 1024;
/** Larger frames keep their own buffer: packing them would copy (and double) big payloads. */
export const MAX_PACKED_BYTES = 4 * 1024;

const OUT = 0b1;
const VERSION_SHIFT = 1; // two bits: protocol version − 3
const LARGE = 0b1000;
const EXTRAS = 0b1_0000;

class Chunk {
  readonly time = new Float64Array(CHUNK_PACKETS);
  readonly socket = new Uint32Array(CHUNK_PACKETS);
  readonly meta = new Uint8Array(CHUNK_PACKETS);
  readonly bytesEnd = new Uint32Array(CHUNK_PACKETS);
  bytes = new Uint8Array(FIRST_BYTES);
  readonly large = new Map<number, Uint8Array>();
  readonly extras = new Map<number, Extras>();
  count = 0;

  bytesStart(index: number): number {
    return index === 0 ? 0 : this.bytesEnd[index - 1]!;
  }

  write(entry: CaptureEntry): void {
    const index = this.count;
    const start = this.bytesStart(index);
    let meta = (entry.direction === 'out' ? OUT : 0) | ((entry.protocolVersion - 3) << VERSION_SHIFT);
    if (entry.bytes.byteLength > MAX_PACKED_BYTES) {
      this.large.set(index, entry.bytes);
      this.bytesEnd[index] = start;
      meta |= LARGE;
    } else {
      const end = start + entry.bytes.byteLength;
      if (end > this.bytes.byteLength) this.grow(end);
      this.bytes.set(entry.bytes, start);
      this.bytesEnd[index] = end;
    }
    if (
      entry.malformed !== undefined ||
      entry.summary !== undefined ||
      entry.flowId !== undefined ||
      entry.flowProblems !== undefined ||
      entry.violation !== undefined
    ) {
      const extras: Extras = {};
      if (entry.malformed !== undefined) extras.malformed = entry.malformed;
      if (entry.summary !== undefined) extras.summary = entry.summary;
      if (entry.flowId !== undefined) extras.flowId = entry.flowId;
      if (entry.flowProblems !== undefined) extras.flowProblems = entry.flowProblems;
      if (entry.violation !== undefined) extras.violation = entry.violation;
      this.extras.set(index, extras);
      meta |= EXTRAS;
    }
    this.time[index] = entry.time;
    this.socket[index] = entry.socket;
    this.meta[index] = meta;
    this.count = index + 1;
    // A full chunk gives back its byte buffer's unused tail.
    const used = this.bytesEnd[index]!;
    if (this.count === CHUNK_PACKETS && used < this.bytes.byteLength) this.bytes = this.bytes.slice(0, used);
  }

  read(index: number, no: number): CaptureEntry {
    const meta = this.meta[index]!;
    const entry: CaptureEntry = {
      no,
      direction: meta & OUT ? 'out' : 'in',
      time: this.time[index]!,
      socket: this.socket[index]!,
      bytes: meta & LARGE ? this.large.get(index)! : this.bytes.subarray(this.bytesStart(index), this.bytesEnd[index]),
      protocolVersion: (((meta >> VERSION_SHIFT) & 0b11) + 3) as ProtocolVersion,
    };
    return meta & EXTRAS ? Object.assign(entry, this.extras.get(index)) : entry;
  }

  /** An evicted packet's own allocations go at once; its columns go with the chunk. */
  forget(index: number): void {
    if (this.meta[index]! & LARGE) this.large.delete(index);
    if (this.meta[index]! & EXTRAS) this.extras.delete(index);
  }

  private grow(needed: number): void {
    let size = this.bytes.byteLength * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.bytesStart(this.count)));
    this.bytes = grown;
  }
}

/**
 * The capture's bounded store of packets, oldest first: the newest `capacity` are kept, older
 * ones dropped and counted. Indexes are absolute (0 = the first packet pushed); packet `no`s
 * start at `firstNo` for index 0. Memory grows with what is captured, a chunk at a time.
 */
export class PacketRing {
  private chunks: Chunk[] = [];
  /** Absolute chunk number of chunks[0]. */
  private firstChunk = 0;
  private pushed = 0;

  constructor(
    readonly capacity: number,
    readonly firstNo: number,
  ) {}

  get total(): number {
    return this.pushed;
  }

  get size(): number {
    return Math.min(this.pushed, this.capacity);
  }

  /** Absolute index of the oldest packet still kept. */
  get first(): number {
    return this.pushed - this.size;
  }

  get dropped(): number {
    return this.first;
  }

  /** Keeps a copy of `entry` (its `no` is implied by its position); the entry itself is not retained. */
  push(entry: CaptureEntry): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.count === CHUNK_PACKETS) {
      chunk = new Chunk();
      this.chunks.push(chunk);
    }
    chunk.write(entry);
    this.pushed += 1;
    if (this.pushed > this.capacity) this.evict(this.pushed - this.capacity - 1);
  }

  at(index: number): CaptureEntry | undefined {
    if (index < this.first || index >= this.pushed) return undefined;
    const chunk = this.chunks[Math.floor(index / CHUNK_PACKETS) - this.firstChunk];
    return chunk?.read(index % CHUNK_PACKETS, this.firstNo + index);
  }

  private evict(index: number): void {
    const local = index % CHUNK_PACKETS;
    this.chunks[0]?.forget(local);
    if (local === CHUNK_PACKETS - 1) {
      this.chunks.shift();
      this.firstChunk += 1;
    }
  }
}
