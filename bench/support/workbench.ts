import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BenchWorkbench = {
  /** The UI's URL exactly as printed, token included. */
  url: string;
  /** The server process (node out/main/server.js) itself: its RSS is the engine's memory. */
  pid: number;
  /** Resident set size of the server process in MiB, from /proc (Linux only). */
  rssMb(): Promise<number | undefined>;
  alive(): boolean;
  /** Everything the server printed, for the report when something looks wrong. */
  output(): string;
  stop(): Promise<void>;
};

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Browser mode as a user starts it (the built app), but with `--no-broker`: the bench measures
 * QoScope against Debian mosquitto, and the embedded broker would only compete for CPU. A fresh
 * data folder per start, so no saved connection from another run appears in the list.
 */
export async function startBenchWorkbench(): Promise<BenchWorkbench> {
  const entry = join(root, 'out/main/server.js');
  if (!existsSync(entry)) throw new Error('out/main/server.js is missing: run `npx electron-vite build` first');
  const dataDir = await mkdtemp(join(tmpdir(), 'qoscope-bench-data-'));
  const child: ChildProcess = spawn(process.execPath, [entry, '--port', '0', '--broker-port', '0', '--broker-ws-port', '0', '--no-broker', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Keep only the tail: a chatty server must not grow the bench's own memory without bound.
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 256 * 1024) output = output.slice(-256 * 1024);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not print its URL within 15 s:\n${output}`)), 15_000);
    const check = () => {
      const found = /QoScope \(browser mode\) is at (\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code}:\n${output}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('browser mode has no pid');

  return {
    url,
    pid,
    rssMb: async () => {
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
        return kb === undefined ? undefined : Number(kb) / 1024;
      } catch {
        return undefined; // gone, or not Linux
      }
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
