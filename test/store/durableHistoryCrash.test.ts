/**
 * `kill -9` in the middle of a flood, then a restart: every message the history had flushed is
 * back, in order and intact, and a torn last block is cut and counted rather than read.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'rolldown';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MessageStore } from '../../src/main/store/messageStore';
import { ConnectionHistory } from '../../src/main/store/durable/connectionHistory';
import { DEFAULT_WRITER_OPTIONS } from '../../src/main/store/durable/historyWriter';

let work: string;
let child: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'qoscope-crash-'));
  child = path.join(work, 'floodChild.mjs');
  await build({ input: path.join(import.meta.dirname, 'support', 'floodChild.ts'), platform: 'node', logLevel: 'silent', output: { file: child, format: 'esm' } });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs the flood until `enough` messages are on disk, kills it with SIGKILL, returns the last count it printed. */
function floodAndKill(dir: string, enough: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir, work], { stdio: ['ignore', 'pipe', 'pipe'] });
    let onDisk = 0;
    let output = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split('\n');
      output = lines.pop()!;
      for (const line of lines) onDisk = Number(/ on disk (\d+)$/.exec(line)?.[1] ?? onDisk);
      if (onDisk >= enough && !proc.killed) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(onDisk) : reject(new Error(`the flood ended by itself: ${stderr}`))));
  });
}

it('after kill -9 mid-flood, a restart has every flushed message, in order, and nothing corrupt', async () => {
  const dir = path.join(work, 'messages');
  const flushed = await floodAndKill(dir, 30_000);
  const store = new MessageStore();
  const history = new ConnectionHistory(dir, work, store, DEFAULT_WRITER_OPTIONS);
  expect(store.size).toBeGreaterThanOrEqual(flushed);
  // Every message is the one written in its place: payload n at position n, topic flood/(n % 100).
  let position = 0;
  let wrong = 0;
  store.forEach(store.first, store.end, (seq) => {
    const record = store.get(seq, 'c')!;
    if (new TextDecoder().decode(record.payload) !== String(position).padEnd(64, '.') || record.topic !== `flood/${position % 100}`) wrong += 1;
    position += 1;
  });
  expect(wrong).toBe(0);
  // Anything torn by the kill was reported with a count, and cut from the file.
  const notice = history.status().notice;
  if (notice !== undefined) expect(notice).toMatch(/^Reopened [\d,]+ messages from disk; the end of the last write was torn \(QoScope stopped while writing\), so [\d,]+ messages? were cut\.$/);
  history.close();
  expect(new ConnectionHistory(dir, work, new MessageStore(), DEFAULT_WRITER_OPTIONS).status().notice).toBeUndefined();
});
