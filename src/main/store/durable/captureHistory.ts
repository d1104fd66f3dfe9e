import { BLOCK_KIND } from './blockCodec';
import { readHistory, type ReopenReport } from './historyReader';
import { HistoryWriter, type WriterOptions } from './historyWriter';
import type { Retention } from './retention';
import { PacketBlockBuilder, decodePacketsBlock, type StoredPacket } from './packetBlock';

/** Where captured packets are also kept on disk, when the connection keeps history. */
export interface CaptureHistorySink {
  append(packet: StoredPacket): void;
  clear(): void;
}

/** A capture as its history sees it (the inspector's ConnectionCapture): packets go back in, new ones come out. */
export interface HistoricCapture {
  restore(packet: StoredPacket): void;
  history: CaptureHistorySink | undefined;
}

/**
 * One connection's packet capture on disk, kept apart from its messages: read back into the
 * capture when the connection is created (summaries and flows are derived again from the bytes),
 * then appended to as packets are captured. Clearing the capture clears the files.
 */
export class CaptureHistory {
  private readonly writer: HistoryWriter<StoredPacket>;
  /** What reading it back found (packets cut from a torn tail), for whoever reports it. */
  readonly report: ReopenReport | undefined;

  constructor(dir: string, capture: HistoricCapture, options: WriterOptions, onProblem: (problem: string | undefined) => void = () => undefined) {
    try {
      this.report = readHistory(dir, BLOCK_KIND.packets, decodePacketsBlock, { item: (packet) => capture.restore(packet), runStart: () => undefined });
    } catch {
      // An unreadable folder: the capture starts empty and writing reports the problem, if any.
      this.report = undefined;
    }
    this.writer = new HistoryWriter(dir, this.report?.segments ?? [], this.report?.nextNumber ?? 1, options, onProblem, new PacketBlockBuilder());
    capture.history = {
      // The entry is a StoredPacket already (and more): no copy per packet on the hot path.
      append: (entry) => this.writer.append(entry),
      clear: () => this.writer.clear(),
    };
  }

  get diskBytes(): number {
    return this.writer.diskBytes;
  }

  get diskPackets(): number {
    return this.writer.diskMessages;
  }

  /** Why packets are not being written now, if they are not. */
  get problem(): string | undefined {
    return this.writer.problem;
  }

  flush(): void {
    this.writer.flush();
  }

  setRetention(retention: Retention): void {
    this.writer.setRetention(retention);
  }

  close(): void {
    this.writer.close();
  }

  /** Writes nothing more (the connection is being deleted or its history turned off). */
  stop(): void {
    this.writer.stop();
  }
}
