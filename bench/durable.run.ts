/**
 * The message history on disk (issue 13), measured in one run:
 *   ingest_ratio      — engine ingest with history on / with it off, rounds interleaved, 0 lost
 *                        (tapped_ingest_ratio: the same with the packet capture on, and kept on disk);
 *   disk_bytes_per_msg — segment bytes per 64-byte message after the flood;
 *   reopen_ms          — 1,000,000 stored messages read back into a store and the log's last page read;
 *   search_ratio       — a text search over the reopened store / the same search over a store filled live;
 *   crash_*            — `kill -9` of a child flooding at 50k msg/s, then a reopen: recovered
 *                        messages / messages the child had reported flushed, corrupt (0 or 1), cut.
 * Writes the `durable` section (median over rounds, with min/median/max).
 */
import { messagesIn } from '../src/shared/domain/liveBatch';
import { Arrivals } from './support/arrivals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'rolldown';
import { afterAll, beforeAll, it } from 'vitest';
import { ConnectionRegistry } from '../src/main/engine/connectionRegistry';
import { Inspector } from '../src/main/inspector/inspector';
import { HistoryFolder } from '../src/main/store/durable/historyFolder';
import { ConnectionHistory } from '../src/main/store/durable/connectionHistory';
import { DEFAULT_WRITER_OPTIONS } from '../src/main/store/durable/historyWriter';
import { MessageStore, type IncomingMessage } from '../src/main/store/messageStore';
import { MessageView } from '../src/main/store/messageView';
import { DEFAULT_PROFILE, randomClientId } from '../src/shared/domain/profile';
import type { RunningMosquitto } from '../test/support/mosquitto';
import { startBenchBroker } from './support/benchBroker';
import { flood } from './feed';
import { mergeBenchJson } from './support/benchJson';
import { foldRounds, wanted, type Section } from './support/rounds';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_DURABLE_ROUNDS ?? process.env.BENCH_ROUNDS ?? 3);
const REOPEN_MESSAGES = Number(process.env.BENCH_DURABLE_REOPEN ?? 1_000_000);
const CRASH_RATE = 50_000;
const TOPIC = 'bench/durable';

