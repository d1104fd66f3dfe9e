import type { ProtocolVersion } from '../../../shared/domain/profile';
import type { Direction } from '../../../shared/inspector/packets/types';
import { BLOCK_KIND, HEADER_BYTES, ReusedBuffer, withRoom, writeColumn, writeHeader, type BlockBuilder, type BlockHeader } from './blockCodec';

/** A captured packet as it is kept on disk: the frame's bytes and where and when it crossed. */
export type StoredPacket = {
  direction: Direction;
  time: number;
  socket: number;
  bytes: Uint8Array;
  protocolVersion: ProtocolVersion;
  malformed?: string;
};

// Packet blocks (kind 3) use the capture ring's columns: time f64[count], socket u32[count],
// meta u8[count] (bit 0 sent, bits 1-2 protocol version − 3, bit 3 malformed), length
// u32[count], frame bytes, then the malformed reasons as JSON ([index, reason] pairs). Summaries
// and flows are derived from the bytes again when a capture is read back.
const OUT = 0b1;
const VERSION_SHIFT = 1;
const MALFORMED = 0b1000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Copies each packet into columns as it is captured: nothing per packet is kept until the flush. */
export class PacketBlockBuilder implements BlockBuilder<StoredPacket> {
  private times = new Float64Array(1024);
  private sockets = new Uint32Array(1024);
  private metas = new Uint8Array(1024);
  private lengths = new Uint32Array(1024);
  private frames = new Uint8Array(64 * 1024);
  private frameBytes = 0;
  private reasons: [number, string][] = [];
  count = 0;
  lastTime = 0;
  private readonly output = new ReusedBuffer();

  add(packet: StoredPacket): void {
    const i = this.count;
    if (i === this.times.length) {
      this.times = withRoom(this.times, i + 1);
      this.sockets = withRoom(this.sockets, i + 1);
      this.metas = withRoom(this.metas, i + 1);
      this.lengths = withRoom(this.lengths, i + 1);
    }
    const size = packet.bytes.byteLength;
    this.frames = withRoom(this.frames, this.frameBytes + size);
    this.frames.set(packet.bytes, this.frameBytes);
    this.frameBytes += size;
    this.times[i] = packet.time;
    this.sockets[i] = packet.socket;
    this.metas[i] = (packet.direction === 'out' ? OUT : 0) | ((packet.protocolVersion - 3) << VERSION_SHIFT) | (packet.malformed !== undefined ? MALFORMED : 0);
    this.lengths[i] = size;
    if (packet.malformed !== undefined) this.reasons.push([i, packet.malformed]);
    this.count = i + 1;
    this.lastTime = packet.time;
  }

  finish(): Buffer {
    const count = this.count;
    const reasonsJson = this.reasons.length > 0 ? encoder.encode(JSON.stringify(this.reasons)) : new Uint8Array(0);
    const bodyBytes = count * (8 + 4 + 1 + 4) + this.frameBytes + 4 + reasonsJson.byteLength;
    const block = this.output.take(HEADER_BYTES + bodyBytes);
    let at = writeColumn(block, HEADER_BYTES, this.times, count);
    at = writeColumn(block, at, this.sockets, count);
    block.set(this.metas.subarray(0, count), at);
    at = writeColumn(block, at + count, this.lengths, count);
    block.set(this.frames.subarray(0, this.frameBytes), at);
    at = block.writeUInt32LE(reasonsJson.byteLength, at + this.frameBytes);
    block.set(reasonsJson, at);
    writeHeader(block, BLOCK_KIND.packets, count, bodyBytes);
    this.reset();
    return block;
  }

  reset(): void {
    this.count = 0;
    this.frameBytes = 0;
    this.reasons = [];
  }
}

/** The packets of an intact block, in order; throws on a body that does not add up. */
export function decodePacketsBlock(file: Buffer, at: number, header: BlockHeader, visit: (packet: StoredPacket) => void): void {
  const end = at + HEADER_BYTES + header.bodyBytes;
  const count = header.count;
  const times = at + HEADER_BYTES;
  const sockets = times + count * 8;
  const metas = sockets + count * 4;
  const lengths = metas + count;
  let p = lengths + count * 4;
  if (p > end) throw new RangeError('A capture block is shorter than its contents');
  const frames = p;
  for (let i = 0; i < count; i += 1) p += file.readUInt32LE(lengths + i * 4);
  if (p + 4 > end) throw new RangeError('A capture block is shorter than its contents');
  const reasonsLength = file.readUInt32LE(p);
  if (p + 4 + reasonsLength > end) throw new RangeError('A capture block is shorter than its contents');
  const reasons = new Map<number, string>();
  if (reasonsLength > 0) {
    const list: unknown = JSON.parse(decoder.decode(file.subarray(p + 4, p + 4 + reasonsLength)));
    if (Array.isArray(list)) for (const entry of list) if (Array.isArray(entry) && typeof entry[0] === 'number' && typeof entry[1] === 'string') reasons.set(entry[0], entry[1]);
  }
  let frame = frames;
  for (let i = 0; i < count; i += 1) {
    const length = file.readUInt32LE(lengths + i * 4);
    const meta = file[metas + i]!;
    const version = ((meta >> VERSION_SHIFT) & 0b11) + 3;
    if (version > 5) throw new RangeError('A capture block names an unknown protocol version');
    const reason = reasons.get(i);
    visit({
      direction: meta & OUT ? 'out' : 'in',
      time: file.readDoubleLE(times + i * 8),
      socket: file.readUInt32LE(sockets + i * 4),
      // A copy: the ring keeps large frames by reference, and the file's buffer goes after reading.
      bytes: new Uint8Array(file.subarray(frame, frame + length)),
      protocolVersion: version as ProtocolVersion,
      ...(meta & MALFORMED && reason !== undefined ? { malformed: reason } : {}),
    });
    frame += length;
  }
}
