import type { Readable } from 'node:stream';

/**
 * The lines of a text stream, a chunk's worth at a time. Yielding one line at a time (as
 * readline's iterator does) costs a promise per line, which at a flood's rate was a quarter
 * of `qoscope pub -l`; a batch costs one per chunk. A CR before the LF is dropped (CRLF files),
 * and a last line without a newline is still a line.
 */
export async function* lineBatches(input: Readable): AsyncGenerator<string[]> {
  // A UTF-8 character split across two chunks is put back together by the stream's decoder.
  input.setEncoding('utf8');
  let partial = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    if (lines.length > 0) yield lines.map(withoutCr);
  }
  if (partial !== '') yield [withoutCr(partial)];
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
