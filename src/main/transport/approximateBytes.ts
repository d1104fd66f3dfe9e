/**
 * Roughly how many bytes a value takes once serialised for a UI: exact for the binary parts
 * (where a live batch's weight is), an estimate for the rest. Enough to tell a UI that keeps up
 * from one that is megabytes behind, and cheap: it looks at a live batch's few fields, not at
 * its messages one by one.
 */
export function approximateBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return value.length + 4;
  if (typeof value !== 'object') return 8;
  if (ArrayBuffer.isView(value)) return value.byteLength + 8;
  if (value instanceof ArrayBuffer) return value.byteLength + 8;
  if (depth > 4) return 16;
  let total = 8;
  if (Array.isArray(value)) {
    // Long arrays of small values (rows): sample instead of walking every element.
    const sample = value.slice(0, 16);
    const sampled = sample.reduce((sum: number, item) => sum + approximateBytes(item, depth + 1), 0);
    return total + (sample.length === 0 ? 0 : (sampled / sample.length) * value.length);
  }
  for (const [key, item] of Object.entries(value)) total += key.length + approximateBytes(item, depth + 1);
  return total;
}
