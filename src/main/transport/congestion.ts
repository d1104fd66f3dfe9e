/** Above this many bytes waiting to be sent to one UI, that UI counts as congested... */
export const CONGESTED_BYTES = 8 * 1024 * 1024;
/**
 * ...until it is back below this. The gap keeps the engine from flapping at every batch, and
 * not waiting for zero keeps the UI's socket busy while the engine refills it.
 */
export const DRAINED_BYTES = 2 * 1024 * 1024;

/**
 * Events a congested UI does not get: firehoses whose every item the engine also keeps, so the UI
 * can fetch what it missed (messages from the store by sequence number). Packets never stream:
 * the UI pages them from the capture, and only view statuses (small, latest wins) are pushed.
 */
export const LIVE_STREAMS: ReadonlySet<string> = new Set(['connections.onDidReceiveMessages']);

/**
 * Which UI transports are behind. A transport reports how many bytes it has accepted but not yet
 * handed to the OS; while one is congested it skips live batches for that UI only (see
 * LIVE_STREAMS), so a frozen or closed tab costs the engine at most this buffer. The engine never
 * stops reading from the brokers: its message store is the buffer, and the UI catches up from it
 * by the batches' sequence numbers once it reads again.
 *
 * Browser mode reports a page's socket buffer; Electron IPC reports the bytes of events its
 * renderer has not yet acknowledged (see ipcAdapter.ts).
 */
export class CongestionMonitor {
  private readonly congested = new Set<object>();
  private peak = 0;

  get isCongested(): boolean {
    return this.congested.size > 0;
  }

  /** Whether this one transport is behind now. */
  isBehind(source: object): boolean {
    return this.congested.has(source);
  }

  /** The most bytes one transport has held at once; what backpressure keeps bounded. */
  get peakBufferedBytes(): number {
    return this.peak;
  }

  /** `source` identifies one transport (one page's socket). */
  report(source: object, bufferedBytes: number): void {
    this.peak = Math.max(this.peak, bufferedBytes);
    if (this.congested.has(source)) {
      if (bufferedBytes < DRAINED_BYTES) this.remove(source);
    } else if (bufferedBytes > CONGESTED_BYTES) {
      this.congested.add(source);
    }
  }

  /** The transport went away: whatever it had queued no longer holds the engine back. */
  remove(source: object): void {
    this.congested.delete(source);
  }
}
