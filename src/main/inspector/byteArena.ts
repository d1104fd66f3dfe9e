/** Slab size: big enough to amortise allocation, small enough that a freed slab is no big loss. */
const SLAB_BYTES = 256 * 1024;
/** Larger frames get their own buffer; packing them would waste most of a slab. */
const MAX_PACKED_BYTES = 4 * 1024;

/**
 * Keeps many small byte strings (captured frames) in shared slabs instead of one ArrayBuffer
 * each: far fewer allocations and far less per-frame overhead for the garbage collector. Frames
 * are evicted oldest-first, so a slab is freed once the last frame viewing it is gone.
 */
export class ByteArena {
  private slab = new Uint8Array(SLAB_BYTES);
  private used = 0;

  readonly copy = (bytes: Uint8Array): Uint8Array => {
    const length = bytes.length;
    if (length > MAX_PACKED_BYTES) return bytes.slice();
    if (this.used + length > SLAB_BYTES) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.used = 0;
    }
    const start = this.used;
    this.slab.set(bytes, start);
    this.used = start + length;
    return this.slab.subarray(start, start + length);
  };
}
