import { describe, it, expect } from 'vitest';
import { isValidUtf8, utf8ByteLength, utf8DecodeStrict, utf8Encode } from '../../src/shared/payload/utf8';
import { formatHex, payloadPreview } from '../../src/shared/payload/preview';
import { mulberry32 } from '../support/random';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

// Deterministic so a failure reproduces.
const prng = mulberry32;

describe('utf8Encode', () => {
  it.each<[string, number[]]>([
    ['A', [0x41]],
    ['\u007f', [0x7f]],
    ['\u0080', [0xc2, 0x80]],
    ['é', [0xc3, 0xa9]],
    ['\u07ff', [0xdf, 0xbf]],
    ['\u0800', [0xe0, 0xa0, 0x80]],
    ['€', [0xe2, 0x82, 0xac]],
    ['\uffff', [0xef, 0xbf, 0xbf]],
    ['\u{10000}', [0xf0, 0x90, 0x80, 0x80]],
    ['😀', [0xf0, 0x9f, 0x98, 0x80]],
    ['\u{10ffff}', [0xf4, 0x8f, 0xbf, 0xbf]],
  ])('encodes %j at the sequence-length boundaries', (text, expected) => {
    expect(Array.from(utf8Encode(text))).toEqual(expected);
  });

  it('agrees with Node for mixed text', () => {
    const text = 'Grüße, 世界! 😀🇩🇪 \u0000\t\ufeff tail';
    expect(Array.from(utf8Encode(text))).toEqual(Array.from(Buffer.from(text, 'utf8')));
  });

  it('[MQTT-1.5.3-1] substitutes U+FFFD for an unpaired surrogate instead of emitting encoded surrogates', () => {
    expect(Array.from(utf8Encode('a\ud83d'))).toEqual([0x61, 0xef, 0xbf, 0xbd]);
    expect(Array.from(utf8Encode('\ude00b'))).toEqual([0xef, 0xbf, 0xbd, 0x62]);
  });
});

describe('utf8ByteLength', () => {
  it('counts bytes, not UTF-16 units', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('aé€😀')).toBe(10);
    expect(utf8ByteLength('😀'.repeat(3))).toBe(12);
  });

  it('agrees with the encoder, including for unpaired surrogates', () => {
    for (const text of ['Grüße 😀', 'x\ud83d', '\udc00\ud800']) {
      expect(utf8ByteLength(text)).toBe(utf8Encode(text).length);
    }
  });
});

