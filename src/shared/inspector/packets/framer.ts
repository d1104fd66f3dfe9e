// Cuts one direction of one socket's byte stream into MQTT control packets. Framing needs only
// the fixed header: the first byte, then the Remaining Length, a Variable Byte Integer of one to
// four bytes (MQTT 5.0 §1.5.5 and §2.1.4, MQTT 3.1.1 §2.2.3). Everything else is the decoder's
// business, so a packet with bad flags or a bad body is still framed exactly.

/** One control packet as it crossed the socket, or bytes that could not be framed. */
export type Frame = { bytes: Uint8Array; malformed?: string };

export type RemainingLength = { value: number; length: number; minimal: boolean };

/** 0xFF 0xFF 0xFF 0x7F: the largest value four 7-bit groups can carry. */
export const MAX_REMAINING_LENGTH = 268_435_455;

const MAX_LENGTH_BYTES = 4;
const MAX_HEADER_BYTES = 1 + MAX_LENGTH_BYTES;
// A buffered frame grows by doubling from here, never past its declared size: a header that
// claims 256 MB must not make us allocate 256 MB before a single body byte has arrived.
const MIN_BUFFER = 4096;

export const REMAINING_LENGTH_TOO_LONG =
  'Remaining Length continues past 4 bytes; the maximum is 4 (MQTT 5.0 §1.5.5, 3.1.1 §2.2.3)';
export const NOT_RESYNCHRONISED = 'after a malformed packet; stream not resynchronised';

/**
 * Reads a Variable Byte Integer at `offset`. Undefined means the bytes end before the integer
 * does. An encoding with a redundant trailing zero group (0x80 0x00 for 0) still frames, but it
 * breaks "the minimum number of bytes" [MQTT-1.5.5-1], so the caller can flag it.
 */
export function readRemainingLength(
  bytes: Uint8Array,
  offset: number,
  end: number = bytes.length,
): RemainingLength | { error: string } | undefined {
  let value = 0;
  let multiplier = 1;
  for (let i = 0; i < MAX_LENGTH_BYTES; i++) {
    const at = offset + i;
    if (at >= end) return undefined;
    const byte = bytes[at] ?? 0;
    value += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return { value, length: i + 1, minimal: i === 0 || byte !== 0 };
    multiplier *= 128;
  }
  return { error: REMAINING_LENGTH_TOO_LONG };
}

/** Keeps a frame's bytes beyond the chunk they arrived in; the default copies into a new array. */
export type FrameStore = (view: Uint8Array) => Uint8Array;
const copyOut: FrameStore = (view) => view.slice();
const NO_FRAMES: readonly Frame[] = Object.freeze([]);

/** Whether a frame that begins with this first byte is wanted at all; the rest are only counted. */
export type FrameFilter = (firstByte: number) => boolean;

export class Framer {
  /**
   * `store` decides where a frame that arrived whole inside one chunk is kept: never a view of
   * the chunk, which would pin the whole (possibly large) chunk in the capture. `wanted` lets a
   * reader that needs only some packet types skip the others' bytes without copying them.
   */
  constructor(
    private readonly store: FrameStore = copyOut,
    private readonly wanted?: FrameFilter,
  ) {}

  /** Bytes still to pass of a frame that is not wanted. */
  private skipping = 0;

  /** Header bytes of a frame whose header is split across chunks. */
  private readonly header = new Uint8Array(MAX_HEADER_BYTES);
  private headerLength = 0;
  /** The frame being filled once its size is known; `buffer` may still be shorter than `size`. */
  private buffer: Uint8Array | undefined;
  private size = 0;
  private filled = 0;
  /** After a framing error nothing later can be trusted to start on a packet boundary. */
  private broken = false;

  /** Frames completed by the chunk being pushed; made only when there is one (most writes complete none). */
  private found: Frame[] | undefined;

  push(chunk: Uint8Array): readonly Frame[] {
    if (this.broken) {
      if (chunk.length > 0) this.emit({ bytes: chunk.slice(), malformed: NOT_RESYNCHRONISED });
      return this.take();
    }
    let at = 0;
    while (at < chunk.length) {
      if (this.skipping > 0) {
        const count = Math.min(this.skipping, chunk.length - at);
        this.skipping -= count;
        at += count;
      } else if (this.buffer) {
        at = this.fill(chunk, at);
      } else if (this.headerLength > 0) {
        this.header[this.headerLength++] = chunk[at++] ?? 0;
        at = this.afterHeaderByte(chunk, at);
      } else {
        at = this.fromChunk(chunk, at);
      }
    }
    return this.take();
  }

