import os from 'node:os';
import { crc32 } from 'node:zlib';

// A segment file is a run of blocks; one block is what one flush wrote, in the columns the
// in-memory stores use (messageBlock.ts, packetBlock.ts), behind a 20-byte header whose CRC-32
// covers the header fields and the body, so a block torn by a crash or flipped on disk is
// recognised and cut instead of being read.
//
// Header (little-endian): magic u32, kind u32, count u32, body length u32, crc u32.

export const BLOCK_MAGIC = 0x3142_5351; // "QSB1"
export const HEADER_BYTES = 20;
/** A block no flush could have written: guards against a corrupt length sending the reader far away. */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;

export const BLOCK_KIND = {
  messages: 1,
  /** Written first by every run: where the UI marks "QoScope restarted". Its body is the start time (f64). */
  runStart: 2,
  packets: 3,
} as const;
export type BlockKind = (typeof BLOCK_KIND)[keyof typeof BLOCK_KIND];

export type BlockHeader = { kind: number; count: number; bodyBytes: number; crc: number };

export function encodeRunStartBlock(time: number): Buffer {
  const block = Buffer.allocUnsafe(HEADER_BYTES + 8);
  block.writeDoubleLE(time, HEADER_BYTES);
  writeHeader(block, BLOCK_KIND.runStart, 0, 8);
  return block;
}

export function writeHeader(block: Buffer, kind: BlockKind, count: number, bodyBytes: number): void {
  block.writeUInt32LE(BLOCK_MAGIC, 0);
  block.writeUInt32LE(kind, 4);
  block.writeUInt32LE(count, 8);
  block.writeUInt32LE(bodyBytes, 12);
  block.writeUInt32LE(blockCrc(block, bodyBytes), 16);
}

function blockCrc(block: Uint8Array, bodyBytes: number): number {
  return crc32(block.subarray(HEADER_BYTES, HEADER_BYTES + bodyBytes), crc32(block.subarray(0, 16)));
}

/** The header at `at`, or undefined when fewer than a header's bytes are left or it is not one. */
export function readHeader(file: Buffer, at: number): BlockHeader | undefined {
  if (file.byteLength - at < HEADER_BYTES || file.readUInt32LE(at) !== BLOCK_MAGIC) return undefined;
  return { kind: file.readUInt32LE(at + 4), count: file.readUInt32LE(at + 8), bodyBytes: file.readUInt32LE(at + 12), crc: file.readUInt32LE(at + 16) };
}

/** True when the whole block is there and its checksum matches. */
export function blockIsIntact(file: Buffer, at: number, header: BlockHeader): boolean {
  if (header.bodyBytes > MAX_BODY_BYTES || file.byteLength - at < HEADER_BYTES + header.bodyBytes) return false;
  return blockCrc(file.subarray(at, at + HEADER_BYTES + header.bodyBytes), header.bodyBytes) === header.crc;
}

/** Builds one block from items as they arrive, so nothing per item outlives `add`. */
export interface BlockBuilder<T> {
  add(item: T): void;
  readonly count: number;
  /** The time of the newest item added. */
  readonly lastTime: number;
  /**
   * The block of everything added since the last finish (or reset); starts over. The block is
   * valid until the next finish: the builder writes every block into the same memory.
   */
  finish(): Buffer;
  /** Forgets what was added. */
  reset(): void;
}

/** Blocks are little-endian; typed-array columns are copied as bytes only where the host is too. */
const LITTLE_ENDIAN = os.endianness() === 'LE';

/** Writes a column at `at` as little-endian bytes; returns the offset after it. */
export function writeColumn(block: Buffer, at: number, column: Float64Array | Uint32Array, count: number): number {
  const width = column.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN) {
    block.set(new Uint8Array(column.buffer, column.byteOffset, count * width), at);
    return at + count * width;
  }
  for (let i = 0; i < count; i += 1) at = width === 8 ? block.writeDoubleLE(column[i]!, at) : block.writeUInt32LE(column[i]!, at);
  return at;
}

/** `array`, or a copy at least `needed` long (doubling), for columns that grow as items come. */
export function withRoom<T extends Float64Array | Uint32Array | Uint8Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  let size = Math.max(16, array.length * 2);
  while (size < needed) size *= 2;
  const grown = new (array.constructor as new (length: number) => T)(size);
  grown.set(array);
  return grown;
}

/**
 * One buffer a builder writes each of its blocks into, grown when a block needs more. A flood
 * flushes megabytes ten times a second per history; a fresh buffer for each would be that much
 * memory for the garbage collector to find, and V8 answers such a rate of new ArrayBuffers with a
 * full collection several times a second.
 */
export class ReusedBuffer {
  private buffer = Buffer.allocUnsafeSlow(0);

  /** `bytes` of memory, valid until the next take. */
  take(bytes: number): Buffer {
    if (this.buffer.byteLength < bytes) this.buffer = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * this.buffer.byteLength));
    return this.buffer.subarray(0, bytes);
  }
}