let broker: RunningMosquitto | undefined;
let work = '';
let child = '';
beforeAll(async () => {
  if (!wanted('durable')) return;
  broker = await startBenchBroker();
  work = mkdtempSync(path.join(tmpdir(), 'qoscope-bench-durable-'));
  child = path.join(work, 'floodChild.mjs');
  await build({ input: path.join(import.meta.dirname, '../test/store/support/floodChild.ts'), platform: 'node', logLevel: 'silent', output: { file: child, format: 'esm' } });
});
afterAll(async () => {
  await broker?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Engine ingest of one flood, history on (in `dataDir`) or off; returns the rate and what it kept on disk. */
async function ingest(port: number, dataDir: string | undefined, tapped = false): Promise<{ msgsPerSecond: number; received: number; diskBytes: number }> {
  const arrivals = new Arrivals();
  const registry = new ConnectionRegistry(tapped ? new Inspector() : undefined, dataDir ? new HistoryFolder(dataDir) : undefined);
  const info = await registry.create({ ...DEFAULT_PROFILE, protocolVersion: 4, port, clientId: randomClientId() });
  await registry.connect(info.id);
  await registry.subscribe(info.id, { filter: TOPIC, qos: 0 });
  registry.onDidReceiveMessages((batch) => arrivals.count(messagesIn(batch)));
  await flood(port, TOPIC, MESSAGES);
  await arrivals.settle(MESSAGES);
  await registry.dispose();
  const diskBytes = registry.store(info.id).stats.history?.diskBytes ?? 0;
  return { msgsPerSecond: arrivals.msgsPerSecond ?? 0, received: arrivals.received, diskBytes };
}

function message(i: number): IncomingMessage {
  return { direction: 'in', topic: `plant/room${i % 50}/sensor${i % 10}`, payload: new TextEncoder().encode(`{"n":${i},"t":21.5}`.padEnd(64, ' ')), qos: 0, retain: false, dup: false, time: Date.now() };
}

/** Writes `count` messages as a history, then times reading them back and reading the log's last page. */
function reopen(count: number): { reopenMs: number; searchRatio: number } {
  const dir = path.join(work, `reopen-${count}`);
  const live = new MessageStore();
  const writing = new ConnectionHistory(dir, dir, live, { ...DEFAULT_WRITER_OPTIONS, retention: { ...DEFAULT_WRITER_OPTIONS.retention, maxMessages: count } });
  for (let i = 0; i < count; i += 1) {
    const m = message(i);
    live.append(m);
    writing.append(m);
    if (i % 5_000 === 4_999) writing.flush();
  }
  writing.close();
  const started = performance.now();
  const store = new MessageStore();
  new ConnectionHistory(dir, dir, store, DEFAULT_WRITER_OPTIONS);
  for (let seq = Math.max(store.first, store.end - 100); seq < store.end; seq += 1) store.get(seq, 'bench');
  const reopenMs = performance.now() - started;
  const searchMs = (target: MessageStore) => {
    const begin = performance.now();
    const view = new MessageView('bench', 'bench', { text: '"n":999999,' }, target);
    while (!view.done) view.scan();
    return performance.now() - begin;
  };
  const searchRatio = searchMs(store) / searchMs(live);
  rmSync(dir, { recursive: true, force: true });
  return { reopenMs, searchRatio };
}

/** Floods a child at CRASH_RATE until it reports `enough` flushed, kills it with SIGKILL, reopens. */
async function crash(enough: number): Promise<Section> {
  const dir = path.join(work, 'crash');
  rmSync(dir, { recursive: true, force: true });
  const flushed = await new Promise<number>((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir, work, String(CRASH_RATE)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let onDisk = 0;
    let pending = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) onDisk = Number(/ on disk (\d+)$/.exec(line)?.[1] ?? onDisk);
      if (onDisk >= enough && !proc.killed) proc.kill('SIGKILL');
    });
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(onDisk) : reject(new Error('the flood child ended by itself'))));
  });
  const store = new MessageStore();
  const history = new ConnectionHistory(dir, dir, store, DEFAULT_WRITER_OPTIONS);
  let position = 0;
  let corrupt = 0;
  store.forEach(store.first, store.end, (seq) => {
    const record = store.get(seq, 'bench')!;
    if (new TextDecoder().decode(record.payload) !== String(position).padEnd(64, '.')) corrupt = 1;
    position += 1;
  });
  const cut = Number(/so ([\d,]+) messages? were cut/.exec(history.status().notice ?? '')?.[1]?.replace(/,/g, '') ?? 0);
  return { crash_recovered_ratio: store.size / flushed, crash_corrupt: corrupt, crash_cut_messages: cut, crash_flushed: flushed, crash_recovered: store.size };
}

it.skipIf(!wanted('durable'))(`durable history: ingest of ${MESSAGES.toLocaleString('en-US')} messages on/off, reopen of ${REOPEN_MESSAGES.toLocaleString('en-US')}, kill -9, ${ROUNDS} rounds`, async () => {
  if (!broker) throw new Error('mosquitto did not start');
  const rounds: Section[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const dataDir = path.join(work, `ingest-${round}`);
    const off = await ingest(broker.port, undefined);
    const on = await ingest(broker.port, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    // As the app runs: packets captured (and, with history on, written) as well.
    const tappedOff = await ingest(broker.port, undefined, true);
    const tappedOn = await ingest(broker.port, dataDir, true);
    rmSync(dataDir, { recursive: true, force: true });
    const reopened = reopen(REOPEN_MESSAGES);
    rounds.push({
      ingest_ratio: on.msgsPerSecond / off.msgsPerSecond,
      disk_bytes_per_msg: on.diskBytes / Math.max(1, on.received),
      reopen_ms: reopened.reopenMs,
      ...(await crash(100_000)),
      search_ratio: reopened.searchRatio,
      tapped_ingest_ratio: tappedOn.msgsPerSecond / tappedOff.msgsPerSecond,
      tapped_lost: MESSAGES - tappedOn.received,
      on_msgs_per_s: Math.round(on.msgsPerSecond),
      off_msgs_per_s: Math.round(off.msgsPerSecond),
      lost: MESSAGES - on.received,
      off_lost: MESSAGES - off.received,
      messages: MESSAGES,
      reopen_messages: REOPEN_MESSAGES,
    });
  }
  if (process.env.BENCH_JSON) mergeBenchJson(process.env.BENCH_JSON, { durable: foldRounds(rounds, { lost: 'max', tapped_lost: 'max', crash_corrupt: 'max', crash_recovered_ratio: 'min' }) });
});