  private emit(frame: Frame): void {
    (this.found ??= []).push(frame);
  }

  private take(): readonly Frame[] {
    const frames = this.found ?? NO_FRAMES;
    this.found = undefined;
    return frames;
  }

  /** At a packet boundary inside `chunk`: the common case, one copy per frame and no buffering. */
  private fromChunk(chunk: Uint8Array, at: number): number {
    const length = at + 1 < chunk.length ? readRemainingLength(chunk, at + 1) : undefined;
    if (length === undefined) {
      this.header.set(chunk.subarray(at));
      this.headerLength = chunk.length - at;
      return chunk.length;
    }
    if ('error' in length) return this.breakStream(chunk, at, at + MAX_HEADER_BYTES);
    const total = 1 + length.length + length.value;
    if (this.wanted && !this.wanted(chunk[at] ?? 0)) {
      this.skipping = total;
      return at;
    }
    if (at + total <= chunk.length) {
      // A plain Uint8Array view: subarray on a Buffer chunk makes a Buffer, several times slower
      // to create, once per packet.
      this.emit({ bytes: this.store(new Uint8Array(chunk.buffer, chunk.byteOffset + at, total)) });
      return at + total;
    }
    this.startBuffer(total, chunk.length - at);
    return this.fill(chunk, at);
  }

  private afterHeaderByte(chunk: Uint8Array, at: number): number {
    if (this.headerLength < 2) return at;
    const length = readRemainingLength(this.header, 1, this.headerLength);
    if (length === undefined) return at;
    if ('error' in length) {
      this.emit({ bytes: this.header.slice(0, this.headerLength), malformed: length.error });
      this.headerLength = 0;
      return this.breakStream(chunk, at, at);
    }
    const headerBytes = this.headerLength;
    this.headerLength = 0;
    if (this.wanted && !this.wanted(this.header[0] ?? 0)) {
      this.skipping = 1 + length.length + length.value - headerBytes;
      return at;
    }
    this.startBuffer(1 + length.length + length.value, headerBytes + chunk.length - at);
    this.append(this.header.subarray(0, headerBytes));
    return this.completeIfFull(at);
  }

  private startBuffer(size: number, available: number): void {
    this.size = size;
    this.filled = 0;
    this.buffer = new Uint8Array(Math.min(size, Math.max(available, MIN_BUFFER)));
  }

  private fill(chunk: Uint8Array, at: number): number {
    const count = Math.min(this.size - this.filled, chunk.length - at);
    this.append(chunk.subarray(at, at + count));
    return this.completeIfFull(at + count);
  }

  // Doubling keeps a frame that trickles in over many chunks at amortised O(n) copying, and
  // the cap at `size` means the finished buffer is exactly the frame.
  private append(bytes: Uint8Array): void {
    const needed = this.filled + bytes.length;
    let buffer = this.buffer ?? new Uint8Array(0);
    if (needed > buffer.length) {
      const grown = new Uint8Array(Math.min(this.size, Math.max(needed, buffer.length * 2)));
      grown.set(buffer.subarray(0, this.filled));
      buffer = grown;
    }
    buffer.set(bytes, this.filled);
    this.buffer = buffer;
    this.filled = needed;
  }

  private completeIfFull(at: number): number {
    if (this.buffer && this.filled === this.size) {
      this.emit({ bytes: this.buffer });
      this.buffer = undefined;
      this.size = 0;
      this.filled = 0;
    }
    return at;
  }

  /** Emits the bad header as one malformed frame and the rest of the chunk as another. */
  private breakStream(chunk: Uint8Array, headerStart: number, headerEnd: number): number {
    if (headerEnd > headerStart) {
      this.emit({ bytes: chunk.slice(headerStart, headerEnd), malformed: REMAINING_LENGTH_TOO_LONG });
    }
    if (headerEnd < chunk.length) this.emit({ bytes: chunk.slice(headerEnd), malformed: NOT_RESYNCHRONISED });
    this.broken = true;
    return chunk.length;
  }
}
