import fs from 'node:fs';
import type { HistoryRetention, HistoryStatus } from '../../../shared/domain/messageStore';
import type { IncomingMessage, MessageStore } from '../messageStore';
import { BLOCK_KIND } from './blockCodec';
import { MessageBlockBuilder, decodeMessagesBlock } from './messageBlock';
import { readHistory, type ReopenReport } from './historyReader';
import { HistoryWriter, type WriterOptions } from './historyWriter';
import type { CaptureHistory } from './captureHistory';

/**
 * One connection's messages on disk: read back into its in-memory store when it is created, then
 * appended to as they arrive. The store stays what the log, search, topics and export read; this
 * only makes it outlive the process.
 */
export class ConnectionHistory {
  private readonly writer: HistoryWriter<IncomingMessage>;
  private restarts: number[] = [];
  /** The connection's packets on disk, reported with its messages. */
  capture: CaptureHistory | undefined;
  private readonly notice: string | undefined;

  /** `dir`: the segment files; `home`: the connection's whole folder, deleted with it. */
  constructor(
    private readonly dir: string,
    private readonly home: string,
    private readonly store: MessageStore,
    options: WriterOptions,
    onProblem: (problem: string | undefined) => void = () => undefined,
  ) {
    let read = 0;
    let report: ReopenReport | undefined;
    let problem: string | undefined;
    try {
      report = readHistory(dir, BLOCK_KIND.messages, decodeMessagesBlock, {
        item: (message) => {
          store.append(message);
          read += 1;
        },
        runStart: () => {
          if (read > 0) this.restarts.push(store.end);
        },
      });
    } catch (error) {
      problem = `The history in ${dir} could not be read (${error instanceof Error ? error.message : String(error)}); new messages are kept in memory only.`;
    }
    // This run begins after everything read back.
    if (read > 0) this.restarts.push(store.end);
    this.restarts = [...new Set(this.restarts)];
    this.notice = report && describeReopen(report);
    this.writer = new HistoryWriter(dir, report?.segments ?? [], report?.nextNumber ?? 1, options, onProblem, new MessageBlockBuilder());
    if (problem !== undefined) this.notice = problem;
    store.describeHistory = () => this.status();
  }

  append(message: IncomingMessage): void {
    this.writer.append(message);
  }

  status(): HistoryStatus {
    const first = this.store.first;
    const problem = this.writer.problem ?? this.capture?.problem;
    return {
      diskBytes: this.writer.diskBytes,
      diskMessages: this.writer.diskMessages,
      ...(this.capture ? { packets: { diskBytes: this.capture.diskBytes, diskPackets: this.capture.diskPackets } } : {}),
      retention: this.writer.retention,
      ...(problem !== undefined ? { problem: `History is not being written to disk: ${problem}. Messages and packets are kept in memory only until writing works again.` } : {}),
      ...(this.notice !== undefined ? { notice: this.notice } : {}),
      restarts: this.restarts.filter((seq) => seq > first && seq < this.store.end),
    };
  }

  setRetention(retention: HistoryRetention): void {
    this.writer.setRetention(retention);
    this.capture?.setRetention(retention);
  }

  /** Forgets the files (Clear): the store is cleared by its owner. */
  clear(): void {
    this.writer.clear();
    this.restarts = [];
  }

  /** Writes what is pending now rather than at the end of the flush interval. */
  flush(): void {
    this.writer.flush();
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.writer.close();
  }

  /** The connection was deleted: its history goes with it. */
  remove(): void {
    this.writer.stop();
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

function describeReopen(report: ReopenReport): string | undefined {
  const parts: string[] = [];
  if (report.cutBlocks > 0) {
    const lost = report.cutMessages === 1 ? '1 message' : `${report.cutMessages.toLocaleString('en-US')} messages`;
    parts.push(`the end of the last write was torn (QoScope stopped while writing), so ${lost} were cut`);
  }
  if (report.damagedBlocks > 0) parts.push(`${report.damagedBlocks} damaged block${report.damagedBlocks === 1 ? '' : 's'} in the middle of a file failed the checksum, so ${report.damagedMessages.toLocaleString('en-US')} messages were skipped`);
  if (report.missingSegments > 0) parts.push(`${report.missingSegments} history file${report.missingSegments === 1 ? ' was' : 's were'} missing, with the messages in them`);
  if (report.unreadableSegments > 0) parts.push(`${report.unreadableSegments} history file${report.unreadableSegments === 1 ? ' was' : 's were'} unreadable`);
  if (parts.length === 0) return undefined;
  return `Reopened ${report.messages.toLocaleString('en-US')} messages from disk; ${parts.join('; ')}.`;
}
