/**
 * Exporting a connection's kept messages: JSON Lines that give back the exact bytes, CSV that a
 * spreadsheet opens safely, the log's query applied, and a big store streamed in bounded chunks.
 */
import { describe, expect, it } from 'vitest';
import { exportMessages } from '../../src/main/store/messageExport';
import { MessageStore, PREVIEW_BYTES, type IncomingMessage } from '../../src/main/store/messageStore';
import type { MessageExportFormat } from '../../src/shared/contract/messageExport';
import type { MessageQuery } from '../../src/shared/domain/messageQuery';
import { parseCsv } from '../support/csv';

const big = { maxMessages: 10_000_000, maxBytes: 4 * 1024 * 1024 * 1024 };
const TIME = 1_700_000_000_123.4;

function message(topic: string, payload: string | Uint8Array, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return { direction: 'in', topic, payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload, qos: 0, retain: false, dup: false, time: TIME, ...extra };
}

function storeWith(...messages: IncomingMessage[]): MessageStore {
  const store = new MessageStore(big);
  for (const m of messages) store.append(m);
  return store;
}

async function chunksOf(store: MessageStore, format: MessageExportFormat, query: MessageQuery = {}): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of exportMessages(store, format, query)) chunks.push(Buffer.from(chunk));
  return chunks;
}

async function exportText(store: MessageStore, format: MessageExportFormat, query: MessageQuery = {}): Promise<string> {
  return Buffer.concat(await chunksOf(store, format, query)).toString('utf8');
}

type Line = Record<string, unknown> & { seq: number; topic: string; payload: string | null; payloadBase64?: string; size: number };

async function jsonLines(store: MessageStore, query: MessageQuery = {}): Promise<Line[]> {
  const text = await exportText(store, 'jsonl', query);
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Line);
}

const CSV_COLUMNS = ['seq', 'time', 'direction', 'topic', 'qos', 'retain', 'dup', 'payload_encoding', 'payload', 'size'] as const;
type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string>;

async function csvRecords(store: MessageStore, query: MessageQuery = {}): Promise<CsvRecord[]> {
  const [header, ...rows] = parseCsv(await exportText(store, 'csv', query));
  expect(header).toEqual(CSV_COLUMNS);
  return rows.map((row) => {
    expect(row).toHaveLength(CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((name, i) => [name, row[i]!])) as CsvRecord;
  });
}

describe('exportMessages as JSON Lines', () => {
  it('writes one object per message with its flags, ISO time, text payload and size', async () => {
    const store = storeWith(message('home/kitchen/temp', '21.5 °C', { qos: 2, retain: true }), message('cmd/light', 'on', { direction: 'out', qos: 1, dup: true }));
    expect(await jsonLines(store)).toEqual([
      { seq: 1, time: '2023-11-14T22:13:20.123Z', direction: 'in', topic: 'home/kitchen/temp', qos: 2, retain: true, dup: false, payload: '21.5 °C', size: 8 },
      { seq: 2, time: '2023-11-14T22:13:20.123Z', direction: 'out', topic: 'cmd/light', qos: 1, retain: false, dup: true, payload: 'on', size: 2 },
    ]);
  });

  it('gives a payload that is not UTF-8 as base64 that decodes to the exact bytes', async () => {
    // 0xC0 0x80 is an overlong NUL and 0xED 0xA0 0x80 an encoded surrogate: neither is UTF-8.
    const bytes = new Uint8Array([0x00, 0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0x7f]);
    const [line] = await jsonLines(storeWith(message('bin/raw', bytes)));
    expect(line).toMatchObject({ payload: null, size: 8 });
    expect([...Buffer.from(line!.payloadBase64!, 'base64')]).toEqual([...bytes]);
  });

  it('keeps MQTT 5 properties, binary correlation data as base64', async () => {
    const properties = { contentType: 'application/json', correlationData: new Uint8Array([1, 2, 255]), userProperties: { site: 'lab', tag: ['a', 'b'] } };
    const [line] = await jsonLines(storeWith(message('rpc/reply', '{}', { properties })));
    expect(line!.properties).toEqual({ contentType: 'application/json', correlationData: 'AQL/', userProperties: { site: 'lab', tag: ['a', 'b'] } });
  });

  it('exports a payload larger than the 64 KiB preview whole', async () => {
    const text = 'x'.repeat(PREVIEW_BYTES * 3 + 7);
    const binary = new Uint8Array(PREVIEW_BYTES * 2 + 1).map((_, i) => (i * 131 + 7) & 0xff);
    binary[0] = 0xff;
    const [textLine, binaryLine] = await jsonLines(storeWith(message('big/text', text), message('big/bin', binary)));
    expect(textLine).toMatchObject({ payload: text, size: text.length });
    expect(binaryLine!.size).toBe(binary.length);
    expect(Buffer.from(binaryLine!.payloadBase64!, 'base64').equals(Buffer.from(binary))).toBe(true);
  });

  it('leaves quotes, commas, newlines and formula-like text exactly as they were', async () => {
    const lines = await jsonLines(storeWith(message('a,"b"\nc', 'say "hi",\r\nbye'), message('=cmd', '=1+2')));
    expect(lines.map((l) => [l.topic, l.payload])).toEqual([
      ['a,"b"\nc', 'say "hi",\r\nbye'],
      ['=cmd', '=1+2'],
    ]);
  });
});

