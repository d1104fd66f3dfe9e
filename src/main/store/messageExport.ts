import { setImmediate as nextTurn } from 'node:timers/promises';
import type { MessageExportFormat } from '../../shared/contract/messageExport';
import type { MessageProperties, MessageRecord } from '../../shared/domain/message';
import type { MessageQuery } from '../../shared/domain/messageQuery';
import { utf8DecodeStrict } from '../../shared/payload/utf8';
import { compileQuery } from './messageQuery';
import type { MessageStore } from './messageStore';

// A store holds up to a million messages and gigabytes of payload, so an export is produced in
// bounded steps: each step looks at a limited number of messages and stops early once it has
// written enough text; between steps the event loop runs, so ingest and the UI never stall.
const STEP_SCANNED = 16_384;
const STEP_MATCHED = 2_000;
const STEP_CHARS = 1024 * 1024;

const CSV_HEADER = 'seq,time,direction,topic,qos,retain,dup,payload_encoding,payload,size\r\n';

/**
 * Every kept message matching `query`, oldest first, as JSON Lines or CSV, in chunks of UTF-8.
 * The range is fixed when streaming starts (messages arriving later are not included), and
 * messages the store drops meanwhile are skipped.
 */
export async function* exportMessages(store: MessageStore, format: MessageExportFormat, query: MessageQuery): AsyncGenerator<Uint8Array> {
  const matches = compileQuery(query, store);
  const line = format === 'csv' ? csvRow : jsonLine;
  const end = store.end;
  let next = store.first;
  if (format === 'csv') yield Buffer.from(CSV_HEADER);
  while (next < end) {
    const lines: string[] = [];
    let chars = 0;
    let scanned = 0;
    let resumeAt = end;
    store.forEach(next, end, (seq, segment, index) => {
      if (scanned === STEP_SCANNED || lines.length === STEP_MATCHED || chars >= STEP_CHARS) {
        resumeAt = seq;
        return false;
      }
      scanned += 1;
      if (matches && !matches(segment, index)) return;
      // The connection id is not part of the export; whole = true so large payloads come out in full.
      const text = line(store.record(seq, segment, index, '', true));
      lines.push(text);
      chars += text.length;
    });
    next = resumeAt;
    if (lines.length > 0) yield Buffer.from(lines.join(''));
    if (next < end) await nextTurn();
  }
}

/**
 * One JSON object per line. `payload` is the text when the bytes are valid UTF-8, else null and
 * `payloadBase64` carries them, so the exact bytes can always be recovered.
 */
export function jsonLine(message: MessageRecord): string {
  const text = utf8DecodeStrict(message.payload);
  const fields = {
    seq: message.seq,
    time: isoTime(message.time),
    direction: message.direction,
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    dup: message.dup,
    payload: text,
    ...(text === null ? { payloadBase64: base64(message.payload) } : {}),
    size: message.payload.byteLength,
    ...(message.properties ? { properties: jsonProperties(message.properties) } : {}),
  };
  return `${JSON.stringify(fields)}\n`;
}

/** JSON has no bytes: binary properties (correlation data) go out as base64. */
function jsonProperties(properties: MessageProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) out[key] = value instanceof Uint8Array ? base64(value) : value;
  return out;
}

/** One RFC 4180 record (CRLF-terminated); binary payloads as base64, said so in payload_encoding. */
function csvRow(message: MessageRecord): string {
  const text = utf8DecodeStrict(message.payload);
  const fields = [
    String(message.seq),
    isoTime(message.time),
    message.direction,
    csvText(message.topic),
    String(message.qos),
    String(message.retain),
    String(message.dup),
    text === null ? 'base64' : 'utf8',
    csvText(text ?? base64(message.payload)),
    String(message.payload.byteLength),
  ];
  return `${fields.join(',')}\r\n`;
}

// Spreadsheets run a cell that starts with = + - @ (or a tab or CR before one) as a formula, so
// a payload like `=HYPERLINK(...)` could act when the CSV is opened. Such a field gets a leading
// single quote, which spreadsheets take as "this is text". The CSV is for reading in a
// spreadsheet: a text payload that starts with one of these characters is not byte-exact there
// (use JSON Lines for that). Base64 never contains a quote, so for it the quote is unambiguous.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function csvText(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** UTC, millisecond precision (the store keeps sub-millisecond times; ISO 8601 stops at ms). */
function isoTime(time: number): string {
  return new Date(time).toISOString();
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
