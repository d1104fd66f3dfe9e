import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sleep } from './time';

/** The server's own account of its memory, from bench/support/memoryProbe.mjs (values in MiB). */
export type MemoryFigures = {
  rss_mb: number;
  heap_total_mb: number;
  heap_used_mb: number;
  /** Memory outside the JS heap that JS objects own; includes array_buffers_mb. */
  external_mb: number;
  array_buffers_mb: number;
  spaces: Record<string, { size_mb: number; used_mb: number }>;
};
export type MemoryReport = { before_gc: MemoryFigures; after_gc: MemoryFigures; snapshot: string | null };

export type BenchWorkbench = {
  /** The UI's URL exactly as printed, token included. */
  url: string;
  /** The server process (node out/main/server.js) itself: its RSS is the engine's memory. */
  pid: number;
  /** Resident set size of the server process in MiB, from /proc (Linux only). */
  rssMb(): Promise<number | undefined>;
  /** The highest RSS the server process reached since it started (VmHWM), in MiB. */
  peakRssMb(): Promise<number | undefined>;
  /**
   * Where the server's memory is (heap, spaces, external), before and after a full GC it runs
   * itself. Call it after reading RSS: the GC changes what RSS reads afterwards.
   */
  memory(): Promise<MemoryReport | undefined>;
  alive(): boolean;
  /** Everything the server printed, for the report when something looks wrong. */
  output(): string;
  stop(): Promise<void>;
};

const root = fileURLToPath(new URL('../..', import.meta.url));

const memoryProbe = pathToFileURL(join(root, 'bench/support/memoryProbe.mjs')).href;

/** One `Vm…:` line of /proc/<pid>/status in MiB; undefined once the process is gone (or not Linux). */
async function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Browser mode as a user starts it (the built app), but with `--no-broker`: the bench measures
 * QoScope against Debian mosquitto, and the embedded broker would only compete for CPU. A fresh
 * data folder per start, so no saved connection from another run appears in the list.
 *
 * The one addition is the memory probe (`--import`, `--expose-gc`), which does nothing until the
 * bench asks for a memory report. BENCH_HEAPSNAPSHOT=folder makes each report write a heap
 * snapshot there too. BENCH_ENGINE_FLAGS adds Node/V8 flags (e.g. "--optimize-for-size") to try
 * how they change the engine's memory and speed.
 */
export async function startBenchWorkbench(): Promise<BenchWorkbench> {
  const entry = join(root, 'out/main/server.js');
  if (!existsSync(entry)) throw new Error('out/main/server.js is missing: run `npx electron-vite build` first');
  const dataDir = await mkdtemp(join(tmpdir(), 'qoscope-bench-data-'));
  const memoryFile = join(dataDir, 'bench-memory.json');
  const engineFlags = process.env.BENCH_ENGINE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const args = [...engineFlags, '--expose-gc', '--import', memoryProbe, entry, '--port', '0', '--broker-port', '0', '--broker-ws-port', '0', '--no-broker', '--data-dir', dataDir];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QOSCOPE_BENCH_MEMORY_FILE: memoryFile, QOSCOPE_BENCH_HEAPSNAPSHOT: process.env.BENCH_HEAPSNAPSHOT ?? '' },
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
    rssMb: () => procStatusMb(pid, 'VmRSS'),
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    memory: async () => {
      await rm(memoryFile, { force: true });
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      child.kill('SIGUSR2');
      // A heap snapshot of a large heap takes seconds; a plain report, milliseconds.
      const deadline = Date.now() + (process.env.BENCH_HEAPSNAPSHOT ? 120_000 : 15_000);
      while (Date.now() < deadline) {
        try {
          return JSON.parse(await readFile(memoryFile, 'utf8')) as MemoryReport;
        } catch {
          await sleep(100);
        }
      }
      return undefined;
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
