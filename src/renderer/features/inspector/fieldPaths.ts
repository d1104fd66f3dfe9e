import type { Field } from '../../../shared/inspector/packets/types';

/** A field's position in the tree, e.g. "0.2.1", so selection survives re-decoding. */
export type FieldPath = string;

export function fieldAt(fields: readonly Field[], path: FieldPath | undefined): Field | undefined {
  if (path === undefined) return undefined;
  let level: readonly Field[] | undefined = fields;
  let found: Field | undefined;
  for (const part of path.split('.')) {
    found = level?.[Number(part)];
    level = found?.children;
  }
  return found;
}

/** The deepest field whose bytes include `offset`: what a click on a byte means. */
export function deepestFieldAt(fields: readonly Field[], offset: number, prefix = ''): FieldPath | undefined {
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i];
    if (!field || offset < field.start || offset >= field.end) continue;
    const path = prefix === '' ? String(i) : `${prefix}.${i}`;
    return (field.children && deepestFieldAt(field.children, offset, path)) ?? path;
  }
  return undefined;
}

/** Every ancestor path of `path`, so the tree can expand down to a selected field. */
export function ancestorsOf(path: FieldPath): FieldPath[] {
  const parts = path.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}
