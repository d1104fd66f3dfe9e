/**
 * The message history on disk: what a user finds after QoScope starts again — every message
 * flushed before it stopped, searchable, with a marker where the run ended — and what happens
 * when the files were torn by a crash, went missing, or the disk refuses writes.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageStore, type IncomingMessage } from '../../src/main/store/messageStore';
import { MessageView } from '../../src/main/store/messageView';
import { ConnectionHistory } from '../../src/main/store/durable/connectionHistory';
import { DEFAULT_WRITER_OPTIONS, type WriterOptions } from '../../src/main/store/durable/historyWriter';
import { listSegmentFiles } from '../../src/main/store/durable/segmentFiles';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-history-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Recent, so the default 7-day retention keeps them. */
const BASE_TIME = Date.now();
const text = new TextEncoder();
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function message(i: number, topic = `home/room${i % 4}/temp`): IncomingMessage {
  return { direction: i % 5 === 0 ? 'out' : 'in', topic, payload: text.encode(`{"n":${i}}`), qos: (i % 3) as 0 | 1 | 2, retain: i % 7 === 0, dup: false, time: BASE_TIME + i };
}

/** One run of the app for one connection: its store filled from disk, then fed `count` new messages. */
function run(options: Partial<WriterOptions> = {}, dir = path.join(dataDir, 'messages')): { store: MessageStore; history: ConnectionHistory; add(from: number, count: number): void } {
  const store = new MessageStore();
  const history = new ConnectionHistory(dir, dataDir, store, { ...DEFAULT_WRITER_OPTIONS, ...options });
  return {
    store,
    history,
    add(from, count) {
      for (let i = from; i < from + count; i += 1) {
        const m = message(i);
        store.append(m);
        history.append(m);
      }
    },
  };
}

function payloads(store: MessageStore): string[] {
  const out: string[] = [];
  store.forEach(store.first, store.end, (seq) => void out.push(decode(store.payload(seq)!)));
  return out;
}

function search(store: MessageStore, query: ConstructorParameters<typeof MessageView>[2]): number {
  const view = new MessageView('v', 'c', query, store);
  while (!view.done) view.scan();
  return view.status().end - view.status().first;
}

describe('a history written by one run', () => {
  it('comes back whole in the next: messages, properties, search, and a marker where the run ended', () => {
    const first = run();
    first.add(0, 1_000);
    const withProperties: IncomingMessage = { ...message(1_000), properties: { contentType: 'application/json', correlationData: new Uint8Array([1, 2, 255]), userProperties: { a: 'b' } } };
    first.store.append(withProperties);
    first.history.append(withProperties);
    first.history.close();

    const second = run();
    expect(second.store.size).toBe(1_001);
    expect(payloads(second.store)).toEqual(payloads(first.store));
    const last = second.store.get(second.store.end - 1, 'c', true)!;
    expect(last.properties).toEqual(withProperties.properties);
    expect(second.store.get(second.store.first, 'c')).toMatchObject({ topic: 'home/room0/temp', direction: 'out', retain: true, qos: 0 });
    // Search runs over the reopened messages like over live ones.
    expect(search(second.store, { topicFilter: 'home/room1/#' })).toBe(250);
    expect(search(second.store, { text: '"n":99}' })).toBe(1);
    expect(second.store.stats.history).toMatchObject({ restarts: [], diskMessages: 1_001 });

    // The third run sees where the second one ended too.
    second.add(2_000, 10);
    second.history.close();
    const third = run();
    expect(third.store.size).toBe(1_011);
    expect(third.store.stats.history?.restarts).toEqual([third.store.first + 1_001]);
    expect(third.store.stats.history?.notice).toBeUndefined();
  });

  it('Clear removes the files and deleting the connection removes its folder', () => {
    const first = run();
    first.add(0, 100);
    first.history.close();
    expect(listSegmentFiles(path.join(dataDir, 'messages'))).toHaveLength(1);
    first.history.clear();
    expect(listSegmentFiles(path.join(dataDir, 'messages'))).toHaveLength(0);
    expect(run().store.size).toBe(0);

    const home = path.join(dataDir, 'conn');
    const store = new MessageStore();
    const doomed = new ConnectionHistory(path.join(home, 'messages'), home, store, DEFAULT_WRITER_OPTIONS);
    doomed.append(message(1));
    doomed.close();
    expect(fs.existsSync(home)).toBe(true);
    doomed.remove();
    expect(fs.existsSync(home)).toBe(false);
  });
});

