import { utf8DecodeStrict } from './utf8';

/**
 * Numbers the chart can plot from one payload: "" for a payload that is itself a number, and
 * dotted paths ("sensor.temp") for numeric fields of a JSON object.
 */
export function numericFields(payload: Uint8Array): Map<string, number> {
  const fields = new Map<string, number>();
  const text = utf8DecodeStrict(payload)?.trim();
  if (!text) return fields;
  const plain = Number(text);
  if (Number.isFinite(plain)) {
    fields.set('', plain);
    return fields;
  }
  if (!text.startsWith('{')) return fields;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fields;
  }
  const visit = (value: unknown, path: string, depth: number) => {
    if (typeof value === 'number' && Number.isFinite(value)) fields.set(path, value);
    else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
      for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  visit(json, '', 0);
  return fields;
}
