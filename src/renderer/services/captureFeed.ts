import type { Disposable } from '../../shared/contract/channel';
import type { InspectorService } from '../../shared/contract/inspector';
import type { PacketBatch } from '../../shared/inspector/packets/types';
import { packetLog } from './packetLog';
import { useAppStore } from '../store';

const BACKFILL_PAGE = 10_000;

/**
 * Packet rows reach the UI only while someone looks at them (the Packets or Flows view): a row
 * per captured packet would otherwise cost the engine and the transport as much as the messages
 * themselves. Opening a view first catches up on what was captured meanwhile (also after a
 * reload), then follows live; rows that arrive during the catch-up wait, so the UI's buffer stays
 * in capture order and without gaps. A live batch that skips rows (the engine drops them for a
 * page that fell behind) starts the catch-up again.
 */
export class CaptureFeed {
  private listener: Disposable | undefined;
  private generation = 0;

  constructor(private readonly inspector: InspectorService) {}

  async setActive(active: boolean): Promise<void> {
    const generation = ++this.generation;
    this.listener?.dispose();
    this.listener = undefined;
    if (!active) return;

    const waiting: PacketBatch[] = [];
    let caughtUp = false;
    this.listener = this.inspector.onDidCapturePackets((batch) => {
      if (!caughtUp) waiting.push(batch);
      // In browser mode a page that fell behind misses live rows: catch up again from the engine.
      else if (skipsRows(batch)) void this.setActive(true);
      else apply(batch);
    });
    const newest = new Map<string, number>();
    for (const { id } of useAppStore.getState().connections) {
      if (generation !== this.generation) return;
      newest.set(id, await this.catchUp(id));
    }
    if (generation !== this.generation) return;
    caughtUp = true;
    for (const batch of waiting) apply({ ...batch, rows: batch.rows.filter((row) => row.no > (newest.get(row.connectionId) ?? 0)) });
  }

  /** Fetches rows this UI has not seen; returns the newest `no` it now holds. */
  private async catchUp(id: string): Promise<number> {
    try {
      const counts = await this.inspector.counts(id);
      useAppStore.getState().setCaptureCounts({ [id]: counts });
      const buffer = packetLog.buffer(id);
      const have = buffer.at(buffer.total - 1)?.no ?? 0;
      const oldestWanted = counts.lastNo - Math.min(counts.kept, packetLog.capacity) + 1;
      // A gap (rows dropped by the engine, or cleared) would break the list's numbering: restart.
      if (have < oldestWanted - 1 || have > counts.lastNo) packetLog.clear(id);
      let next = Math.max(oldestWanted, (buffer.at(buffer.total - 1)?.no ?? 0) + 1);
      while (next <= counts.lastNo) {
        const rows = await this.inspector.rows(id, next, BACKFILL_PAGE);
        if (rows.length === 0) break;
        packetLog.append(rows);
        next = (rows[rows.length - 1]?.no ?? next) + 1;
      }
      return next - 1;
    } catch {
      // A connection removed meanwhile has nothing to show.
      return 0;
    }
  }
}

/** Whether a live batch starts past the row this UI holds last for one of its connections. */
function skipsRows(batch: PacketBatch): boolean {
  const firsts = new Map<string, number>();
  for (const row of batch.rows) if (!firsts.has(row.connectionId)) firsts.set(row.connectionId, row.no);
  for (const [id, no] of firsts) {
    const buffer = packetLog.buffer(id);
    const have = buffer.at(buffer.total - 1)?.no;
    if (have !== undefined && no > have + 1) return true;
  }
  return false;
}

function apply(batch: PacketBatch): void {
  useAppStore.getState().setCaptureCounts(batch.counts);
  packetLog.append(batch.rows);
}
