import fs from 'node:fs';
import type { IncomingMessage } from '../messageStore';
import { BLOCK_KIND, HEADER_BYTES, blockIsIntact, decodeMessagesBlock, readHeader } from './blockCodec';
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
  /** Segment files missing between the oldest and the newest. */
  missingSegments: number;
  /** Segment files that could not be read at all. */
  unreadableSegments: number;
};

export type ReopenSink = {
  message(message: IncomingMessage): void;
  /** A previous run started here (every block after it is from that run). */
  runStart(time: number): void;
};

/**
 * Reads every segment of a history oldest first into `sink`. A block that is torn (the process
 * died while writing it) or fails its checksum ends what is read of that file: the rest of the
 * file is cut off, so the next run appends after sound data, and counted for the notice.
 */
export function readHistory(dir: string, sink: ReopenSink): ReopenReport {
  const report: ReopenReport = { segments: [], nextNumber: 1, messages: 0, cutMessages: 0, cutBlocks: 0, missingSegments: 0, unreadableSegments: 0 };
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
    report.segments.push(readSegment(number, file, bytes, sink, report));
  }
  return report;
}

function readSegment(number: number, file: string, bytes: Buffer, sink: ReopenSink, report: ReopenReport): SegmentInfo {
  const info: SegmentInfo = { number, file, bytes: 0, messages: 0, lastTime: 0 };
  const topics: string[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    const header = readHeader(bytes, at);
    if (!header || !blockIsIntact(bytes, at, header) || !readBlock(bytes, at, header, topics, sink, info)) {
      report.cutBlocks += 1;
      // A torn header still tells how many messages its block held, when enough of it was written.
      if (header) report.cutMessages += header.count;
      cutAt(file, at);
      break;
    }
    at += HEADER_BYTES + header.bodyBytes;
  }
  info.bytes = at;
  report.messages += info.messages;
  return info;
}

function readBlock(bytes: Buffer, at: number, header: NonNullable<ReturnType<typeof readHeader>>, topics: string[], sink: ReopenSink, info: SegmentInfo): boolean {
  if (header.kind === BLOCK_KIND.runStart) {
    sink.runStart(bytes.readDoubleLE(at + HEADER_BYTES));
    return true;
  }
  if (header.kind !== BLOCK_KIND.messages) return false;
  // Decoded in full before any message goes to the sink, so a bad block adds nothing.
  const messages: IncomingMessage[] = [];
  try {
    decodeMessagesBlock(bytes, at, header, topics, (message) => messages.push(message));
  } catch {
    return false;
  }
  for (const message of messages) sink.message(message);
  info.messages += messages.length;
  if (messages.length > 0) info.lastTime = messages[messages.length - 1]!.time;
  return true;
}

/** Best effort: a read-only folder keeps the torn bytes, and the next start cuts them again. */
function cutAt(file: string, length: number): void {
  try {
    fs.truncateSync(file, length);
  } catch {
    // Reported through the counts either way; nothing else to do.
  }
}