describe('exportMessages as CSV', () => {
  it('writes a header and one CRLF-terminated record per message', async () => {
    const bytes = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);
    const store = storeWith(message('home/temp', '21.5', { qos: 1, retain: true }), message('bin/raw', bytes, { direction: 'out', dup: true }));
    const text = await exportText(store, 'csv');
    expect(text.split('\r\n')[0]).toBe('seq,time,direction,topic,qos,retain,dup,payload_encoding,payload,size');
    expect(await csvRecords(store)).toEqual([
      { seq: '1', time: '2023-11-14T22:13:20.123Z', direction: 'in', topic: 'home/temp', qos: '1', retain: 'true', dup: 'false', payload_encoding: 'utf8', payload: '21.5', size: '4' },
      { seq: '2', time: '2023-11-14T22:13:20.123Z', direction: 'out', topic: 'bin/raw', qos: '0', retain: 'false', dup: 'true', payload_encoding: 'base64', payload: '3q2+7w==', size: '4' },
    ]);
  });

  it('quotes fields with commas, quotes, CR or LF and doubles the quotes inside', async () => {
    const store = storeWith(message('a,"b"\nc', 'say "hi",\r\nbye'), message('plain', 'no quoting needed'));
    const text = await exportText(store, 'csv');
    expect(text).toContain(',"a,""b""\nc",');
    expect(text).toContain(',"say ""hi"",\r\nbye",');
    expect(text).toContain(',plain,');
    const [first, second] = await csvRecords(store);
    expect([first!.topic, first!.payload]).toEqual(['a,"b"\nc', 'say "hi",\r\nbye']);
    expect(second!.payload).toBe('no quoting needed');
  });

  it('prefixes text a spreadsheet would run as a formula with a single quote', async () => {
    const payloads = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', 'safe=1', "'already"];
    const store = storeWith(...payloads.map((p) => message('t', p)), message('=evil/topic', 'ok'));
    const records = await csvRecords(store);
    expect(records.map((r) => r.payload)).toEqual([`'=HYPERLINK("http://x","y")`, "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", 'safe=1', "'already", 'ok']);
    expect(records.at(-1)!.topic).toBe("'=evil/topic");
  });

  it('guards base64 that starts with + too, and the quote is the only change', async () => {
    const bytes = new Uint8Array([0xfb, 0xef, 0xff]); // base64 "++//"
    const [record] = await csvRecords(storeWith(message('bin', bytes)));
    expect(record!.payload).toBe("'++//");
    expect([...Buffer.from(record!.payload.slice(1), 'base64')]).toEqual([...bytes]);
  });

  it('exports a payload larger than the 64 KiB preview whole', async () => {
    const text = 'y,'.repeat(PREVIEW_BYTES);
    const [record] = await csvRecords(storeWith(message('big', text)));
    expect(record!.payload).toBe(text);
    expect(record!.size).toBe(String(text.length));
  });
});

