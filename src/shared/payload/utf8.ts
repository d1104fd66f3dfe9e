// Our own UTF-8 codec because src/shared compiles without DOM or Node types, so neither
// TextEncoder nor Buffer exists here. Decoding follows the well-formed byte sequences of
// Unicode Table 3-7, which is exactly what MQTT requires of strings [MQTT-1.5.3-1].

const REPLACEMENT_CHARACTER = 0xfffd;
const INVALID = -1;

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

// Walks a JS string by code point. A lone surrogate has no UTF-8 form; like TextEncoder we
// substitute U+FFFD so encoding never throws. Callers that must refuse such strings (topic
// validation) check hasLoneSurrogate first.
function forEachCodePoint(text: string, visit: (codePoint: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      visit(0x10000 + ((unit - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00));
      i++;
    } else if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      visit(REPLACEMENT_CHARACTER);
    } else {
      visit(unit);
    }
  }
}

function encodedLength(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit)) {
      if (i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        i++;
      } else {
        return true;
      }
    } else if (isLowSurrogate(unit)) {
      return true;
    }
  }
  return false;
}

export function utf8ByteLength(text: string): number {
  let total = 0;
  forEachCodePoint(text, (codePoint) => {
    total += encodedLength(codePoint);
  });
  return total;
}

// Every runtime this code runs in (Node, Chromium) has TextEncoder; only its type is missing
// here. It substitutes U+FFFD for a lone surrogate just as forEachCodePoint does, and is several
// times faster than a loop in script, which counts when a whole file is published line by line.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
const encoder = new TextEncoder();

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

function continuation(bytes: Uint8Array, index: number, min = 0x80, max = 0xbf): number {
  const byte = bytes[index];
  return byte !== undefined && byte >= min && byte <= max ? byte & 0x3f : INVALID;
}

// Returns the code point starting at `index`, or INVALID. Because overlong forms are refused,
// the sequence length is implied by the code point, so callers advance by encodedLength().
// The narrowed second-byte ranges are what reject overlongs (E0, F0), encoded surrogates (ED)
// and values above U+10FFFF (F4); C0, C1 and F5..FF can never start a well-formed sequence.
function readCodePoint(bytes: Uint8Array, index: number): number {
  const lead = bytes[index];
  if (lead === undefined) return INVALID;
  if (lead < 0x80) return lead;
  if (lead >= 0xc2 && lead <= 0xdf) {
    const b1 = continuation(bytes, index + 1);
    return b1 === INVALID ? INVALID : ((lead & 0x1f) << 6) | b1;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    const min = lead === 0xe0 ? 0xa0 : 0x80;
    const max = lead === 0xed ? 0x9f : 0xbf;
    const b1 = continuation(bytes, index + 1, min, max);
    const b2 = continuation(bytes, index + 2);
    if (b1 === INVALID || b2 === INVALID) return INVALID;
    return ((lead & 0x0f) << 12) | (b1 << 6) | b2;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const min = lead === 0xf0 ? 0x90 : 0x80;
    const max = lead === 0xf4 ? 0x8f : 0xbf;
    const b1 = continuation(bytes, index + 1, min, max);
    const b2 = continuation(bytes, index + 2);
    const b3 = continuation(bytes, index + 3);
    if (b1 === INVALID || b2 === INVALID || b3 === INVALID) return INVALID;
    return ((lead & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
  }
  return INVALID;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  return firstInvalidUtf8(bytes) === -1;
}

/** Offset of the first byte that does not start a well-formed sequence, or -1 when all are valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const codePoint = readCodePoint(bytes, i);
    if (codePoint === INVALID) return i;
    i += encodedLength(codePoint);
  }
  return -1;
}

// Flushing in chunks keeps String.fromCharCode's argument list well under engine limits
// for multi-megabyte payloads.
const FLUSH_AT = 8192;

// A leading U+FEFF is kept, not stripped: MQTT says a BOM must not be skipped by a receiver
// [MQTT-1.5.3-3], and the workbench shows what was actually sent.
export function utf8DecodeStrict(bytes: Uint8Array): string | null {
  const parts: string[] = [];
  let units: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const codePoint = readCodePoint(bytes, i);
    if (codePoint === INVALID) return null;
    i += encodedLength(codePoint);
    if (codePoint >= 0x10000) {
      const offset = codePoint - 0x10000;
      units.push(0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff));
    } else {
      units.push(codePoint);
    }
    if (units.length >= FLUSH_AT) {
      parts.push(String.fromCharCode(...units));
      units = [];
    }
  }
  parts.push(String.fromCharCode(...units));
  return parts.join('');
}
