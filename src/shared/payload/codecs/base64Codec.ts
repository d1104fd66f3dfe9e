import { fail, ok, type PayloadCodec } from './codec';

// Our own because src/shared has neither Buffer nor btoa/atob (no Node or DOM types here).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2]! + ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out += b1 === undefined ? '=' : ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out += b2 === undefined ? '=' : ALPHABET[b2 & 63]!;
  }
  return out;
}

/** Standard or URL-safe alphabet, padding optional, whitespace ignored. */
export function fromBase64(text: string): { ok: true; value: Uint8Array } | { ok: false; error: string } {
  const sextets: number[] = [];
  let padding = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (/\s/.test(char)) continue;
    if (char === '=') {
      padding += 1;
      continue;
    }
    const value = char === '-' ? 62 : char === '_' ? 63 : ALPHABET.indexOf(char);
    if (value === -1 || padding > 0) return fail(`Not base64: "${char}" at character ${i + 1}`);
    sextets.push(value);
  }
  if (sextets.length % 4 === 1 || padding > 2) return fail('Not base64: the text ends in the middle of a byte');
  const bytes = new Uint8Array(Math.floor((sextets.length * 6) / 8));
  let bits = 0;
  let buffer = 0;
  let at = 0;
  for (const sextet of sextets) {
    buffer = (buffer << 6) | sextet;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
  }
  return ok(bytes);
}

export const base64Codec: PayloadCodec = {
  format: 'base64',
  label: 'Base64',
  decode: (bytes) => ok(toBase64(bytes)),
  encode: fromBase64,
};
