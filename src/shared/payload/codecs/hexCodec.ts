import { fail, ok, type PayloadCodec } from './codec';

const DIGITS = '0123456789abcdef';

/** Hex pairs, 16 to a line. */
export function toHex(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let line = 0; line < bytes.length; line += 16) {
    const pairs: string[] = [];
    for (const byte of bytes.subarray(line, line + 16)) pairs.push(DIGITS[byte >> 4]! + DIGITS[byte & 15]!);
    lines.push(pairs.join(' '));
  }
  return lines.join('\n');
}

/** Bytes as hex pairs; input may use any case, spaces, newlines and a 0x prefix. */
export const hexCodec: PayloadCodec = {
  format: 'hex',
  label: 'Hex',
  decode: (bytes) => ok(toHex(bytes)),
  encode(text) {
    const body = text.trim().replace(/^0x/i, '');
    const offset = text.indexOf(body);
    const nibbles: number[] = [];
    for (let i = 0; i < body.length; i += 1) {
      const char = body[i]!;
      if (/\s/.test(char)) continue;
      const value = DIGITS.indexOf(char.toLowerCase());
      if (value === -1) return fail(`Not hex: "${char}" at character ${offset + i + 1}`);
      nibbles.push(value);
    }
    if (nibbles.length % 2 === 1) return fail(`Not hex: an odd number of digits (${nibbles.length}); each byte takes two`);
    const bytes = new Uint8Array(nibbles.length / 2);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
    return ok(bytes);
  },
};