describe('recovery', () => {
  it('cuts a torn tail, says how many messages were cut, and keeps everything before it', () => {
    const first = run();
    first.add(0, 300);
    first.history.flush();
    first.add(300, 200);
    first.history.close();
    const [segment] = listSegmentFiles(path.join(dataDir, 'messages'));
    // The process died half-way through writing the second block.
    fs.truncateSync(segment!.file, fs.statSync(segment!.file).size - 1_000);

    const second = run();
    expect(second.store.size).toBe(300);
    expect(payloads(second.store).at(-1)).toBe('{"n":299}');
    expect(second.store.stats.history?.notice).toBe('Reopened 300 messages from disk; the end of the last write was torn (QoScope stopped while writing), so 200 messages were cut.');
    second.history.close();
    // The cut is made in the file: the next start finds it sound.
    expect(run().store.stats.history?.notice).toBeUndefined();
  });

  it('a block whose bytes changed on disk fails its checksum and is cut, not read as messages', () => {
    const first = run();
    first.add(0, 50);
    first.history.close();
    const [segment] = listSegmentFiles(path.join(dataDir, 'messages'));
    const bytes = fs.readFileSync(segment!.file);
    bytes[bytes.byteLength - 10]! ^= 0xff;
    fs.writeFileSync(segment!.file, bytes);
    const second = run();
    expect(second.store.size).toBe(0);
    expect(second.store.stats.history?.notice).toContain('so 50 messages were cut');
  });

  it('skips a damaged block in the middle of a file, reads the blocks after it, and says how many were skipped', () => {
    const first = run();
    for (let i = 0; i < 3; i += 1) {
      first.add(i * 100, 100);
      first.history.flush();
    }
    first.history.close();
    const [segment] = listSegmentFiles(path.join(dataDir, 'messages'));
    const bytes = fs.readFileSync(segment!.file);
    // A payload byte of message 150, in the second block.
    const at = bytes.indexOf(Buffer.from('{"n":150}'));
    bytes[at + 2]! ^= 0xff;
    fs.writeFileSync(segment!.file, bytes);
    const second = run();
    expect(second.store.size).toBe(200);
    expect(payloads(second.store).slice(99, 101)).toEqual(['{"n":99}', '{"n":200}']);
    expect(second.store.stats.history?.notice).toBe('Reopened 200 messages from disk; 1 damaged block in the middle of a file failed the checksum, so 100 messages were skipped.');
  });

  it('reads the files that are there when one in the middle is missing, and says so', () => {
    const first = run({ segmentMessages: 100 });
    for (let i = 0; i < 5; i += 1) {
      first.add(i * 100, 100);
      first.history.flush();
    }
    first.history.close();
    const files = listSegmentFiles(path.join(dataDir, 'messages'));
    expect(files).toHaveLength(5);
    fs.rmSync(files[2]!.file);
    const second = run();
    expect(second.store.size).toBe(400);
    expect(payloads(second.store)).not.toContain('{"n":250}');
    expect(second.store.stats.history?.notice).toBe('Reopened 400 messages from disk; 1 history file was missing, with the messages in them.');
  });
});

describe('retention', () => {
  it('deletes the oldest segment files whole, by count and by age', () => {
    let now = BASE_TIME;
    const first = run({ segmentMessages: 100, retention: { maxMessages: 250, maxBytes: 1 << 30, maxAgeMs: 60_000 }, now: () => now });
    for (let i = 0; i < 6; i += 1) {
      first.add(i * 100, 100);
      first.history.flush();
    }
    // 600 written in files of 100: the oldest go while the rest still hold 250.
    expect(first.history.status().diskMessages).toBe(300);
    expect(listSegmentFiles(path.join(dataDir, 'messages')).map((f) => f.number)).toEqual([4, 5, 6]);
    now += 3_600_000;
    first.add(600, 100);
    first.history.flush();
    // An hour later all the older files are past the age limit; the one being written stays.
    expect(listSegmentFiles(path.join(dataDir, 'messages')).map((f) => f.number)).toEqual([7]);
  });

  it('new limits apply at once: files beyond them are deleted when they are set', () => {
    const first = run({ segmentMessages: 100 });
    for (let i = 0; i < 5; i += 1) {
      first.add(i * 100, 100);
      first.history.flush();
    }
    expect(first.history.status().diskMessages).toBe(500);
    first.history.setRetention({ maxMessages: 150, maxBytes: 1 << 30, maxAgeMs: 3_600_000 });
    expect(first.history.status()).toMatchObject({ diskMessages: 200, retention: { maxMessages: 150 } });
  });

  it('deletes the oldest segment files whole when they take more than the byte limit', () => {
    const first = run({ segmentMessages: 100, retention: { maxMessages: 1_000_000, maxBytes: 6_000, maxAgeMs: 3_600_000 } });
    for (let i = 0; i < 4; i += 1) {
      first.add(i * 100, 100);
      first.history.flush();
    }
    // Each file of 100 messages takes ~2.8 kB: only the newest two fit in 6,000 bytes.
    const files = listSegmentFiles(path.join(dataDir, 'messages'));
    expect(files.map((f) => f.number)).toEqual([3, 4]);
    expect(first.history.status().diskBytes).toBeLessThanOrEqual(6_000);
    first.history.close();
    expect(run().store.size).toBe(200);
  });
});
