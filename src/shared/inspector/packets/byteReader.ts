// Reads MQTT's data types (MQTT 5.0 §1.5, 3.1.1 §1.5) out of one frame and records each as a
// Field with its exact byte range, so every decoder gets offsets right by construction.

import { formatHex, payloadPreview } from '../../payload/preview';
import { utf8DecodeStrict } from '../../payload/utf8';
import { readRemainingLength } from './framer';
import type { ProtocolVersion } from '../../domain/profile';
import type { ClosingProblem, Direction, Field } from './types';

/**
 * Thrown to stop decoding at the current offset. `reported` is true when the thrower already put
 * the problem on a field; the rest of the bytes are then shown without repeating it.
 */
export class DecodeStop extends Error {
  constructor(
    readonly kind: 'truncated' | 'unparseable',
    readonly reason: string,
    readonly reported = false,
  ) {
    super(reason);
  }
}

export type Read<T> = { field: Field; value: T };

const PREVIEW_CHARS = 200;

/** Payload-style preview: text when it is UTF-8, otherwise hex; "…" when there is more. */
export function previewBytes(bytes: Uint8Array): string {
  const preview = payloadPreview(bytes, PREVIEW_CHARS);
  if (preview.kind === 'empty') return '(empty)';
  return preview.truncated ? `${preview.text}…` : preview.text;
}

const HEX_PREVIEW_BYTES = 64;

/**
 * For Binary Data that is not a message payload (correlation data, authentication data): text
 * only when it reads as text, since bytes like 01 02 03 are valid UTF-8 but mean nothing as
 * control pictures.
 */
export function previewBinary(bytes: Uint8Array): string {
  const textLike = bytes.every((byte) => byte >= 0x20 ? byte !== 0x7f : byte === 0x09 || byte === 0x0a || byte === 0x0d);
  if (textLike) return previewBytes(bytes);
  const hex = formatHex(bytes, HEX_PREVIEW_BYTES);
  return bytes.length > HEX_PREVIEW_BYTES ? `${hex}…` : hex;
}

export function hex2(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
}

export function bits(value: number, width: number): string {
  return `0b${value.toString(2).padStart(width, '0')}`;
}

export class ByteReader {
  offset: number;
  end: number;
  /** Decides which edition's clause numbers and rules apply; CONNECT may change it. */
  version: ProtocolVersion;
  readonly problems: string[] = [];
  /** The first problem that obliges the receiver to close the connection. */
  closing: ClosingProblem | undefined;
  private container: Field[];

