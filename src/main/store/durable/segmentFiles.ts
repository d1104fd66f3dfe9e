import fs from 'node:fs';
import path from 'node:path';

/** What the history knows about one segment file without reading it again. */
export type SegmentInfo = {
  /** Files are numbered in the order they were started; a gap means a file went missing. */
  number: number;
  file: string;
  bytes: number;
  messages: number;
  /** Arrival time of its newest message (0 when it holds none): what age retention looks at. */
  lastTime: number;
};

const SEGMENT_NAME = /^(\d{10})\.seg$/;

export function segmentFile(dir: string, number: number): string {
  return path.join(dir, `${String(number).padStart(10, '0')}.seg`);
}

/** The segment files in `dir`, oldest first (none when the folder does not exist). */
export function listSegmentFiles(dir: string): { number: number; file: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => SEGMENT_NAME.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ number: Number(match[1]), file: path.join(dir, match[0]) }))
    .sort((a, b) => a.number - b.number);
}

/** Why a write failed, in the words the UI shows. */
export function describeWriteError(error: unknown, dir: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return `the disk holding ${dir} is full`;
    case 'EDQUOT':
      return `your disk quota for ${dir} is used up`;
    case 'EFBIG':
      return `a file in ${dir} reached the size limit this process may write`;
    case 'EROFS':
      return `${dir} is on a read-only file system`;
    case 'EACCES':
    case 'EPERM':
      return `QoScope may not write to ${dir}`;
    default:
      return `${dir} could not be written (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * Creates `dir` and its parents. Node's recursive mkdir reports a read-only or forbidden parent
 * as ENOENT; making the first missing folder on its own gets the real reason (EROFS, EACCES).
 */
export function makeFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = dir;
    while (!fs.existsSync(path.dirname(missing)) && path.dirname(missing) !== missing) missing = path.dirname(missing);
    fs.mkdirSync(missing);
    throw error;
  }
}
