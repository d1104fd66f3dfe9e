import { utf8Encode } from './utf8';

/** The bytes to look for: lower-cased text as UTF-8 (only ASCII letters are folded while searching). */
export function searchNeedle(text: string): Uint8Array {
  return utf8Encode(text.toLowerCase());
}

/**
 * True when `haystack` contains `needle`, with ASCII letters in the haystack compared as lower
 * case. Works on raw bytes, so binary payloads never need decoding and nothing is allocated.
 */
export function containsFolded(haystack: Uint8Array, needle: Uint8Array): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const first = needle[0]!;
  const last = haystack.length - n;
  outer: for (let i = 0; i <= last; i += 1) {
    if (fold(haystack[i]!) !== first) continue;
    for (let j = 1; j < n; j += 1) {
      if (fold(haystack[i + j]!) !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}

function fold(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte | 0x20 : byte;
}
