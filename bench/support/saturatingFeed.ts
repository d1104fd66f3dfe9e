import { spawn, type ChildProcess } from 'node:child_process';
import { withTimeout } from './time';

export type SaturatingFeedOptions = {
  port: number;
  /** One mosquitto_pub per topic. */
  topics: readonly string[];
  durationMs: number;
  payloadBytes: number;
};

export type SaturatingFeedResult = { sent: number; startedAt: number; lastInputAt: number; doneAt: number; inputRate: number };

/** Lines per write: large enough that the bench's own loop is not the limit. */
const LINES_PER_WRITE = 2_000;

/**
 * Publishers as fast as the broker takes them: one `mosquitto_pub -l` per topic, each fed lines
 * whenever its pipe has room (a full pipe means mosquitto_pub, and behind it the broker, is the
 * limit), for a fixed time. Nothing paces it, so whatever reads the messages is measured at
 * saturation, not at a rate the input chose.
 */
export async function saturatingFlood(options: SaturatingFeedOptions): Promise<SaturatingFeedResult> {
  const block = `${'x'.repeat(options.payloadBytes)}\n`.repeat(LINES_PER_WRITE);
  const errors: string[] = [];
  const children: ChildProcess[] = [];
  const exits: Promise<number | null>[] = [];
  let sent = 0;
  const startedAt = Date.now();
  let lastInputAt = startedAt;
  const until = startedAt + options.durationMs;
  const feeds: Promise<void>[] = [];
  for (const topic of options.topics) {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(options.port), '-t', topic, '-q', '0', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => errors.push(`${topic}: ${chunk.toString().trim()}`));
    child.stdin?.on('error', () => undefined);
    exits.push(
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.once('error', (error) => {
          errors.push(`${topic}: ${error.message}`);
          resolve(-1);
        });
      }),
    );
    children.push(child);
    feeds.push(
      new Promise((resolve) => {
        const stdin = child.stdin;
        if (!stdin) return resolve();
        const fill = () => {
          while (Date.now() < until) {
            sent += LINES_PER_WRITE;
            lastInputAt = Date.now();
            if (!stdin.write(block)) return void stdin.once('drain', fill);
          }
          stdin.end();
          resolve();
        };
        fill();
      }),
    );
  }
  await Promise.all(feeds);
  const codes = await withTimeout(Promise.all(exits), 120_000, undefined);
  if (codes === undefined) {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    throw new Error(`mosquitto_pub did not finish within 120 s of its last input: ${errors.slice(0, 5).join('; ')}`);
  }
  const failed = codes.filter((code) => code !== 0).length;
  if (failed > 0) throw new Error(`${failed} mosquitto_pub processes failed: ${errors.slice(0, 5).join('; ')}`);
  const doneAt = Date.now();
  return { sent, startedAt, lastInputAt, doneAt, inputRate: sent / Math.max(1e-3, (doneAt - startedAt) / 1000) };
}
