import type { PacketViewStatus } from '../../shared/contract/inspector';
import { packetPredicate, type PacketQuery, type QueriedPacket } from '../../shared/inspector/packetQuery';
import type { PacketRow } from '../../shared/inspector/packets/types';
import { MatchList } from '../store/matchList';
import type { ConnectionCapture } from './connectionCapture';

/** Packets a filter looks at per step, so a large capture is searched between other work. */
const SCAN_STEP = 20_000;

/**
 * One packet list as a UI shows it: every packet of a connection's capture, or those matching a
 * query. A filtered view keeps the matching packet numbers (8 bytes each), found a step at a time
 * and then as packets arrive; rows are built only for the page asked for.
 */
export class PacketView {
  private readonly predicate: ((packet: QueriedPacket) => boolean) | undefined;
  /** The matching packet numbers. */
  private readonly matches = new MatchList();
  /** The next packet number to look at. */
  private scannedNo: number;

  constructor(
    readonly id: string,
    readonly connectionId: string,
    query: PacketQuery,
    private readonly capture: ConnectionCapture,
  ) {
    this.predicate = packetPredicate(query);
    this.scannedNo = capture.firstKeptNo;
  }

  get done(): boolean {
    return this.predicate === undefined || this.scannedNo >= this.capture.endNo;
  }

  /** Looks at up to `step` more packets. */
  scan(step = SCAN_STEP): void {
    const predicate = this.predicate;
    if (!predicate) return;
    this.trim();
    const start = Math.max(this.scannedNo, this.capture.firstKeptNo);
    const stop = Math.min(this.capture.endNo, start + step);
    for (let no = start; no < stop; no += 1) {
      const entry = this.capture.entry(no);
      if (entry && predicate(this.capture.queried(entry))) this.matches.push(no);
    }
    this.scannedNo = stop;
  }

  status(): PacketViewStatus {
    const counts = this.capture.counts();
    if (!this.predicate) return { viewId: this.id, connectionId: this.connectionId, first: this.capture.firstKeptNo, end: this.capture.endNo, done: true, counts };
    this.trim();
    return { viewId: this.id, connectionId: this.connectionId, first: this.matches.first, end: this.matches.end, done: this.done, counts };
  }

  /** Rows [start, start + count) of this view that are still kept. */
  read(start: number, count: number): PacketRow[] {
    if (!this.predicate) return this.capture.rows(start, count);
    this.trim();
    const rows: PacketRow[] = [];
    const from = Math.max(start, this.matches.first);
    const to = Math.min(start + count, this.matches.end);
    for (let index = from; index < to; index += 1) {
      const entry = this.capture.entry(this.matches.at(index));
      if (entry) rows.push(this.capture.toRow(entry));
    }
    return rows;
  }

  /** Matches the capture has dropped (or cleared) leave the front of the view. */
  private trim(): void {
    this.matches.dropBelow(this.capture.firstKeptNo);
  }
}