describe('utf8DecodeStrict', () => {
  it('round-trips text including emoji and every sequence length', () => {
    const text = 'plain ASCII, Grüße, 世界, 😀👩‍👩‍👧 🇩🇪, \u0000 \u07ff \u0800 \uffff \u{10000} \u{10ffff}';
    expect(utf8DecodeStrict(utf8Encode(text))).toBe(text);
  });

  it('round-trips a multi-megabyte payload', () => {
    const text = 'ab😀€'.repeat(200_000);
    expect(utf8DecodeStrict(utf8Encode(text))).toBe(text);
  });

  it('decodes the empty buffer to the empty string', () => {
    expect(utf8DecodeStrict(new Uint8Array(0))).toBe('');
  });

  it('[MQTT-1.5.3-3] keeps a leading byte order mark', () => {
    expect(utf8DecodeStrict(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('\ufeffa');
  });

  it.each<[string, number[], string]>([
    ['last code point before the surrogates', [0xed, 0x9f, 0xbf], '\ud7ff'],
    ['first code point after the surrogates', [0xee, 0x80, 0x80], '\ue000'],
    ['highest code point', [0xf4, 0x8f, 0xbf, 0xbf], '\u{10ffff}'],
    ['smallest 3-byte form', [0xe0, 0xa0, 0x80], '\u0800'],
    ['smallest 4-byte form', [0xf0, 0x90, 0x80, 0x80], '\u{10000}'],
  ])('accepts the %s', (_name, input, expected) => {
    expect(utf8DecodeStrict(bytes(...input))).toBe(expected);
  });

  it.each<[string, number[]]>([
    ['overlong NUL C0 80', [0xc0, 0x80]],
    ['overlong C1 BF', [0xc1, 0xbf]],
    ['overlong 3-byte E0 80 80', [0xe0, 0x80, 0x80]],
    ['overlong 3-byte E0 9F BF', [0xe0, 0x9f, 0xbf]],
    ['overlong 4-byte F0 8F BF BF', [0xf0, 0x8f, 0xbf, 0xbf]],
    ['lone continuation byte', [0x80]],
    ['continuation byte after ASCII', [0x61, 0xbf, 0x62]],
    ['encoded high surrogate ED A0 80', [0xed, 0xa0, 0x80]],
    ['encoded low surrogate ED BF BF', [0xed, 0xbf, 0xbf]],
    ['encoded surrogate pair', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]],
    ['U+110000', [0xf4, 0x90, 0x80, 0x80]],
    ['lead byte F5', [0xf5, 0x80, 0x80, 0x80]],
    ['byte FF', [0xff]],
    ['byte FE', [0xfe]],
    ['truncated 2-byte sequence', [0xc3]],
    ['truncated 3-byte sequence', [0xe2, 0x82]],
    ['truncated 4-byte sequence', [0xf0, 0x9f, 0x98]],
    ['truncated sequence mid-string', [0x61, 0xe2, 0x82, 0x62]],
    ['lead byte followed by a lead byte', [0xc3, 0xc3, 0xa9]],
  ])('[MQTT-1.5.3-1] rejects %s', (_name, input) => {
    expect(utf8DecodeStrict(bytes(...input))).toBeNull();
    expect(isValidUtf8(bytes(...input))).toBe(false);
  });

  it('agrees with a fatal WHATWG decoder on random bytes', () => {
    const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const random = prng(0x5eed);
    // Bias towards bytes that start or continue sequences so most cases are near-valid.
    const pool = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    let valid = 0;
    for (let round = 0; round < 5_000; round++) {
      const input = new Uint8Array(1 + Math.floor(random() * 6));
      for (let i = 0; i < input.length; i++) input[i] = pool[Math.floor(random() * pool.length)] ?? 0;
      let expected: string | null;
      try {
        expected = reference.decode(input);
      } catch {
        expected = null;
      }
      if (expected !== null) valid++;
      expect(utf8DecodeStrict(input), `bytes ${formatHex(input)}`).toBe(expected);
      expect(isValidUtf8(input)).toBe(expected !== null);
    }
    // Guards against a generator that only ever produces invalid input.
    expect(valid).toBeGreaterThan(100);
  });
});

describe('payloadPreview', () => {
  const text = (value: string): Uint8Array => utf8Encode(value);

  it('reports an empty payload as empty', () => {
    expect(payloadPreview(new Uint8Array(0))).toEqual({ kind: 'empty', text: '', truncated: false });
  });

  it('shows valid UTF-8 as text', () => {
    expect(payloadPreview(text('{"temp": 21.5} 😀'))).toEqual({ kind: 'text', text: '{"temp": 21.5} 😀', truncated: false });
  });

  it('keeps tabs and shows other control characters as control pictures', () => {
    expect(payloadPreview(text('a\tb\nc\r\n\u0000\u001b\u007f')).text).toBe('a\tb␊c␍␊␀␛␡');
  });

  it('escapes invisible and bidi-reordering characters', () => {
    expect(payloadPreview(text('abc\u202edef')).text).toBe('abc\\u202edef');
    expect(payloadPreview(text('\u0085\u2028\ufeffx')).text).toBe('\\u0085\\u2028\\ufeffx');
  });

  it('truncates text at 200 characters by default', () => {
    const preview = payloadPreview(text('a'.repeat(300)));
    expect(preview).toEqual({ kind: 'text', text: 'a'.repeat(200), truncated: true });
    expect(payloadPreview(text('a'.repeat(200)))).toEqual({ kind: 'text', text: 'a'.repeat(200), truncated: false });
  });

  it('truncates by characters, never splitting an emoji', () => {
    expect(payloadPreview(text('😀'.repeat(10)), 5)).toEqual({ kind: 'text', text: '😀'.repeat(5), truncated: true });
    expect(payloadPreview(text('é'.repeat(250)), 200)).toEqual({ kind: 'text', text: 'é'.repeat(200), truncated: true });
    expect(payloadPreview(text('€'.repeat(7)), 7)).toEqual({ kind: 'text', text: '€'.repeat(7), truncated: false });
  });

  it('decodes only whole characters when the payload is much longer than the preview', () => {
    // 'a' shifts every emoji off a 4-byte boundary, so the decoding window ends mid-emoji.
    expect(payloadPreview(text('a' + '😀'.repeat(10)), 3)).toEqual({ kind: 'text', text: 'a😀😀', truncated: true });
  });

  it('never cuts an escape in half', () => {
    expect(payloadPreview(text('abcd\u202e'), 6)).toEqual({ kind: 'text', text: 'abcd', truncated: true });
    expect(payloadPreview(text('abcd\u202e'), 10)).toEqual({ kind: 'text', text: 'abcd\\u202e', truncated: false });
  });

  it.each<[string, number[], string]>([
    ['arbitrary binary', [0xde, 0xad, 0xbe, 0xef], 'de ad be ef'],
    ['overlong C0 80', [0xc0, 0x80], 'c0 80'],
    ['lone continuation byte', [0x80], '80'],
    ['encoded surrogate ED A0 80', [0xed, 0xa0, 0x80], 'ed a0 80'],
    ['truncated sequence', [0x68, 0x69, 0xe2, 0x82], '68 69 e2 82'],
  ])('shows %s as hex', (_name, input, expected) => {
    expect(payloadPreview(bytes(...input))).toEqual({ kind: 'hex', text: expected, truncated: false });
  });

  it('shows a payload as hex when invalid UTF-8 comes after a long valid prefix', () => {
    const input = new Uint8Array(1001);
    input.fill(0x61, 0, 1000);
    input[1000] = 0xff;
    const preview = payloadPreview(input);
    expect(preview.kind).toBe('hex');
    expect(preview.text.startsWith('61 61 61')).toBe(true);
  });

  it('truncates hex at maxChars without cutting a byte', () => {
    const input = new Uint8Array(100).fill(0xff);
    expect(payloadPreview(input, 11)).toEqual({ kind: 'hex', text: 'ff ff ff ff', truncated: true });
    expect(payloadPreview(input, 13)).toEqual({ kind: 'hex', text: 'ff ff ff ff', truncated: true });
    expect(payloadPreview(input).text).toHaveLength(200);
    expect(payloadPreview(bytes(0xff, 0xfe, 0xfd, 0xfc), 11)).toEqual({ kind: 'hex', text: 'ff fe fd fc', truncated: false });
  });
});

describe('formatHex', () => {
  it('writes lowercase, zero-padded, space-separated bytes', () => {
    expect(formatHex(bytes(0x00, 0x0f, 0xab, 0xff))).toBe('00 0f ab ff');
  });

  it('stops after max bytes', () => {
    expect(formatHex(bytes(0x00, 0x0f, 0xab), 2)).toBe('00 0f');
    expect(formatHex(bytes(0x00, 0x0f, 0xab), 0)).toBe('');
  });
});
