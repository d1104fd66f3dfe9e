import type { Field } from './packets/types';

/**
 * A copy of the frame with secret fields (the CONNECT password) overwritten by '*', so the hex
 * pane and exports do not show what the field tree hides. The original is returned untouched
 * when there is nothing to hide.
 */
export function maskSecretBytes(bytes: Uint8Array, fields: readonly Field[]): Uint8Array {
  let masked: Uint8Array | undefined;
  const visit = (list: readonly Field[]) => {
    for (const field of list) {
      if (field.secret) {
        masked ??= new Uint8Array(bytes);
        masked.fill(0x2a, field.start, field.end);
      }
      if (field.children) visit(field.children);
    }
  };
  visit(fields);
  return masked ?? bytes;
}

export function hasSecretField(fields: readonly Field[]): boolean {
  return fields.some((field) => field.secret || (field.children !== undefined && hasSecretField(field.children)));
}