describe('exportMessages with a query', () => {
  const store = storeWith(
    message('home/kitchen/temp', 'hot'),
    message('home/hall/temp', 'cold'),
    message('home/kitchen/humidity', 'hot and humid'),
    message('office/desk/temp', 'hot'),
    message('home/attic/temp', 'HOT', { direction: 'out' }),
    message('$SYS/home/kitchen/temp', 'hot'),
  );

  it('keeps only messages matching the topic filter (with wildcards) and the text', async () => {
    const lines = await jsonLines(store, { topicFilter: 'home/+/temp', text: 'hot' });
    expect(lines.map((l) => [l.seq, l.topic])).toEqual([
      [1, 'home/kitchen/temp'],
      [5, 'home/attic/temp'],
    ]);
    const records = await csvRecords(store, { topicFilter: '#', text: 'humid' });
    expect(records.map((r) => r.topic)).toEqual(['home/kitchen/humidity']);
  });

  it('keeps only one direction when asked', async () => {
    expect((await jsonLines(store, { direction: 'out' })).map((l) => l.seq)).toEqual([5]);
  });

  it('writes just the CSV header, and an empty JSON Lines file, when nothing matches', async () => {
    expect(await exportText(store, 'csv', { text: 'nothing like this' })).toBe('seq,time,direction,topic,qos,retain,dup,payload_encoding,payload,size\r\n');
    expect(await exportText(store, 'jsonl', { text: 'nothing like this' })).toBe('');
  });
});

describe('exportMessages over a large store', () => {
  const COUNT = 200_000;
  const store = new MessageStore(big);
  for (let i = 0; i < COUNT; i += 1) store.append(message(`sensors/${i % 100}/value`, `{"n":${i}}`, { time: TIME + i }));

  /** How many event-loop turns other work got while `run` was going. */
  async function withTurns<T>(run: () => Promise<T>): Promise<{ result: T; turns: number }> {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await run();
    ticking = false;
    return { result, turns };
  }

  it('streams 200k messages in many bounded chunks, letting the event loop run between them', async () => {
    const { result: chunks, turns } = await withTurns(() => chunksOf(store, 'jsonl'));

    expect(chunks.length).toBeGreaterThanOrEqual(50);
    expect(Math.max(...chunks.map((c) => c.byteLength))).toBeLessThan(2 * 1024 * 1024);
    // Other work got a turn between chunks: ingest is never stalled for the whole export.
    expect(turns).toBeGreaterThanOrEqual(chunks.length - 1);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(COUNT);
    expect(JSON.parse(lines[0]!)).toMatchObject({ seq: 1, payload: '{"n":0}' });
    expect(JSON.parse(lines[COUNT - 1]!)).toMatchObject({ seq: COUNT, topic: 'sensors/99/value', payload: `{"n":${COUNT - 1}}` });
  });

  it('steps through a sparse match without holding the event loop for the whole scan', async () => {
    const { result: chunks, turns } = await withTurns(() => chunksOf(store, 'csv', { topicFilter: 'sensors/7/value' }));
    // 200k messages looked at in steps of at most 16,384, with a turn for others after each.
    expect(turns).toBeGreaterThanOrEqual(12);
    const records = parseCsv(Buffer.concat(chunks).toString('utf8')).slice(1);
    expect(records).toHaveLength(COUNT / 100);
    expect(records.every((r) => r[3] === 'sensors/7/value')).toBe(true);
  });

  it('exports the range kept when it started, skipping messages dropped meanwhile', async () => {
    const small = new MessageStore({ maxMessages: 50_000, maxBytes: big.maxBytes });
    for (let i = 0; i < 50_000; i += 1) small.append(message('t', String(i)));
    const seqs: number[] = [];
    let first = true;
    for await (const chunk of exportMessages(small, 'jsonl', {})) {
      for (const line of Buffer.from(chunk).toString('utf8').trimEnd().split('\n')) seqs.push((JSON.parse(line) as Line).seq);
      if (first) {
        // Newer messages push the oldest 20,000 out while the export is under way.
        for (let i = 0; i < 20_000; i += 1) small.append(message('t', 'late'));
        first = false;
      }
    }
    expect(small.first).toBe(20_001);
    const afterFirstChunk = seqs.filter((seq) => seq > 2_000);
    expect(seqs.slice(0, 2_000)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
    expect(afterFirstChunk[0]).toBe(20_001);
    expect(seqs.at(-1)).toBe(50_000);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});
