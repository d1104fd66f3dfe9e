import { readFileSync } from 'node:fs';

/** This process's memory after full GCs, in bytes. Needs `--expose-gc` (bench/vitest.config.ts passes it). */
export type Settled = {
  /** What JS keeps alive: the V8 heap in use plus memory owned by JS objects outside it. */
  live: number;
  heapUsed: number;
  /** Includes every ArrayBuffer's bytes (process.memoryUsage's arrayBuffers is a part of it, not extra). */
  external: number;
  rss: number;
};

export function settledMemory(): Settled {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('gc() is not exposed: run the bench with --expose-gc (bench/vitest.config.ts sets it)');
  // Twice: the first pass can leave work (finalizers, weak callbacks) that frees more in the second.
  gc();
  gc();
  const usage = process.memoryUsage();
  return { live: usage.heapUsed + usage.external, heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss };
}

/** The highest RSS this process reached (VmHWM), in bytes; undefined off Linux. */
export function peakRss(): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
