import { fromBase64, toBase64 } from './base64Codec';

/**
 * CBOR and MessagePack carry more than JSON can: byte strings, big integers, non-string map
 * keys. They are shown as JSON with byte strings as {"$base64": "…"}, which encoding turns back
 * into bytes, so what the details pane shows can be edited and published again.
 */
const BYTES_KEY = '$base64';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return { [BYTES_KEY]: toBase64(value) };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const object: { [key: string]: JsonValue } = {};
  for (const [key, item] of entries) object[typeof key === 'string' ? key : JSON.stringify(toJsonValue(key))] = toJsonValue(item);
  return object;
}

/** The reverse of toJsonValue for what JSON.parse gives: {"$base64": …} objects become bytes. */
export function fromJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonValue);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === BYTES_KEY && typeof entries[0]![1] === 'string') {
    const bytes = fromBase64(entries[0]![1]);
    if (bytes.ok) return bytes.value;
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, fromJsonValue(item)]));
}
