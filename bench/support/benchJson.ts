import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Writes `sections` into the BENCH_JSON file, keeping what other bench files wrote there first
 * (bench files run one after another, so read-merge-write does not race). An unreadable file is
 * replaced rather than failing the run: the measurement is still worth keeping.
 */
export function mergeBenchJson(file: string, sections: Record<string, unknown>): void {
  let existing: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) existing = parsed as Record<string, unknown>;
    } catch {
      existing = {};
    }
  }
  writeFileSync(file, JSON.stringify({ ...existing, ...sections }, null, 2));
}
