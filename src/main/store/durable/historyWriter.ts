import fs from 'node:fs';
import { DEFAULT_HISTORY_RETENTION } from '../../../shared/domain/messageStore';
import { encodeRunStartBlock, type BlockBuilder } from './blockCodec';
import { retire, type Retention } from './retention';
import { describeWriteError, makeFolder, segmentFile, type SegmentInfo } from './segmentFiles';

export type WriterOptions = {
  /** Messages reach the disk at most this long after they arrived (what a crash can lose). */
  flushMs: number;
  /** A segment file is closed and the next one started beyond either size. */
  segmentBytes: number;
  segmentMessages: number;
  /** After a failed write, how long until writing is tried again (in a new segment file). */
  retryMs: number;
  retention: Retention;
  now: () => number;
};

export const DEFAULT_WRITER_OPTIONS: WriterOptions = {
  flushMs: 100,
  segmentBytes: 32 * 1024 * 1024,
  segmentMessages: 65_536,
  retryMs: 2_000,
  retention: DEFAULT_HISTORY_RETENTION,
  now: Date.now,
};

/**
 * Appends one connection's messages (or packets) to its segment files, one checksummed block per flush.
 * Writes are synchronous and small (one flush interval's messages), so a block is either
 * entirely handed to the OS or cut at the next start. When a write fails (disk full,
 * read-only folder) the writer stops, says why once through `onProblem`, drops what it holds
 * (the in-memory store still has it) and tries again in a new file every `retryMs`.
 */
export class HistoryWriter<T> {
  private timer: NodeJS.Timeout | undefined;
  private fd: number | undefined;
  private current: SegmentInfo | undefined;
  private runStarted = false;
  private stopped = false;
  private retryAt = 0;
  private lastRetention = 0;
  problem: string | undefined;

  constructor(
    private readonly dir: string,
    /** Sealed segments from earlier runs, oldest first; the writer retires them by retention. */
    private readonly segments: SegmentInfo[],
    private nextNumber: number,
    private options: WriterOptions,
    private readonly onProblem: (problem: string | undefined) => void,
    /** What this flush interval's items are copied into as they come. */
    private readonly pending: BlockBuilder<T>,
  ) {}

  get retention(): Retention {
    return this.options.retention;
  }

  /** New limits apply at once: segments beyond them are deleted now. */
  setRetention(retention: Retention): void {
    this.options = { ...this.options, retention };
    this.applyRetention(this.options.now());
  }

  /** Bytes the history takes on disk now. */
  get diskBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.bytes, 0);
  }

  get diskMessages(): number {
    return this.segments.reduce((sum, segment) => sum + segment.messages, 0);
  }

  append(item: T): void {
    if (this.stopped) return;
    this.pending.add(item);
    this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
  }

  /** Writes what is pending now (also called on the timer and when closing). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    if (pending.count === 0) return;
    const now = this.options.now();
    if (this.problem !== undefined && now < this.retryAt) {
      // Not written, as the problem said: these stay in memory only.
      pending.reset();
      return;
    }
    try {
      if (this.fd === undefined || this.full()) this.startSegment();
      const blocks = this.runStarted ? [] : [encodeRunStartBlock(now)];
      const count = pending.count;
      const lastTime = pending.lastTime;
      blocks.push(pending.finish());
      for (const block of blocks) this.write(block);
      this.runStarted = true;
      this.current!.messages += count;
      this.current!.lastTime = lastTime;
      if (this.problem !== undefined) this.report(undefined);
    } catch (error) {
      pending.reset();
      this.fail(error, now);
      return;
    }
    if (this.full() || now - this.lastRetention > 60_000) this.applyRetention(now);
  }

  /** Deletes every segment file; later messages start a new one. */
  clear(): void {
    this.pending.reset();
    this.closeFile();
    for (const segment of this.segments.splice(0)) removeFile(segment.file);
  }

  close(): void {
    this.flush();
    this.closeFile();
  }

  /** Writes nothing more, ever (the connection is being deleted). */
  stop(): void {
    this.stopped = true;
    this.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private full(): boolean {
    const current = this.current;
    return current !== undefined && (current.bytes >= this.options.segmentBytes || current.messages >= this.options.segmentMessages);
  }

  private startSegment(): void {
    this.closeFile();
    makeFolder(this.dir);
    const number = this.nextNumber;
    const file = segmentFile(this.dir, number);
    // 'wx': a file of that number from an earlier run is never appended to blindly.
    this.fd = fs.openSync(file, 'wx');
    this.nextNumber = number + 1;
    this.current = { number, file, bytes: 0, messages: 0, lastTime: 0 };
    this.segments.push(this.current);
    // Every file starts with the run marker, so a reader never needs an older file to place it.
    this.runStarted = false;
  }

  private write(block: Buffer): void {
    const fd = this.fd!;
    let written = 0;
    try {
      while (written < block.byteLength) written += fs.writeSync(fd, block, written);
    } catch (error) {
      // Take a partly written block back, so the file ends on a whole block if the OS lets us.
      try {
        fs.ftruncateSync(fd, this.current!.bytes);
      } catch {
        // The next start cuts the torn block by its checksum instead.
      }
      throw error;
    }
    this.current!.bytes += block.byteLength;
  }

  private fail(error: unknown, now: number): void {
    this.closeFile();
    this.retryAt = now + this.options.retryMs;
    this.report(describeWriteError(error, this.dir));
  }

  private report(problem: string | undefined): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.onProblem(problem);
  }

  private applyRetention(now: number): void {
    this.lastRetention = now;
    for (const segment of retire(this.segments, this.current, this.options.retention, now)) {
      removeFile(segment.file);
      this.segments.splice(this.segments.indexOf(segment), 1);
    }
  }

  private closeFile(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Closing a file whose writes failed can fail too; it is done with either way.
      }
    }
    this.fd = undefined;
    // An empty file left by a failed first write goes, and its number is used again: a gap
    // in the numbering means a missing file to the reader.
    if (this.current && this.current.bytes === 0) {
      removeFile(this.current.file);
      this.segments.splice(this.segments.indexOf(this.current), 1);
      this.nextNumber = this.current.number;
    }
    this.current = undefined;
  }
}

function removeFile(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A file that cannot be deleted is read (and retired) again at the next start.
  }
}
