/** Payloads above this reach the UI as a preview of this many bytes plus their size. */
export const PREVIEW_BYTES = 64 * 1024;
/** The engine keeps full large payloads up to this total, oldest dropped first. */
export const LARGE_PAYLOAD_BUDGET_BYTES = 512 * 1024 * 1024;

/**
 * The full bytes of large messages, so the UI never has to hold (or receive in one batch) a
 * 100 MB payload: it gets a preview and asks for the whole thing when the user does.
 */
export class LargePayloads {
  private readonly payloads = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly budget = LARGE_PAYLOAD_BUDGET_BYTES) {}

  keep(connectionId: string, seq: number, payload: Uint8Array): void {
    this.payloads.set(key(connectionId, seq), payload);
    this.bytes += payload.byteLength;
    // Maps iterate in insertion order: the first entries are the oldest.
    for (const [oldest, bytes] of this.payloads) {
      if (this.bytes <= this.budget) break;
      this.payloads.delete(oldest);
      this.bytes -= bytes.byteLength;
    }
  }

  get(connectionId: string, seq: number): Uint8Array | undefined {
    return this.payloads.get(key(connectionId, seq));
  }

  forget(connectionId: string): void {
    for (const [k, bytes] of this.payloads) {
      if (k.startsWith(`${connectionId}|`)) {
        this.payloads.delete(k);
        this.bytes -= bytes.byteLength;
      }
    }
  }
}

const key = (connectionId: string, seq: number) => `${connectionId}|${seq}`;