  /** `direction` ('in' = the server sent it), when known, picks clauses that differ by sender. */
  constructor(
    readonly bytes: Uint8Array,
    version: ProtocolVersion,
    root: Field[],
    readonly direction?: Direction,
  ) {
    this.offset = 0;
    this.end = bytes.length;
    this.version = version;
    this.container = root;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** The 3.1.1 clause for levels 3 and 4, the 5.0 one for level 5 (they are numbered apart). */
  cite(v311: string, v5: string): string {
    return this.version === 5 ? v5 : v311;
  }

  // ---- fields and problems ----

  add(name: string, start: number, end: number, value: string): Field {
    const field: Field = { name, value, start, end };
    this.container.push(field);
    return field;
  }

  /** A field whose children are read by `body`; its range follows the reader even if `body` stops. */
  group(name: string, body: (field: Field) => void): Field {
    const children: Field[] = [];
    const field: Field = { name, value: '', start: this.offset, end: this.offset, children };
    this.container.push(field);
    const outer = this.container;
    this.container = children;
    try {
      body(field);
    } finally {
      this.container = outer;
      field.end = Math.max(field.start, this.offset);
    }
    return field;
  }

  /**
   * A protocol rule broken by an otherwise readable field. `closes` marks the rules whose breach
   * obliges the receiver to close the connection; the others are shown and tolerated.
   */
  flag(field: Field, text: string, closes?: ClosingProblem['reasonCode']): void {
    const problem = `${field.name}: ${text}`;
    this.report(field, text, problem, closes && { reasonCode: closes, problem });
  }

  /** Bytes that cannot be read as the protocol says: the packet is malformed, and closes. */
  malformed(field: Field, text: string): void {
    this.report(field, text, `Malformed: ${text}`, { reasonCode: 0x81, problem: text });
  }

  private report(field: Field, text: string, problem: string, closing: ClosingProblem | undefined): void {
    field.problem = field.problem ? `${field.problem}; ${text}` : text;
    this.problems.push(problem);
    this.closing ??= closing;
  }

  /** Ends decoding of the current range: what is left becomes one field carrying the reason. */
  stop(stop: DecodeStop): void {
    const rest = this.remaining;
    if (!stop.reported) {
      const name = stop.kind === 'truncated' ? 'Truncated' : 'Unparsed bytes';
      this.malformed(this.add(name, this.offset, this.end, `${rest} B`), stop.reason);
    } else if (rest > 0) {
      this.add('Unparsed bytes', this.offset, this.end, `${rest} B`).problem = 'Not decoded: follows a malformed field';
    }
    this.offset = this.end;
  }

  /** Runs `body` with reads limited to `end` (a property block inside the packet). */
  within(end: number, body: () => void): void {
    const outer = this.end;
    this.end = end;
    try {
      body();
    } finally {
      this.end = outer;
    }
  }

  // ---- primitive reads ----

  private need(count: number, what: string): void {
    if (count > this.remaining) {
      throw new DecodeStop('truncated', `${what} needs ${count} B but only ${this.remaining} B remain`);
    }
  }

  peek(): number | undefined {
    return this.offset < this.end ? this.bytes[this.offset] : undefined;
  }

  private number(byteCount: number, what: string): number {
    this.need(byteCount, what);
    let value = 0;
    for (let i = 0; i < byteCount; i++) value = value * 256 + (this.bytes[this.offset + i] ?? 0);
    this.offset += byteCount;
    return value;
  }

  // ---- typed fields ----

  private numberField(byteCount: number, name: string, describe: (value: number) => string): Read<number> {
    const start = this.offset;
    const value = this.number(byteCount, name);
    return { field: this.add(name, start, this.offset, describe(value)), value };
  }

  byte(name: string, describe: (value: number) => string = String): Read<number> {
    return this.numberField(1, name, describe);
  }

  twoByte(name: string, describe: (value: number) => string = String): Read<number> {
    return this.numberField(2, name, describe);
  }

  fourByte(name: string, describe: (value: number) => string = String): Read<number> {
    return this.numberField(4, name, describe);
  }

  /** One byte of bit fields: `body` adds a child per bit (or group of bits) over the same byte. */
  bitField(name: string, body: (value: number, start: number, field: Field) => void): Read<number> {
    const start = this.offset;
    this.need(1, name);
    const value = this.bytes[start] ?? 0;
    const field = this.group(name, (group) => {
      group.value = hex2(value);
      this.offset = start + 1;
      body(value, start, group);
    });
    return { field, value };
  }

  /** Variable Byte Integer (§1.5.5); more than four bytes leaves the rest unreadable. */
  variable(name: string, describe: (value: number) => string = String): Read<number> {
    const start = this.offset;
    const read = readRemainingLength(this.bytes, this.offset, this.end);
    if (read === undefined) {
      throw new DecodeStop('truncated', `${name} (Variable Byte Integer) is cut off after ${this.remaining} B`);
    }
    if ('error' in read) {
      this.offset += 4;
      const field = this.add(name, start, this.offset, 'invalid');
      this.malformed(field, `${name}: Variable Byte Integer continues past 4 bytes (§1.5.5)`);
      throw new DecodeStop('unparseable', field.problem ?? '', true);
    }
    this.offset += read.length;
    const field = this.add(name, start, this.offset, describe(read.value));
    if (!read.minimal) {
      this.flag(field, `non-minimal encoding: ${read.length} bytes for ${read.value} [MQTT-1.5.5-1]`);
    }
    return { field, value: read.value };
  }

  /** A two-byte length then that many bytes (§1.5.6 Binary Data, and the body of a string). */
  private lengthPrefixed(name: string): { field: Field; data: Uint8Array } {
    const start = this.offset;
    const length = this.number(2, `${name} length`);
    const available = this.remaining;
    const end = start + 2 + Math.min(length, available);
    const field: Field = { name, value: '', start, end, children: [{ name: 'Length', value: String(length), start, end: start + 2 }] };
    this.container.push(field);
    this.offset = end;
    if (length > available) {
      field.value = `(cut off: ${available} of ${length} B)`;
      this.malformed(field, `${name} declares ${length} B but only ${available} B remain`);
      throw new DecodeStop('truncated', field.problem ?? '', true);
    }
    return { field, data: this.bytes.subarray(start + 2, end) };
  }

  /**
   * UTF-8 Encoded String (§1.5.4 in 5.0, §1.5.3 in 3.1.1). The value is undefined when the bytes
   * are not well-formed UTF-8; the field then shows them in hex.
   */
  utf8(name: string): Read<string | undefined> {
    const { field, data } = this.lengthPrefixed(name);
    const text = utf8DecodeStrict(data);
    if (text === null) {
      field.value = previewBytes(data);
      this.malformed(field, `${name} is not well-formed UTF-8 ${this.cite('[MQTT-1.5.3-1]', '[MQTT-1.5.4-1]')}`);
      return { field, value: undefined };
    }
    field.value = text.length === 0 ? '(empty)' : previewBytes(data);
    if (text.includes('\u0000')) {
      this.malformed(field, `${name} contains U+0000 ${this.cite('[MQTT-1.5.3-2]', '[MQTT-1.5.4-2]')}`);
    }
    return { field, value: text };
  }

  /** Binary Data (§1.5.6 in 5.0; the Will Message and Password of 3.1.1). */
  binary(name: string): Read<Uint8Array> {
    const { field, data } = this.lengthPrefixed(name);
    field.value = previewBytes(data);
    return { field, value: data };
  }

  /** The rest of the current range as one field (a PUBLISH payload). */
  rest(name: string): Read<Uint8Array> {
    const start = this.offset;
    const data = this.bytes.subarray(start, this.end);
    this.offset = this.end;
    return { field: this.add(name, start, this.end, previewBytes(data)), value: data };
  }
}
