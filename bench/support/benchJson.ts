import { existsSync, readFileSync, writeFileSync } from 'node:fs';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function read(file: string): Json {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isObject(parsed) ? parsed : {};
  } catch {
    // An unreadable file is replaced rather than failing the run: the measurement is still worth keeping.
    return {};
  }
}

/**
 * Writes `sections` into the BENCH_JSON file, keeping what other bench files wrote there first
 * (bench files run one after another, so read-merge-write does not race).
 */
export function mergeBenchJson(file: string, sections: Json): void {
  writeFileSync(file, JSON.stringify({ ...read(file), ...sections }, null, 2));
}

/**
 * Adds `fields` to one section written by another bench file (history's end-to-end numbers join
 * the store's): same-named fields are replaced, the `spread` of each is kept.
 */
export function mergeBenchSection(file: string, section: string, fields: Json): void {
  const all = read(file);
  const existing = isObject(all[section]) ? all[section] : {};
  const spread = { ...(isObject(existing.spread) ? existing.spread : {}), ...(isObject(fields.spread) ? fields.spread : {}) };
  const merged: Json = { ...existing, ...fields };
  if (Object.keys(spread).length > 0) merged.spread = spread;
  writeFileSync(file, JSON.stringify({ ...all, [section]: merged }, null, 2));
}
