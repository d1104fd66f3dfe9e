// One-line previews for the message log. A preview is for reading, not for round-tripping:
// the full payload is always available in the detail view.
//
// Text rendering (valid UTF-8):
//   - Tab is kept as is.
//   - Other C0 controls and DEL become their Unicode Control Pictures (LF → ␊, CR → ␍,
//     NUL → ␀, DEL → ␡), so a multi-line payload stays on one row yet keeps its shape.
//   - C1 controls, line/paragraph separators, bidi controls and U+FEFF become `\uXXXX`: they
//     are invisible or, for bidi overrides, would reorder the rest of the row on screen.
// Anything that is not valid UTF-8 is shown as lowercase hex bytes ("de ad be ef").

import { isValidUtf8, utf8DecodeStrict } from './utf8';

export interface PayloadPreview {
  kind: 'text' | 'hex' | 'empty';
  text: string;
  // True when the payload holds more than `text` shows; the view adds its own ellipsis.
  truncated: boolean;
}

const CONTROL_PICTURES_BASE = 0x2400;
const SYMBOL_FOR_DELETE = '\u2421';
const MAX_UTF8_BYTES_PER_CODE_POINT = 4;

function needsEscape(cp: number): boolean {
  return (
    (cp >= 0x80 && cp <= 0x9f) ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0xfeff
  );
}

function renderCodePoint(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  if (cp === 0x09) return char;
  if (cp < 0x20) return String.fromCharCode(CONTROL_PICTURES_BASE + cp);
  if (cp === 0x7f) return SYMBOL_FOR_DELETE;
  if (needsEscape(cp)) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return char;
}

export function formatHex(bytes: Uint8Array, maxBytes: number = bytes.length): string {
  const count = Math.min(bytes.length, Math.max(0, Math.floor(maxBytes)));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push((bytes[i] ?? 0).toString(16).padStart(2, '0'));
  }
  return parts.join(' ');
}

// Only as many bytes as can fill `limit` characters get decoded, so previewing a large payload
// costs one validation pass instead of building the whole string. The cut is moved back onto
// a sequence boundary so the strict decoder never sees a truncated sequence.
function textPreview(bytes: Uint8Array, limit: number): PayloadPreview {
  let cut = Math.min(bytes.length, limit * MAX_UTF8_BYTES_PER_CODE_POINT);
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  const decoded = utf8DecodeStrict(bytes.subarray(0, cut)) ?? '';

  let text = '';
  let shown = 0;
  let stoppedEarly = false;
  // for...of walks code points, so an emoji is one character and is never split.
  for (const char of decoded) {
    const rendered = renderCodePoint(char);
    const width = rendered === char ? 1 : rendered.length;
    if (shown + width > limit) {
      stoppedEarly = true;
      break;
    }
    text += rendered;
    shown += width;
  }
  return { kind: 'text', text, truncated: stoppedEarly || cut < bytes.length };
}

export function payloadPreview(bytes: Uint8Array, maxChars = 200): PayloadPreview {
  if (bytes.length === 0) return { kind: 'empty', text: '', truncated: false };
  const limit = Number.isNaN(maxChars) ? 0 : Math.max(0, Math.floor(maxChars));
  if (isValidUtf8(bytes)) return textPreview(bytes, limit);
  // "xx" per byte plus one separator between bytes.
  const fit = Math.floor((limit + 1) / 3);
  return { kind: 'hex', text: formatHex(bytes, fit), truncated: bytes.length > fit };
}
