/* global process */
// Loaded into the measured server with `node --import` (bench only, never shipped): on SIGUSR2 it
// writes where the process's memory is to QOSCOPE_BENCH_MEMORY_FILE, so the bench can say what
// dominates the engine's RSS without any hook in the app itself. With QOSCOPE_BENCH_HEAPSNAPSHOT
// set to a folder it also writes a heap snapshot there (slow: seconds for a large heap).
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';

const file = process.env.QOSCOPE_BENCH_MEMORY_FILE;
const snapshotDir = process.env.QOSCOPE_BENCH_HEAPSNAPSHOT;
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;

function breakdown() {
  const usage = process.memoryUsage();
  const spaces = {};
  for (const space of v8.getHeapSpaceStatistics()) {
    spaces[space.space_name] = { size_mb: mb(space.space_size), used_mb: mb(space.space_used_size) };
  }
  return {
    rss_mb: mb(usage.rss),
    heap_total_mb: mb(usage.heapTotal),
    heap_used_mb: mb(usage.heapUsed),
    external_mb: mb(usage.external),
    array_buffers_mb: mb(usage.arrayBuffers),
    spaces,
  };
}

if (file) {
  process.on('SIGUSR2', () => {
    const before = breakdown();
    // --expose-gc is passed with this probe: after a full GC, what is left is what is kept.
    globalThis.gc?.();
    const report = { before_gc: before, after_gc: breakdown(), snapshot: null };
    if (snapshotDir) report.snapshot = v8.writeHeapSnapshot(join(snapshotDir, `engine-${process.pid}-${Date.now()}.heapsnapshot`));
    // Written then renamed, so the bench never reads half a report.
    writeFileSync(`${file}.tmp`, JSON.stringify(report));
    renameSync(`${file}.tmp`, file);
  });
}
