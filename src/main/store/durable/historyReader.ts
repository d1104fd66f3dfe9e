import fs from 'node:fs';
import { BLOCK_KIND, BLOCK_MAGIC, HEADER_BYTES, blockIsIntact, readHeader, type BlockHeader } from './blockCodec';
import { listSegmentFiles, type SegmentInfo } from './segmentFiles';

/** What reading a history back found, beyond the messages themselves. */
export type ReopenReport = {
  segments: SegmentInfo[];
  /** The number the next segment file gets. */
  nextNumber: number;
  messages: number;
  /** Messages in blocks cut because they were torn or failed their checksum. */
  cutMessages: number;
  /** Blocks (or block fragments) cut. */
  cutBlocks: number;
  /** Blocks in the middle of a file that failed their checksum, skipped, and the messages they held. */
  damagedBlocks: number;
  damagedMessages: number;
  /** Segment files missing between the oldest and the newest. */
  missingSegments: number;
  /** Segment files that could not be read at all. */
  unreadableSegments: number;
};

/** Decodes one intact block of its kind, throwing when its body does not add up. */
export type BlockDecoder<T> = (file: Buffer, at: number, header: BlockHeader, visit: (item: T) => void) => void;

export type ReopenSink<T> = {
  item(item: T): void;
  /** A previous run started here (every block after it is from that run). */
  runStart(time: number): void;
};

/**
 * Reads every segment of a history oldest first into `sink`. A block that is torn (the process
 * died while writing it) or fails its checksum ends what is read of that file: the rest of the
 * file is cut off, so the next run appends after sound data, and counted for the notice.
 */
export function readHistory<T extends { time: number }>(dir: string, kind: number, decode: BlockDecoder<T>, sink: ReopenSink<T>): ReopenReport {
  const report: ReopenReport = { segments: [], nextNumber: 1, messages: 0, cutMessages: 0, cutBlocks: 0, damagedBlocks: 0, damagedMessages: 0, missingSegments: 0, unreadableSegments: 0 };
  const files = listSegmentFiles(dir);
  let previous: number | undefined;
  for (const { number, file } of files) {
    if (previous !== undefined && number > previous + 1) report.missingSegments += number - previous - 1;
    previous = number;
    report.nextNumber = number + 1;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      report.unreadableSegments += 1;
      continue;
    }
    report.segments.push(readSegment(number, file, bytes, { kind, decode }, sink, report));
  }
  return report;
}

type Blocks<T> = { kind: number; decode: BlockDecoder<T> };

function readSegment<T extends { time: number }>(number: number, file: string, bytes: Buffer, blocks: Blocks<T>, sink: ReopenSink<T>, report: ReopenReport): SegmentInfo {
  const info: SegmentInfo = { number, file, bytes: 0, messages: 0, lastTime: 0 };
  let at = 0;
  while (at < bytes.byteLength) {
    const header = readHeader(bytes, at);
    if (!header || !blockIsIntact(bytes, at, header) || !readBlock(bytes, at, header, blocks, sink, info)) {
      // A torn header still tells how many messages its block held, when enough of it was written.
      const lost = header && plausibleCount(header) ? header.count : 0;
      const next = nextIntactBlock(bytes, at + 1);
      if (next === undefined) {
        // The tail: what the process was writing when it stopped.
        report.cutBlocks += 1;
        report.cutMessages += lost;
        cutAt(file, at);
        break;
      }
      // Damage in the middle of a file (the disk, not a crash): skipped, and the rest read on.
      report.damagedBlocks += 1;
      report.damagedMessages += lost;
      at = next;
      continue;
    }
    at += HEADER_BYTES + header.bodyBytes;
  }
  info.bytes = Math.min(at, bytes.byteLength);
  report.messages += info.messages;
  return info;
}

function readBlock<T extends { time: number }>(bytes: Buffer, at: number, header: BlockHeader, blocks: Blocks<T>, sink: ReopenSink<T>, info: SegmentInfo): boolean {
  if (header.kind === BLOCK_KIND.runStart) {
    sink.runStart(bytes.readDoubleLE(at + HEADER_BYTES));
    return true;
  }
  if (header.kind !== blocks.kind) return false;
  // Decoded in full before any item goes to the sink, so a bad block adds nothing.
  const items: T[] = [];
  try {
    blocks.decode(bytes, at, header, (item) => items.push(item));
  } catch {
    return false;
  }
  for (const item of items) sink.item(item);
  info.messages += items.length;
  if (items.length > 0) info.lastTime = items[items.length - 1]!.time;
  return true;
}

const MAGIC = Buffer.alloc(4);
MAGIC.writeUInt32LE(BLOCK_MAGIC);

/** Where the next sound block after damage starts, if any. */
function nextIntactBlock(bytes: Buffer, from: number): number | undefined {
  for (let at = bytes.indexOf(MAGIC, from); at !== -1; at = bytes.indexOf(MAGIC, at + 1)) {
    const header = readHeader(bytes, at);
    if (header && blockIsIntact(bytes, at, header)) return at;
  }
  return undefined;
}

/** A header whose count fits its body (each item takes at least 13 bytes there); a damaged one may not. */
function plausibleCount(header: BlockHeader): boolean {
  return header.count * 13 <= header.bodyBytes;
}

/** Best effort: a read-only folder keeps the torn bytes, and the next start cuts them again. */
function cutAt(file: string, length: number): void {
  try {
    fs.truncateSync(file, length);
  } catch {
    // Reported through the counts either way; nothing else to do.
  }
}
