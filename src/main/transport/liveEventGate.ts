import { LIVE_STREAMS, type CongestionMonitor } from './congestion';

/**
 * Sends one UI's events, and while that UI is behind, holds back its live batches (LIVE_STREAMS)
 * instead of queueing them: only the newest skipped batch per listener is kept. Once the UI has
 * drained, that one goes out; it tells the UI how far the engine got, and the UI fetches the gap
 * before it from the engine (the store, the capture). Shared by both UI transports, which differ
 * only in how they measure what is waiting (socket buffer, unacknowledged IPC bytes).
 */
export class LiveEventGate {
  private readonly skipped = new Map<number, unknown>();
  private readonly skippable = new Set<number>();

  constructor(
    private readonly source: object,
    private readonly congestion: CongestionMonitor,
    private readonly send: (id: number, payload: unknown) => void,
  ) {}

  /** A listener was opened: its events are skippable when it is one of the live streams. */
  opened(id: number, service: string, event: string): void {
    if (LIVE_STREAMS.has(`${service}.${event}`)) this.skippable.add(id);
  }

  closed(id: number): void {
    this.skipped.delete(id);
    this.skippable.delete(id);
  }

  event(id: number, payload: unknown): void {
    if (this.skippable.has(id) && this.congestion.isBehind(this.source)) this.skipped.set(id, payload);
    else this.send(id, payload);
  }

  /** The transport's backlog now, after a send or a completed write / acknowledgement. */
  measured(backlogBytes: number): void {
    this.congestion.report(this.source, backlogBytes);
    if (this.skipped.size === 0 || this.congestion.isBehind(this.source)) return;
    const newest = [...this.skipped];
    this.skipped.clear();
    for (const [id, payload] of newest) this.send(id, payload);
  }

  dispose(): void {
    this.skipped.clear();
    this.skippable.clear();
    this.congestion.remove(this.source);
  }
}
