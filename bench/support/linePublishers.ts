import { spawn, type ChildProcess } from 'node:child_process';
import { BrokerPublishCount } from './brokerPublishCount';
import { withTimeout } from './time';

/**
 * One `mosquitto_pub -l` per topic (it publishes one message per stdin line, one topic per
 * process), each in its own process so publishing does not share the bench's event loop.
 */
export type LinePublishers = {
  /** Each publisher's stdin, in the order of the topics. */
  inputs: NodeJS.WritableStream[];
  /**
   * Once the broker counted the `written` lines (or stopped counting), ends every input and waits
   * for every publisher to exit 0; throws with their errors otherwise. Resolves with how many
   * PUBLISH packets the broker received from them: what a subscriber can get (see BrokerPublishCount).
   */
  finish(written: number, timeoutMs: number): Promise<number>;
};

export async function spawnLinePublishers(port: number, topics: readonly string[]): Promise<LinePublishers> {
  const count = await BrokerPublishCount.open(port);
  const before = await count.settled();
  const errors: string[] = [];
  const children: ChildProcess[] = [];
  const exits: Promise<number | null>[] = [];
  for (const topic of topics) {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '0', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => errors.push(`${topic}: ${chunk.toString().trim()}`));
    // EPIPE if a publisher died: its exit code reports it, the feed must not crash.
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
  }
  return {
    inputs: children.map((child) => child.stdin!),
    async finish(written, timeoutMs) {
      try {
        // The input ends only once the broker has it all: mosquitto_pub drops what it still
        // queues when its input ends.
        await count.reach(before + written, 5_000, timeoutMs);
        for (const child of children) child.stdin?.end();
        // Bounded: a publisher that cannot get its input out in time is reported, then killed.
        const codes = await withTimeout(Promise.all(exits), timeoutMs, undefined);
        if (codes === undefined) {
          for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
          throw new Error(`mosquitto_pub did not finish within ${timeoutMs / 1000} s of its last input: ${errors.slice(0, 5).join('; ')}`);
        }
        const failed = codes.filter((code) => code !== 0).length;
        if (failed > 0) throw new Error(`${failed} mosquitto_pub processes failed: ${errors.slice(0, 5).join('; ')}`);
        return (await count.settled()) - before;
      } finally {
        await count.close();
      }
    },
  };
}
