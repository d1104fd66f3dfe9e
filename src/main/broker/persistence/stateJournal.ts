import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { Encoder, decode } from '@msgpack/msgpack';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../store/atomicFile';

// The broker's state on disk is a journal: one record per change, in the order the broker made
// them, so reading it back and making the same changes rebuilds the state. A record is
// `length u32 | crc32 u32 | msgpack body` (little-endian); a record torn by a crash or flipped on
// disk fails its CRC and ends the read there, so a crash costs the tail and never the rest.
//
// Records reach the file at most FLUSH_INTERVAL_MS after the change. A write lands in the
// operating system's cache, which outlives the process: `kill -9` loses nothing that was written,
// only what had not been written yet (under FLUSH_INTERVAL_MS of changes). A power cut can lose
// what the OS had not put on disk; that is the price of not syncing on every message.

const RECORD_HEADER_BYTES = 8;
/** No single change is this big (a 256 MiB MQTT payload is the protocol's limit). */
const MAX_RECORD_BYTES = 300 * 1024 * 1024;
export const FLUSH_INTERVAL_MS = 200;

export type JournalRecord = readonly unknown[];

const encoder = new Encoder({ ignoreUndefined: true });

export function encodeRecord(record: JournalRecord): Buffer {
  const body = encoder.encode(record);
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + body.byteLength);
  out.writeUInt32LE(body.byteLength, 0);
  out.writeUInt32LE(crc32(body), 4);
  out.set(body, RECORD_HEADER_BYTES);
  return out;
}

/** What reading a journal found: the records before any damage, and how many bytes were cut. */
export type JournalRead = { records: JournalRecord[]; damagedBytes: number };

export function readJournal(file: string): JournalRead {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damagedBytes: 0 };
    throw error;
  }
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + RECORD_HEADER_BYTES + length;
    if (length > MAX_RECORD_BYTES || end > data.length) break;
    const body = data.subarray(offset + RECORD_HEADER_BYTES, end);
    if (crc32(body) !== data.readUInt32LE(offset + 4)) break;
    let record: unknown;
    try {
      record = decode(body);
    } catch {
      break;
    }
    if (!Array.isArray(record)) break;
    records.push(record);
    offset = end;
  }
  return { records, damagedBytes: data.length - offset };
}

/**
 * Appends records to one journal file, batched: a change costs an encode and a push, and the
 * batch is written by a timer. `replaceWith` swaps in a compacted journal (written to a temp file,
 * synced, renamed over), keeping any records appended since the snapshot was taken.
 */
export class JournalWriter {
  private pending: Buffer[] = [];
  /** Between beginSnapshot and replaceWith: records wait for the new file. */
  private holding = false;
  /** What was pending when the snapshot was read: in the snapshot, or written here if it fails. */
  private beforeSnapshot: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;
  private fd: number;
  /** Bytes in the file now, to decide when it is worth compacting. */
  size: number;
  /** The last write problem (a full disk), said once; cleared by a write that works. */
  problem: string | undefined;

  constructor(
    readonly file: string,
    private readonly onProblem: (problem: string | undefined) => void = () => undefined,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    this.fd = fs.openSync(file, 'a', PRIVATE_FILE_MODE);
    this.size = fs.fstatSync(this.fd).size;
  }

  append(record: JournalRecord): void {
    try {
      this.pending.push(encodeRecord(record));
    } catch (error) {
      // Never the broker's problem: the message is delivered; only keeping it failed.
      this.setProblem(`The embedded broker could not save a change of its state: ${(error as Error).message}`);
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || this.holding) return;
    const chunk = Buffer.concat(this.pending);
    this.pending = [];
    try {
      fs.writeSync(this.fd, chunk);
      this.size += chunk.length;
      this.setProblem(undefined);
    } catch (error) {
      // Kept in memory and retried with the next batch: the broker runs on, the state is not lost
      // while the app runs, and the user is told the disk refused it.
      this.pending.unshift(chunk);
      this.setProblem(`The embedded broker could not save its state to ${this.file}: ${(error as Error).message}`);
      this.timer ??= setTimeout(() => this.flush(), 1000);
    }
  }

  /**
   * Called in the same tick as the state is read for a snapshot: what is pending is in the
   * snapshot, and what comes after waits for the new file instead of going to the old one.
   */
  beginSnapshot(): void {
    this.beforeSnapshot = this.pending;
    this.pending = [];
    this.holding = true;
  }

  /** Replaces the file with `snapshot` (the whole state as records), then what came after it. */
  replaceWith(snapshot: readonly JournalRecord[]): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    const chunks = [...snapshot.map(encodeRecord), ...this.pending];
    const after = this.pending;
    this.holding = false;
    try {
      const fd = fs.openSync(temp, 'w', PRIVATE_FILE_MODE);
      try {
        for (const chunk of chunks) fs.writeSync(fd, chunk);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      // The old journal stays, and goes on from where it was: nothing is lost by a failed compaction.
      fs.rmSync(temp, { force: true });
      this.pending = [...this.beforeSnapshot, ...after];
      this.beforeSnapshot = [];
      this.flush();
      throw error;
    }
    this.pending = [];
    this.beforeSnapshot = [];
    fs.closeSync(this.fd);
    fs.renameSync(temp, this.file);
    this.fd = fs.openSync(this.file, 'a', PRIVATE_FILE_MODE);
    this.size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  close(): void {
    if (this.holding) this.pending = [...this.beforeSnapshot, ...this.pending];
    this.holding = false;
    this.flush();
    fs.closeSync(this.fd);
  }

  private setProblem(problem: string | undefined): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.onProblem(problem);
  }
}
